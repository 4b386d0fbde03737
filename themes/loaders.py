"""Template loading per tenant (T4, TENANCY.md 1).

``TenantOverrideLoader`` looks in THEME_OVERRIDES_DIR/<tenant slug>/ before the default theme.
``SchemaCachedLoader`` is Django's cached loader with the current schema in every cache key, so a
template resolved for tenant A is never served to tenant B.
"""

from pathlib import Path

from django.conf import settings
from django.db import connection
from django.template.loaders.cached import Loader as CachedLoader
from django.template.loaders.filesystem import Loader as FilesystemLoader

from tenants.context import current_tenant


def _tenant_slug() -> str | None:
    tenant = current_tenant()
    return tenant.slug if tenant is not None else None


class TenantOverrideLoader(FilesystemLoader):
    def get_dirs(self) -> list[Path]:
        slug = _tenant_slug()
        if not slug:
            return []
        return [Path(settings.THEME_OVERRIDES_DIR) / slug]


class SchemaCachedLoader(CachedLoader):
    def cache_key(self, template_name, skip=None):  # type: ignore[no-untyped-def]
        return f"{connection.schema_name}:{super().cache_key(template_name, skip)}"
