"""Tenant API: each store's brand, public to read, managers only to change."""

import pytest
from django_tenants.utils import schema_context

from tenant_apps.accounts.models import Role
from tenants.models import Brand, TenantEvent

from .helpers import auth, patch_json, token_for

pytestmark = pytest.mark.django_db


def test_each_tenant_reads_its_own_brand(client_a, client_b):
    alpha = client_a.get("/api/branding/")
    beta = client_b.get("/api/branding/")

    assert alpha.status_code == beta.status_code == 200
    assert alpha.json()["display_name"] == "Alpha Phones"
    assert alpha.json()["legal_name"] == "Alpha Phones SAS"
    assert alpha.json()["primary_color"] == "#aa0000"
    assert alpha.json()["logo_url"] is None
    assert beta.json()["display_name"] == "Beta Repairs"
    assert beta.json()["primary_color"] == "#0000bb"


def test_operator_line_only_reaches_grey_label_customers(client_a, client_b, tenant_a):
    # given: alpha (white label) has an operator line stored, which must never be shown
    with schema_context("public"):
        Brand.objects.filter(tenant=tenant_a).update(grey_label_line="operated by someone")

    alpha = client_a.get("/api/branding/")
    beta = client_b.get("/api/branding/")

    assert "grey_label_line" not in alpha.json()
    assert "awal" not in alpha.content.decode().lower()
    assert beta.json()["grey_label_line"] == "operated by Awal"


def test_customer_and_anonymous_cannot_change_the_brand(client_a, tenant_a, user_factory):
    customer = user_factory(tenant_a, "buyer@example.com", role=Role.CUSTOMER)
    staff = user_factory(tenant_a, "counter@example.com", role=Role.COUNTER_STAFF)

    anonymous = patch_json(client_a, "/api/branding/", {"primary_color": "#123456"})
    as_customer = patch_json(
        client_a,
        "/api/branding/",
        {"primary_color": "#123456"},
        **auth(token_for(tenant_a, customer)),
    )
    as_staff = patch_json(
        client_a, "/api/branding/", {"primary_color": "#123456"}, **auth(token_for(tenant_a, staff))
    )

    assert anonymous.status_code == 401
    assert as_customer.status_code == 403
    assert as_customer.json()["code"] == "permission_denied"
    assert as_staff.status_code == 403
    with schema_context("public"):
        assert Brand.objects.get(tenant=tenant_a).primary_color == "#aa0000"


def test_manager_changes_the_brand_and_the_storefront_follows(
    client_a, client_b, tenant_a, user_factory
):
    manager = user_factory(tenant_a, "manager@example.com", role=Role.MANAGER)

    response = patch_json(
        client_a,
        "/api/branding/",
        {"primary_color": "#123456", "support_phone": "01 23 45 67 89"},
        **auth(token_for(tenant_a, manager)),
    )

    assert response.status_code == 200, response.content
    assert response.json()["primary_color"] == "#123456"
    assert "--brand-primary:#123456" in client_a.get("/").content.decode()
    assert "#123456" not in client_b.get("/").content.decode()
    with schema_context("public"):
        event = TenantEvent.objects.filter(tenant=tenant_a).first()
    assert event.kind == TenantEvent.Kind.BRAND_UPDATED
    assert event.actor_email == "manager@example.com"


def test_manager_of_alpha_cannot_change_beta(client_b, tenant_a, tenant_b, user_factory):
    manager = user_factory(tenant_a, "boss2@example.com", role=Role.MANAGER)

    response = patch_json(
        client_b,
        "/api/branding/",
        {"primary_color": "#123456"},
        **auth(token_for(tenant_a, manager)),
    )

    assert response.status_code == 401
    with schema_context("public"):
        assert Brand.objects.get(tenant=tenant_b).primary_color == "#0000bb"


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"primary_color": "red"}, "primary_color"),
        ({"siret": "12345678901234"}, "siret"),
        ({"font": "comic"}, "font"),
        ({"country": "France"}, "country"),
        ({"support_email": "not-an-email"}, "support_email"),
        ({"display_name": ""}, "display_name"),
        ({"logo_url": "/elsewhere.png"}, "logo_url"),
        ({"tenant": 2}, "tenant"),
    ],
)
def test_bad_brand_values_name_the_field(client_a, tenant_a, user_factory, payload, field):
    manager = user_factory(tenant_a, "strict-boss@example.com", role=Role.MANAGER)

    response = patch_json(client_a, "/api/branding/", payload, **auth(token_for(tenant_a, manager)))

    assert response.status_code == 400
    assert response.json()["code"]
    assert list(response.json()["fields"]) == [field]
    with schema_context("public"):
        brand = Brand.objects.get(tenant=tenant_a)
        assert not TenantEvent.objects.filter(
            tenant=tenant_a, kind=TenantEvent.Kind.BRAND_UPDATED
        ).exists()
    assert (brand.primary_color, brand.display_name) == ("#aa0000", "Alpha Phones")
