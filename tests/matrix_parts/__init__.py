"""Rows of the permission matrix, one module per area, merged by tests/test_permission_matrix.py.

A module here defines ``ROWS`` (``{(urlconf, url_name): Row}``) and may define
``objects(tenant, users) -> dict`` (the objects its URL arguments name, created in the world
fixture; ``users`` maps every role to its user) and ``snapshot(tenant) -> tuple`` (what a refused
request must leave unchanged). Every module of the package is picked up.
"""

import importlib
import pkgutil
from dataclasses import dataclass
from types import ModuleType

TENANT = "config.urls_tenant"
PUBLIC = "config.urls_public"
ANYONE = "anyone"


@dataclass(frozen=True)
class Row:
    minimum: str  # "anyone", a tenant role (and every stronger one), "operator" or "repairer"
    method: str = "get"
    kwargs: tuple[str, ...] = ()  # URL arguments from the `world` fixture ("pk=offer_id")


def parts() -> list[ModuleType]:
    return [importlib.import_module(f"{__name__}.{info.name}")
            for info in pkgutil.iter_modules(__path__)]
