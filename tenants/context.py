"""The tenant the current connection works for, always as a real Tenant row.

``schema_context()`` leaves a FakeTenant (schema name only) on the connection; code that needs the
tenant's brand, slug or domains asks here instead of reading ``connection.tenant`` directly.
"""

from django.db import connection

from .models import Tenant
from .schema_names import PUBLIC_SCHEMA


def current_tenant() -> Tenant | None:
    """The current tenant, or None in the public schema."""
    schema = connection.schema_name
    if schema == PUBLIC_SCHEMA:
        return None
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Tenant) and tenant.schema_name == schema:
        return tenant
    tenant = Tenant.objects.select_related("brand").filter(schema_name=schema).first()
    if tenant is not None:
        connection.tenant = tenant
    return tenant
