"""The tenant the current connection works for, always as a real Tenant row.

``schema_context()`` leaves a FakeTenant (schema name only) on the connection; code that needs the
tenant's brand, slug or domains asks here instead of reading ``connection.tenant`` directly.
"""

from django.db import connection

from .models import Tenant
from .schema_names import PUBLIC_SCHEMA


def current_schema() -> str:
    """The schema the default connection works in (django-tenants sets it on the wrapper)."""
    return str(getattr(connection, "schema_name", PUBLIC_SCHEMA))


def current_tenant() -> Tenant | None:
    """The current tenant, or None in the public schema."""
    schema = current_schema()
    if schema == PUBLIC_SCHEMA:
        return None
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Tenant) and tenant.schema_name == schema:
        return tenant
    tenant = Tenant.objects.select_related("brand").filter(schema_name=schema).first()
    if tenant is not None:
        setattr(connection, "tenant", tenant)  # noqa: B010 (not declared on the wrapper's type)
    return tenant
