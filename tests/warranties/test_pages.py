"""The customer's warranty pages and the back office's claims queue, through HTTP."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.customers.models import Customer
from tenant_apps.repairs.models import RepairOrder
from tenant_apps.warranties.actions import file_claim
from tenant_apps.warranties.models import Warranty, WarrantyClaim
from tests.catalog.helpers import logged_in
from tests.conftest import make_user

from .helpers import MINIMAL_PDF, commercial, new_device

pytestmark = pytest.mark.django_db
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


@pytest.fixture
def owner(tenant_a):
    user = make_user(tenant_a, "owner@example.test", Role.CUSTOMER)
    with tenant_context(tenant_a):
        customer = Customer.objects.create(user=user)
        device = new_device(customer, model_name="Pixel 7")
    return user, customer, device


def _form(device, data: bytes = MINIMAL_PDF, name: str = "invoice.pdf", **fields):
    return {"device": device.pk, "kind": "commercial", "months": "6",
            "starts_on": timezone.localdate().isoformat(),
            "purchase_invoice": SimpleUploadedFile(name, data), **fields}


def test_a_customer_puts_a_device_under_warranty_and_files_a_claim(client_a, tenant_a, owner):
    user, customer, device = owner
    client = logged_in(client_a, tenant_a, user)
    assert client.get("/warranty/new/").status_code == 200
    response = client.post("/warranty/new/", _form(device))
    assert response.status_code == 302
    with tenant_context(tenant_a):
        warranty = Warranty.objects.get(device=device)
    assert (warranty.months, warranty.registered_by_email) == (6, user.email)
    page = client.get("/warranty/")
    assert f'data-warranty="{warranty.pk}"' in page.content.decode()
    invoice = client.get(f"/warranty/{warranty.pk}/invoice/")
    assert invoice.status_code == 200 and invoice.content == MINIMAL_PDF
    assert invoice["Content-Type"] == "application/pdf"
    claim = client.post(f"/warranty/{warranty.pk}/claim/", {"description": "Dead pixels."})
    assert claim.status_code == 302
    with tenant_context(tenant_a):
        assert WarrantyClaim.objects.get(warranty=warranty).status == "submitted"
    again = client.post(f"/warranty/{warranty.pk}/claim/", {"description": "Again."})
    assert again.status_code == 400
    assert "already awaits a decision" in again.content.decode()


def test_an_html_pdf_is_refused_naming_the_field(client_a, tenant_a, owner):
    user, _, device = owner
    client = logged_in(client_a, tenant_a, user)
    response = client.post("/warranty/new/", _form(device, HTML, "invoice.pdf"))
    assert response.status_code == 400
    assert 'data-field="purchase_invoice"' in response.content.decode()
    with tenant_context(tenant_a):
        assert not Warranty.objects.exists()


def test_only_own_devices_are_offered(client_a, tenant_a, owner):
    user, _, _ = owner
    with tenant_context(tenant_a):
        someone_elses = new_device(model_name="Not mine")
    client = logged_in(client_a, tenant_a, user)
    response = client.post("/warranty/new/", _form(someone_elses))
    assert response.status_code == 400
    assert 'data-field="device"' in response.content.decode()
    with tenant_context(tenant_a):
        assert not Warranty.objects.exists()


def test_legal_conformity_is_shown_apart(client_a, tenant_a, owner):
    user, _, device = owner
    with tenant_context(tenant_a):
        legal = commercial(device, kind="legal_conformity",
                           starts_on=timezone.localdate() - timedelta(days=200))
    page = logged_in(client_a, tenant_a, user).get("/warranty/").content.decode()
    legal_table = page.split('data-table="legal"')[1]
    assert f'data-warranty="{legal.pk}"' in legal_table
    assert f'data-warranty="{legal.pk}"' not in page.split('data-table="legal"')[0]


def test_another_customers_warranty_is_a_404(client_a, tenant_a, owner):
    user, _, _ = owner
    with tenant_context(tenant_a):
        other = commercial(new_device())
    client = logged_in(client_a, tenant_a, user)
    assert client.get(f"/warranty/{other.pk}/claim/").status_code == 404
    assert client.post(f"/warranty/{other.pk}/claim/", {"description": "x"}).status_code == 404
    assert client.get(f"/warranty/{other.pk}/invoice/").status_code == 404
    with tenant_context(tenant_a):
        assert not WarrantyClaim.objects.exists()


def test_staff_accept_and_reject_claims(client_a, tenant_a):
    clerk = make_user(tenant_a, "clerk@alpha.test", Role.COUNTER_STAFF)
    with tenant_context(tenant_a):
        first = file_claim(commercial(), "Broken.")
        second = file_claim(commercial(), "Cracked.")
    client = logged_in(client_a, tenant_a, clerk)
    queue = client.get("/backoffice/warranty/").content.decode()
    assert f'data-claim="{first.pk}"' in queue and f'data-claim="{second.pk}"' in queue
    assert client.get(f"/backoffice/warranty/claims/{first.pk}/").status_code == 200
    assert client.post(f"/backoffice/warranty/claims/{first.pk}/accept/").status_code == 302
    no_reason = client.post(f"/backoffice/warranty/claims/{second.pk}/reject/", {"reason": ""})
    assert no_reason.status_code == 400
    rejected = client.post(f"/backoffice/warranty/claims/{second.pk}/reject/",
                           {"reason": "Dropped in water."})
    assert rejected.status_code == 302
    twice = client.post(f"/backoffice/warranty/claims/{first.pk}/accept/")
    assert twice.status_code == 409
    with tenant_context(tenant_a):
        first.refresh_from_db()
        second.refresh_from_db()
        assert first.status == "accepted" and first.repair_order.is_warranty
        assert (second.status, second.rejection_reason) == ("rejected", "Dropped in water.")
        assert RepairOrder.objects.count() == 1
    assert client.get("/backoffice/warranty/warranties/").status_code == 200


def test_only_managers_void(client_a, tenant_a):
    clerk = make_user(tenant_a, "clerk@alpha.test", Role.COUNTER_STAFF)
    boss = make_user(tenant_a, "boss2@alpha.test", Role.MANAGER)
    with tenant_context(tenant_a):
        warranty = commercial()
    url = f"/backoffice/warranty/warranties/{warranty.pk}/void/"
    assert logged_in(client_a, tenant_a, clerk).post(url, {"reason": "Forged"}).status_code == 403
    manager = logged_in(Client(HTTP_HOST="alpha.localhost"), tenant_a, boss)
    assert manager.post(url, {"reason": "Forged"}).status_code == 302
    with tenant_context(tenant_a):
        warranty.refresh_from_db()
        assert (warranty.status, warranty.void_reason) == ("void", "Forged")
