"""Provisioning and migration costs, measured in-process against the bench database."""

import itertools
import statistics
import time

from django.core.management import call_command
from django.test.utils import override_settings

from bench.fillers import add_fillers
from tenants.actions import TenantRequest, provision_tenant
from tenants.models import Tenant

_serial = itertools.count(1)


def _request(prefix: str) -> TenantRequest:
    number = next(_serial)
    slug = f"{prefix}-{number}"
    return TenantRequest(
        name=f"Bench Shop {number}",
        slug=slug,
        domain=f"{slug}.bench.localhost",
        admin_email=f"manager@{slug}.bench.test",
    )


def provision(prefix: str) -> tuple[Tenant, float]:
    """One tenant through the real provisioning action; returns it and the seconds it took."""
    request = _request(prefix)
    started = time.perf_counter()
    tenant = provision_tenant(request, actor_email="bench")
    return tenant, time.perf_counter() - started


def provision_many(prefix: str, count: int) -> list[float]:
    return [provision(prefix)[1] for _ in range(count)]


def provision_by_migrations(count: int, prefix: str = "migrated") -> list[float]:
    """The same action with TENANT_CREATION_FAKES_MIGRATIONS off: the schema is built by running
    every tenant migration instead of cloning the template."""
    with override_settings(TENANT_CREATION_FAKES_MIGRATIONS=False):
        return provision_many(prefix, count)


def customer_tenants() -> int:
    return Tenant.objects.customer_facing().count()


def fill_to(total: int) -> tuple[int, float]:
    """Add filler tenants until there are ``total`` customer tenants; (created, seconds)."""
    missing = max(0, total - customer_tenants())
    return missing, add_fillers(missing)


def tenant_schemas() -> int:
    """Schemas migrate_schemas walks besides public: every tenant row, the template included."""
    return Tenant.objects.exclude(schema_name="public").count()


def migrate_noop() -> tuple[float, int]:
    """`migrate_schemas` with every schema up to date; (seconds, tenant schemas)."""
    schemas = tenant_schemas()
    started = time.perf_counter()
    call_command("migrate_schemas", interactive=False, verbosity=0)
    return time.perf_counter() - started, schemas


def median(values: list[float]) -> float:
    return round(statistics.median(values), 3)
