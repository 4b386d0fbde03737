"""The documents back office: register, CSV, seller identity, and the order panels."""

import pytest
from django.test import Client
from django.urls import reverse
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.documents.demo import seed_documents
from tenant_apps.documents.models import SellerProfile
from tenant_apps.documents.seller import missing_identity
from tests.conftest import HOST_A, HOST_B, make_user
from tests.documents.orders import make_order, pay, refund

pytestmark = pytest.mark.django_db

VALID_PROFILE = {
    "legal_name": "Alpha Phones SAS", "legal_form": "SAS", "share_capital": "10000",
    "siren": "732 829 320", "siret": "732 829 320 00074", "vat_number": "FR 44 732829320",
    "rcs_city": "Paris", "street": "12 rue de la Paix", "postal_code": "75002", "city": "Paris",
    "country": "FR", "email": "", "phone": "", "payment_terms_days": "30",
    "late_payment_rate": "trois fois le taux d'intérêt légal", "footer": "",
}


def _logged_in(tenant, role: str, email: str, host: str = HOST_A) -> Client:
    user = make_user(tenant, email, role)
    client = Client(HTTP_HOST=host)
    with tenant_context(tenant):
        client.force_login(user)
    return client


def test_a_manager_saves_the_seller_identity_with_normalised_identifiers(tenant_a):
    client = _logged_in(tenant_a, Role.MANAGER, "boss1@alpha.test")
    url = reverse("documents_admin:seller")
    assert "Your seller identity is incomplete" in client.get(url).content.decode()

    response = client.post(url, VALID_PROFILE)

    assert response.status_code == 302
    with tenant_context(tenant_a):
        profile = SellerProfile.objects.get()
        assert (profile.siren, profile.siret, profile.vat_number) == (
            "732829320", "73282932000074", "FR44732829320")
        assert missing_identity() == []


@pytest.mark.parametrize(("field", "value"), [
    ("siren", "732829321"), ("siret", "73282932000075"), ("vat_number", "FR00732829320"),
    ("siret", "84231567300009"),  # valid, but not of this SIREN
    ("country", "XX"),
])
def test_invalid_identifiers_are_refused_naming_the_field(tenant_a, field, value):
    client = _logged_in(tenant_a, Role.MANAGER, f"boss-{field}@alpha.test")

    response = client.post(reverse("documents_admin:seller"), {**VALID_PROFILE, field: value})

    assert response.status_code == 400
    assert f'data-field="{field}"' in response.content.decode()
    with tenant_context(tenant_a):
        assert not SellerProfile.objects.exists()


def test_counter_staff_cannot_edit_the_seller_identity(tenant_a):
    client = _logged_in(tenant_a, Role.COUNTER_STAFF, "clerk@alpha.test")

    assert client.post(reverse("documents_admin:seller"), VALID_PROFILE).status_code == 403
    with tenant_context(tenant_a):
        assert not SellerProfile.objects.exists()


def test_the_register_filters_by_kind_and_exports_csv(tenant_a, tenant_b):
    order = make_order(tenant_a, "guest")
    pay(tenant_a, order)
    pay(tenant_a, make_order(tenant_a, "professional"))
    refund(tenant_a, order, "5.00", refund_id=3)
    pay(tenant_b, make_order(tenant_b, "professional"))
    client = _logged_in(tenant_a, Role.COUNTER_STAFF, "clerk4@alpha.test")
    url = reverse("documents_admin:list")

    everything = client.get(url).content.decode()
    invoices = client.get(url, {"kind": "invoice"}).content.decode()
    bad_dates = client.get(url, {"issued_from": "2026-11-23", "issued_to": "2026-11-01"})
    export = client.get(reverse("documents_admin:export"), {"kind": "credit_note"})

    assert all(n in everything for n in ("R-2026-000001", "F-2026-000001", "A-2026-000001"))
    assert "Your seller identity is incomplete" in everything
    assert "F-2026-000001" in invoices and "R-2026-000001" not in invoices
    assert bad_dates.status_code == 400
    csv_text = b"".join(export.streaming_content).decode()
    lines = csv_text.strip().splitlines()
    assert len(lines) == 2 and lines[1].startswith("A-2026-000001,Credit note")
    assert "-5.00" in lines[1] and "R-2026-000001" in lines[1]
    # tenant B's register holds its own invoice only
    client_b = _logged_in(tenant_b, Role.COUNTER_STAFF, "clerk@beta.test", host=HOST_B)
    page_b = client_b.get(url).content.decode()
    assert "F-2026-000001" in page_b and "R-2026-000001" not in page_b


def test_the_order_panels_link_the_documents(tenant_a):
    order = make_order(tenant_a, "guest")
    document = pay(tenant_a, order)
    client = _logged_in(tenant_a, Role.COUNTER_STAFF, "clerk5@alpha.test")

    page = client.get(reverse("orders:detail", kwargs={"order_id": order.pk})).content.decode()

    assert "R-2026-000001" in page
    assert reverse("documents:download", kwargs={"document_id": document.pk}) in page
    assert reverse("documents_admin:order_form", kwargs={"order_id": order.pk}) in page
    with tenant_context(tenant_a):
        from django.template.loader import render_to_string

        customer_panel = render_to_string("commerce/order_panels/documents.html",
                                          {"order": order})
    assert reverse("documents:guest_download", kwargs={
        "token": order.public_token, "document_id": document.pk}) in customer_panel


def test_seed_documents_fills_demo_tenants_only(tenant_a):
    with tenant_context(tenant_a):
        assert seed_documents() is None  # "alpha" is not a demo tenant
        assert not SellerProfile.objects.exists()
