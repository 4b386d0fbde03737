import pytest
from django.test import Client

from tenants.models import Domain, TenantEvent
from tenants.state import TenantStatus

pytestmark = pytest.mark.django_db


def test_suspend_serves_a_branded_503_until_reactivated(operator_client, tenant_a, client_a,
                                                        client_b):
    # given a warm routing cache for alpha
    assert client_a.get("/").status_code == 200

    # when
    suspended = operator_client.post("/tenants/alpha/suspend/")

    # then
    assert suspended.status_code == 302
    page = client_a.get("/")
    assert page.status_code == 503
    assert "Alpha Phones" in page.content.decode()
    assert "awal" not in page.content.decode().lower()
    assert client_b.get("/").status_code == 200
    tenant_a.refresh_from_db()
    assert tenant_a.status == TenantStatus.SUSPENDED

    # when
    reactivated = operator_client.post("/tenants/alpha/reactivate/")

    # then
    assert reactivated.status_code == 302
    assert client_a.get("/").status_code == 200
    kinds = list(TenantEvent.objects.filter(tenant=tenant_a).values_list("kind", "actor_email"))
    assert kinds[:2] == [
        (TenantEvent.Kind.REACTIVATED, "ops@platform.test"),
        (TenantEvent.Kind.SUSPENDED, "ops@platform.test"),
    ]


def test_suspending_twice_or_reactivating_an_active_tenant_is_refused(
    operator_client, tenant_a, tenant_b
):
    operator_client.post("/tenants/alpha/suspend/")

    twice = operator_client.post("/tenants/alpha/suspend/")
    active = operator_client.post("/tenants/beta/reactivate/")

    assert twice.status_code == 409
    assert "cannot go from suspended" in twice.content.decode()
    assert active.status_code == 409
    assert TenantEvent.objects.filter(tenant=tenant_a, kind=TenantEvent.Kind.SUSPENDED).count() == 1
    assert not TenantEvent.objects.filter(tenant=tenant_b).exclude(
        kind=TenantEvent.Kind.PROVISIONED
    ).exists()
    tenant_b.refresh_from_db()
    assert tenant_b.status == TenantStatus.ACTIVE


def test_platform_and_template_tenants_are_not_managed_from_the_console(operator_client):
    assert operator_client.get("/tenants/platform/").status_code == 404
    assert operator_client.get("/tenants/template/").status_code == 404
    assert operator_client.post("/tenants/template/suspend/").status_code == 404
    assert not TenantEvent.objects.filter(tenant__slug__in=["platform", "template"]).exists()


def test_added_domain_serves_the_tenant_at_once(operator_client, tenant_a, client_b):
    # given the new host is cached as unknown
    extra = Client(HTTP_HOST="gamma-extra.localhost")
    assert extra.get("/").status_code == 404

    response = operator_client.post("/tenants/alpha/domains/", {"domain": "Gamma-Extra.localhost"})

    assert response.status_code == 302
    page = extra.get("/")
    assert page.status_code == 200 and "Alpha Phones" in page.content.decode()
    assert Domain.objects.get(domain="gamma-extra.localhost").tenant == tenant_a
    assert "Alpha Phones" not in client_b.get("/").content.decode()


@pytest.mark.parametrize("hostname", ["beta.localhost", "not a host", ""])
def test_add_domain_refuses_a_taken_or_bad_host(operator_client, tenant_a, tenant_b, hostname):
    domains_before = list(Domain.objects.order_by("id").values_list("domain", "tenant_id"))

    response = operator_client.post("/tenants/alpha/domains/", {"domain": hostname})

    assert response.status_code == 400
    assert "domain" in response.context["domain_form"].errors
    assert list(Domain.objects.order_by("id").values_list("domain", "tenant_id")) == domains_before
