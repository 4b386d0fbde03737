import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenants.models import Domain, Tenant, TenantEvent
from tenants.state import TenantStatus
from tests.conftest import HOST_A, PUBLIC_HOST

from .conftest import onboarding_payload

pytestmark = pytest.mark.django_db

CONSOLE_PAGES = ["/", "/onboard/", "/tenants/alpha/"]


def _nothing_changed(tenant_a: Tenant) -> bool:
    tenant_a.refresh_from_db()
    return (
        tenant_a.status == TenantStatus.ACTIVE
        and not Tenant.objects.filter(slug="gamma-denied").exists()
        and not Domain.objects.filter(domain="gamma-denied.localhost").exists()
        and not TenantEvent.objects.exclude(kind=TenantEvent.Kind.PROVISIONED).exists()
    )


def _attempt_changes(client: Client) -> list[int]:
    return [
        client.post("/onboard/", onboarding_payload("denied")).status_code,
        client.post("/tenants/alpha/suspend/").status_code,
        client.post("/tenants/alpha/domains/", {"domain": "gamma-denied.localhost"}).status_code,
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(public_client, tenant_a):
    for url in CONSOLE_PAGES:
        response = public_client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/login/?next={url}"
    assert all(status == 302 for status in _attempt_changes(public_client))
    assert _nothing_changed(tenant_a)


@pytest.mark.parametrize("role", [Role.MANAGER, Role.CUSTOMER])
def test_public_users_who_are_not_operators_are_refused(public_client, tenant_a, tenant_b,
                                                        user_factory, role):
    public_client.force_login(user_factory(None, "someone@platform.test", role=role))

    for url in CONSOLE_PAGES:
        assert public_client.get(url).status_code == 403
    assert _attempt_changes(public_client) == [403, 403, 403]
    assert _nothing_changed(tenant_a)


def test_a_tenant_manager_cannot_reach_the_console_on_the_tenant_host(tenant_a, tenant_b,
                                                                       user_factory):
    client = Client(HTTP_HOST=HOST_A)
    manager = user_factory(tenant_a, "manager@alpha.test", role=Role.MANAGER)
    with tenant_context(tenant_a):
        client.force_login(manager)
    assert client.get("/backoffice/").status_code == 200

    assert client.get("/onboard/").status_code == 404
    assert _attempt_changes(client) == [404, 404, 404]
    assert _nothing_changed(tenant_a)


def test_status_changes_need_a_csrf_token(operator, tenant_a, tenant_b):
    client = Client(HTTP_HOST=PUBLIC_HOST, enforce_csrf_checks=True)
    client.force_login(operator)

    assert client.post("/tenants/alpha/suspend/").status_code == 403
    assert _nothing_changed(tenant_a)

    token = client.get("/tenants/alpha/").context["csrf_token"]
    response = client.post("/tenants/alpha/suspend/", {"csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302
    tenant_a.refresh_from_db()
    assert tenant_a.status == TenantStatus.SUSPENDED
