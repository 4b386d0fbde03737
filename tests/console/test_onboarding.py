import pytest
from django.core import mail
from django.test import Client
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role, User
from tenants.models import Domain, Tenant, TenantEvent

from .conftest import onboarding_payload, schema_names

pytestmark = pytest.mark.django_db


def test_onboarding_creates_a_live_tenant_and_invites_its_manager(
    operator_client, client_a, tenant_a, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post("/onboard/", onboarding_payload("onb"))

    # then the tenant exists with its brand and answers on its own domain
    tenant = Tenant.objects.get(slug="gamma-onb")
    assert response.status_code == 302
    assert response["Location"] == f"/tenants/{tenant.slug}/"
    assert tenant.brand.primary_color == "#117733"
    assert tenant.brand.legal_name == "Gamma Onb SAS"
    storefront = Client(HTTP_HOST="gamma-onb.localhost").get("/")
    assert storefront.status_code == 200
    assert "Gamma Onb" in storefront.content.decode()
    # the first manager lives in the new schema only and got a link on the new domain
    with tenant_context(tenant):
        assert User.objects.get(email="boss@gamma-onb.test").role == Role.MANAGER
    with tenant_context(tenant_a):
        assert not User.objects.filter(email="boss@gamma-onb.test").exists()
    [invitation] = [message for message in mail.outbox if message.to == ["boss@gamma-onb.test"]]
    assert "http://gamma-onb.localhost/backoffice/invitation/" in invitation.body
    assert "awal" not in invitation.body.lower()
    # the other tenant is untouched
    page_a = client_a.get("/")
    assert page_a.status_code == 200 and "Gamma Onb" not in page_a.content.decode()


def test_onboarded_tenant_detail_shows_brand_domain_and_audit_trail(operator_client):
    operator_client.post("/onboard/", onboarding_payload("det"))

    response = operator_client.get("/tenants/gamma-det/", follow=True)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Gamma Det SAS" in page and "help@gamma-det.test" in page
    assert "gamma-det.localhost" in page
    [event] = response.context["detail"].events
    assert event.kind == TenantEvent.Kind.PROVISIONED
    assert event.actor_email == "ops@platform.test"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("slug", "9 bad slug"),
        ("slug", "alpha"),
        ("domain", "Alpha.Localhost"),
        ("domain", "not a host"),
        ("primary_color", "red"),
        ("accent_color", "#12345"),
        ("admin_email", "not-an-email"),
        ("support_email", "help@"),
        ("kind", "bank"),
        ("name", ""),
    ],
)
def test_bad_onboarding_input_names_the_field_and_creates_nothing(
    operator_client, tenant_a, tenant_b, field, value
):
    tenants_before = set(Tenant.objects.values_list("slug", flat=True))
    schemas_before = schema_names()

    response = operator_client.post("/onboard/", onboarding_payload("bad", **{field: value}))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert f'data-field="{field}"' in response.content.decode()
    assert set(Tenant.objects.values_list("slug", flat=True)) == tenants_before
    assert not Domain.objects.filter(domain="gamma-bad.localhost").exists()
    assert schema_names() == schemas_before
