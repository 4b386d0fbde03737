"""Two tenants, built once per test session with the real provisioning action (TENANCY.md 12)."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context, tenant_context

from tenant_apps.accounts.models import Role, User
from tenants.actions import TenantRequest, ensure_platform_tenants, provision_tenant
from tenants.models import LabelMode, Tenant, TenantKind

PUBLIC_HOST = "localhost"
HOST_A = "alpha.localhost"
HOST_B = "beta.localhost"
PASSWORD = "correct-horse-battery-9"

TENANT_SPECS = {
    "alpha": TenantRequest(
        name="Alpha Phones", slug="alpha", domain=HOST_A, admin_email="boss@alpha.test",
        kind=TenantKind.RETAIL_CHAIN, label_mode=LabelMode.WHITE,
        brand={"primary_color": "#aa0000", "legal_name": "Alpha Phones SAS"},
    ),
    "beta": TenantRequest(
        name="Beta Repairs", slug="beta", domain=HOST_B, admin_email="boss@beta.test",
        kind=TenantKind.SME, label_mode=LabelMode.GREY,
        brand={"primary_color": "#0000bb", "grey_label_line": "operated by Awal"},
    ),
}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # noqa: F811
    with django_db_blocker.unblock():
        ensure_platform_tenants(PUBLIC_HOST)
        for slug, spec in TENANT_SPECS.items():
            if not Tenant.objects.filter(slug=slug).exists():
                provision_tenant(spec, actor_email="tests")


@pytest.fixture(autouse=True)
def _reset_connection_and_cache():
    for alias in ("default", "tenancy"):
        caches[alias].clear()
    yield
    connection.set_schema_to_public()


@pytest.fixture
def tenant_a(db) -> Tenant:
    return Tenant.objects.get(slug="alpha")


@pytest.fixture
def tenant_b(db) -> Tenant:
    return Tenant.objects.get(slug="beta")


@pytest.fixture
def client_a(tenant_a) -> Client:
    return Client(HTTP_HOST=HOST_A)


@pytest.fixture
def client_b(tenant_b) -> Client:
    return Client(HTTP_HOST=HOST_B)


@pytest.fixture
def public_client(db) -> Client:
    return Client(HTTP_HOST=PUBLIC_HOST)


def make_user(tenant: Tenant | None, email: str, role: str = Role.CUSTOMER,
              password: str = PASSWORD, **fields) -> User:
    """A user in ``tenant``'s schema, or in the public schema when tenant is None."""
    if tenant is None:
        with schema_context("public"):
            return User.objects.create_user(email, password, role=role, **fields)
    with tenant_context(tenant):
        return User.objects.create_user(email, password, role=role, **fields)


@pytest.fixture
def operator(db) -> User:
    """A platform operator (public schema)."""
    return make_user(None, "ops@platform.test", role=Role.OPERATOR)


@pytest.fixture
def operator_client(operator) -> Client:
    client = Client(HTTP_HOST=PUBLIC_HOST)
    client.force_login(operator)
    return client


@pytest.fixture
def user_factory():
    return make_user
