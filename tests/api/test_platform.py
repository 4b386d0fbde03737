"""Platform API on the public domain: operators manage tenants."""

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from tenant_apps.accounts.models import Role
from tenants.models import Domain, Tenant, TenantEvent
from tests.conftest import PUBLIC_HOST

from .helpers import auth, post_json, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator_token(user_factory) -> str:
    operator = user_factory(None, "ops@platform.test", role=Role.OPERATOR)
    return token_for(None, operator)


def test_tenant_list_is_for_operators_only(public_client, tenant_a, user_factory, operator_token):
    manager = user_factory(tenant_a, "manager@alpha.test", role=Role.MANAGER)
    public_customer = user_factory(None, "nobody@platform.test", role=Role.CUSTOMER)

    anonymous = public_client.get("/api/tenants/")
    tenant_token = public_client.get("/api/tenants/", **auth(token_for(tenant_a, manager)))
    not_operator = public_client.get("/api/tenants/", **auth(token_for(None, public_customer)))
    operator = public_client.get("/api/tenants/", **auth(operator_token))

    assert anonymous.status_code == 401
    assert tenant_token.status_code == 401
    assert not_operator.status_code == 403
    assert operator.status_code == 200
    rows = {row["slug"]: row for row in operator.json()["results"]}
    assert set(rows) >= {"alpha", "beta"}
    assert not {"platform", "template"} & set(rows)
    assert rows["alpha"]["domains"] == ["alpha.localhost"]
    assert rows["beta"]["label_mode"] == "grey"
    assert set(rows["alpha"]) == {
        "name",
        "slug",
        "kind",
        "label_mode",
        "status",
        "domains",
        "created_at",
    }


def test_platform_api_is_not_served_on_tenant_hosts(client_a, tenant_a, user_factory):
    manager = user_factory(tenant_a, "curious@alpha.test", role=Role.MANAGER)

    response = client_a.get("/api/tenants/", **auth(token_for(tenant_a, manager)))

    assert response.status_code == 404


def test_tenant_list_costs_a_fixed_few_queries(
    public_client, operator_token, django_assert_max_num_queries
):
    # search_path, token, count, page, and one query for every listed tenant's domains
    public_client.get("/api/tenants/", **auth(operator_token))  # warms the host cache

    with django_assert_max_num_queries(5):
        response = public_client.get("/api/tenants/", **auth(operator_token))

    assert response.json()["count"] >= 2


def test_operator_reads_one_tenant(public_client, operator_token):
    found = public_client.get("/api/tenants/beta/", **auth(operator_token))
    template = public_client.get("/api/tenants/template/", **auth(operator_token))

    assert found.status_code == 200
    assert found.json()["name"] == "Beta Repairs"
    assert template.status_code == 404
    assert template.json()["code"] == "not_found"


def test_operator_provisions_a_tenant_that_serves_its_storefront(public_client, operator_token):
    response = post_json(
        public_client,
        "/api/tenants/",
        {
            "name": "Gamma Fix",
            "slug": "api-gamma",
            "domain": "api-gamma.localhost",
            "admin_email": "boss@gamma.test",
            "kind": "sme",
            "label_mode": "white",
            "brand": {"primary_color": "#00aa55"},
        },
        **auth(operator_token),
    )

    assert response.status_code == 201, response.content
    assert response.json()["slug"] == "api-gamma"
    assert response.json()["domains"] == ["api-gamma.localhost"]
    storefront = Client(HTTP_HOST="api-gamma.localhost").get("/")
    assert storefront.status_code == 200
    assert "Gamma Fix" in storefront.content.decode()
    assert "awal" not in storefront.content.decode().lower()
    with schema_context("public"):
        event = TenantEvent.objects.get(tenant__slug="api-gamma")
    assert event.actor_email == "ops@platform.test"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"slug": "9bad"}, "slug"),
        ({"domain": "not a host"}, "domain"),
        ({"admin_email": "nobody"}, "admin_email"),
        ({"kind": "bank"}, "kind"),
        ({"brand": {"primary_color": "blue"}}, "brand.primary_color"),
        ({"brand": {"favourite_food": "soup"}}, "brand.favourite_food"),
        ({"name": ""}, "name"),
        ({"schema_name": "public"}, "schema_name"),
    ],
)
def test_bad_tenant_payload_names_the_field_and_creates_nothing(
    public_client, operator_token, change, field
):
    payload = {
        "name": "Delta",
        "slug": "api-delta",
        "domain": "api-delta.localhost",
        "admin_email": "boss@delta.test",
        **change,
    }

    response = post_json(public_client, "/api/tenants/", payload, **auth(operator_token))

    assert response.status_code == 400
    assert response.json()["code"]
    assert field in response.json()["fields"]
    with schema_context("public"):
        assert not Tenant.objects.filter(name="Delta").exists()
        assert not Domain.objects.filter(domain="api-delta.localhost").exists()


