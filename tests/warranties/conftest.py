import pytest
from django.db import connection
from django_tenants.utils import tenant_context


@pytest.fixture
def in_a(tenant_a):
    """The test body runs in tenant A's schema."""
    with tenant_context(tenant_a):
        yield tenant_a
    connection.set_schema_to_public()
