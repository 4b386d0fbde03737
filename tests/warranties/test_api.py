"""The warranty API: customers register (multipart) and claim, staff decide."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.customers.models import Customer
from tenant_apps.warranties.actions import file_claim
from tenant_apps.warranties.models import Warranty, WarrantyClaim
from tests.catalog.helpers import logged_in
from tests.conftest import make_user

from .helpers import MINIMAL_PDF, commercial, new_device

pytestmark = pytest.mark.django_db
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


@pytest.fixture
def owner(tenant_a):
    user = make_user(tenant_a, "api-owner@example.test", Role.CUSTOMER)
    with tenant_context(tenant_a):
        customer = Customer.objects.create(user=user)
        device = new_device(customer, model_name="Galaxy")
        fixed = new_device(customer, travels=False, model_name="Washer")
    return user, device, fixed


def _upload(data: bytes = MINIMAL_PDF, name: str = "invoice.pdf"):
    return SimpleUploadedFile(name, data)


def test_register_list_and_claim(client_a, tenant_a, owner):
    user, device, fixed = owner
    client = logged_in(client_a, tenant_a, user)
    created = client.post("/api/warranties/", {
        "device": device.pk, "kind": "commercial", "months": "3",
        "starts_on": timezone.localdate().isoformat(), "purchase_invoice": _upload()})
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["kind"], body["months"], body["status"], body["is_commercial"]) == (
        "commercial", 3, "active", True)
    legal = client.post("/api/warranties/", {
        "device": fixed.pk, "kind": "legal_conformity",
        "starts_on": (timezone.localdate() - timedelta(days=30)).isoformat(),
        "purchase_invoice": _upload()})
    assert legal.status_code == 201
    assert (legal.json()["months"], legal.json()["is_commercial"]) == (24, False)
    listed = client.get("/api/warranties/").json()
    assert {row["id"] for row in listed} == {body["id"], legal.json()["id"]}
    claim = client.post(f"/api/warranties/{body['id']}/claims/",
                        {"description": "No sound."}, content_type="application/json")
    assert claim.status_code == 201 and claim.json()["status"] == "submitted"
    again = client.post(f"/api/warranties/{body['id']}/claims/",
                        {"description": "No sound."}, content_type="application/json")
    assert again.status_code == 409
    assert (again.json()["code"], list(again.json()["fields"])) == ("claim_open", ["warranty"])
    visit_missing = client.post(f"/api/warranties/{legal.json()['id']}/claims/",
                                {"description": "Leaks."}, content_type="application/json")
    assert visit_missing.status_code == 400
    assert list(visit_missing.json()["fields"]) == ["visit_street"]


def test_upload_and_input_are_checked(client_a, tenant_a, owner):
    user, device, _ = owner
    client = logged_in(client_a, tenant_a, user)
    base = {"device": device.pk, "kind": "commercial", "months": "6",
            "starts_on": timezone.localdate().isoformat()}
    html = client.post("/api/warranties/", {**base, "purchase_invoice": _upload(HTML)})
    assert html.status_code == 400
    assert (html.json()["code"], list(html.json()["fields"])) == (
        "invalid_upload", ["purchase_invoice"])
    months = client.post("/api/warranties/", {**base, "months": "7",
                                              "purchase_invoice": _upload()})
    assert months.status_code == 400 and "months" in months.json()["fields"]
    unknown = client.post("/api/warranties/", {**base, "status": "active",
                                               "purchase_invoice": _upload()})
    assert unknown.status_code == 400 and "status" in unknown.json()["fields"]
    with tenant_context(tenant_a):
        other_device = new_device()
    foreign = client.post("/api/warranties/", {**base, "device": other_device.pk,
                                               "purchase_invoice": _upload()})
    assert foreign.status_code == 404
    with tenant_context(tenant_a):
        assert not Warranty.objects.exists()


def test_expired_warranty_claim_is_a_409_on_warranty(client_a, tenant_a, owner):
    user, device, _ = owner
    with tenant_context(tenant_a):
        warranty = commercial(device)
        Warranty.objects.filter(pk=warranty.pk).update(starts_on="2025-01-01",
                                                       ends_on="2025-04-01")
    response = logged_in(client_a, tenant_a, user).post(
        f"/api/warranties/{warranty.pk}/claims/", {"description": "Broken."},
        content_type="application/json")
    assert response.status_code == 409
    assert (response.json()["code"], list(response.json()["fields"])) == (
        "warranty_not_active", ["warranty"])


def test_staff_work_the_queue(client_a, tenant_a, owner):
    user, device, _ = owner
    clerk = make_user(tenant_a, "api-clerk@alpha.test", Role.COUNTER_STAFF)
    customer_client = logged_in(client_a, tenant_a, user)
    with tenant_context(tenant_a):
        first, second = commercial(device), commercial(new_device())
        for warranty in (first, second):
            file_claim(warranty, "Broken.")
    assert customer_client.get("/api/staff/warranty-claims/").status_code == 403
    staff = logged_in(Client(HTTP_HOST="alpha.localhost"), tenant_a, clerk)
    queue = staff.get("/api/staff/warranty-claims/").json()
    assert len(queue) == 2 and queue[0]["customer_email"] == "api-owner@example.test"
    first_claim, second_claim = queue[0]["id"], queue[1]["id"]
    accepted = staff.post(f"/api/staff/warranty-claims/{first_claim}/accept/")
    assert accepted.status_code == 200 and accepted.json()["repair_reference"].startswith("R-")
    empty = staff.post(f"/api/staff/warranty-claims/{second_claim}/reject/", {},
                       content_type="application/json")
    assert empty.status_code == 400 and "reason" in empty.json()["fields"]
    rejected = staff.post(f"/api/staff/warranty-claims/{second_claim}/reject/",
                          {"reason": "Water damage."}, content_type="application/json")
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    twice = staff.post(f"/api/staff/warranty-claims/{second_claim}/accept/")
    assert twice.status_code == 409
    with tenant_context(tenant_a):
        assert WarrantyClaim.objects.get(pk=second_claim).status == "rejected"