@pytest.mark.parametrize(
    "change, code",
    [
        ({"slug": "alpha"}, "slug_taken"),
        ({"domain": "beta.localhost"}, "domain_taken"),
        ({"domain": PUBLIC_HOST}, "domain_taken"),
    ],
)
def test_taken_slug_or_domain_is_a_conflict(public_client, operator_token, change, code):
    payload = {
        "name": "Epsilon",
        "slug": "api-epsilon",
        "domain": "api-epsilon.localhost",
        "admin_email": "boss@epsilon.test",
        **change,
    }

    response = post_json(public_client, "/api/tenants/", payload, **auth(operator_token))

    assert response.status_code == 409
    assert response.json()["code"] == code
    with schema_context("public"):
        assert not Tenant.objects.filter(name="Epsilon").exists()


def test_tenant_user_cannot_provision(public_client, tenant_a, user_factory):
    manager = user_factory(tenant_a, "climber@alpha.test", role=Role.MANAGER)

    response = post_json(
        public_client,
        "/api/tenants/",
        {
            "name": "Zeta",
            "slug": "api-zeta",
            "domain": "api-zeta.localhost",
            "admin_email": "boss@zeta.test",
        },
        **auth(token_for(tenant_a, manager)),
    )

    assert response.status_code == 401
    with schema_context("public"):
        assert not Tenant.objects.filter(slug="api-zeta").exists()


def test_suspend_reactivate_and_suspend_twice(public_client, client_a, operator_token):
    suspended = post_json(public_client, "/api/tenants/alpha/suspend/", {}, **auth(operator_token))
    assert suspended.status_code == 200
    assert suspended.json()["status"] == "suspended"
    assert client_a.get("/").status_code == 503

    again = post_json(public_client, "/api/tenants/alpha/suspend/", {}, **auth(operator_token))
    assert again.status_code == 409
    assert again.json()["code"] == "invalid_transition"

    reactivated = post_json(
        public_client, "/api/tenants/alpha/reactivate/", {}, **auth(operator_token)
    )
    assert reactivated.status_code == 200
    assert reactivated.json()["status"] == "active"
    assert client_a.get("/").status_code == 200

    twice = post_json(public_client, "/api/tenants/alpha/reactivate/", {}, **auth(operator_token))
    assert twice.status_code == 409
    with schema_context("public"):
        kinds = list(
            TenantEvent.objects.filter(tenant__slug="alpha").values_list("kind", flat=True)[:2]
        )
    assert kinds == [TenantEvent.Kind.REACTIVATED, TenantEvent.Kind.SUSPENDED]


def test_suspension_needs_an_operator(public_client, tenant_b, user_factory):
    public_customer = user_factory(None, "not-ops@platform.test", role=Role.CUSTOMER)

    anonymous = post_json(public_client, "/api/tenants/beta/suspend/", {})
    customer = post_json(
        public_client, "/api/tenants/beta/suspend/", {}, **auth(token_for(None, public_customer))
    )

    assert anonymous.status_code == 401
    assert customer.status_code == 403
    with schema_context("public"):
        assert Tenant.objects.get(slug="beta").status == "active"
