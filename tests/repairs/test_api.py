"""The repairs API, customer side: devices, repair orders with their timeline, the live quote."""

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.commerce.checkout_models import CheckoutSettings
from tenant_apps.customers.models import Customer
from tenant_apps.repairs.models import Device, Quote, RepairOrder
from tests.catalog.helpers import package
from tests.commerce.helpers import customer_user, fee, logged_in
from tests.conftest import make_user

from .helpers import MINIMAL_PDF, at_status, new_device, new_repair, sent_quote, travelling_category

pytestmark = pytest.mark.django_db


def post_json(client, url: str, body: dict):  # type: ignore[no-untyped-def]
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def owner(tenant_a, client_a):
    user = customer_user(tenant_a, "owner@alpha.test")
    return logged_in(client_a, tenant_a, user)


def _terms(tenant) -> dict:
    with tenant_context(tenant):
        return {"terms_accepted": True,
                "terms_version": CheckoutSettings.current().terms_version}


def _device_of(tenant, email: str, *, travels: bool = True) -> Device:
    with tenant_context(tenant):
        return new_device(Customer.objects.get(user__email=email), travels=travels)


def _fields(response) -> set[str]:  # type: ignore[no-untyped-def]
    return set(response.json()["fields"])


# --- Devices -----------------------------------------------------------------------------------


def test_a_customer_registers_devices_with_a_proof(tenant_a, owner):
    with tenant_context(tenant_a):
        category = travelling_category()
    plain = post_json(owner, "/api/repairs/devices/",
                      {"category": category.pk, "brand_name": "Fairphone", "model_name": "5"})
    proof = SimpleUploadedFile("invoice.pdf", MINIMAL_PDF, content_type="application/pdf")
    with_proof = owner.post("/api/repairs/devices/", {
        "category": category.pk, "model_name": "Pixel", "proof_of_purchase": proof})
    listed = owner.get("/api/repairs/devices/").json()

    assert plain.status_code == 201, plain.json()
    assert plain.json()["brand_label"] == "Fairphone"
    assert plain.json()["has_proof_of_purchase"] is False
    assert with_proof.status_code == 201, with_proof.json()
    assert with_proof.json()["has_proof_of_purchase"] is True
    assert [device["model_label"] for device in listed["results"]] == ["Pixel", "5"]
    detail = owner.get(f"/api/repairs/devices/{plain.json()['id']}/")
    assert detail.status_code == 200 and detail.json()["category_name"] == "Phone"


def test_a_refused_proof_keeps_nothing(tenant_a, owner):
    with tenant_context(tenant_a):
        category = travelling_category()
    fake = SimpleUploadedFile("invoice.pdf", b"<html><script>alert(1)</script></html>",
                              content_type="application/pdf")
    response = owner.post("/api/repairs/devices/", {"category": category.pk,
                                                    "proof_of_purchase": fake})
    assert response.status_code == 400
    assert _fields(response) == {"proof_of_purchase"}
    with tenant_context(tenant_a):
        assert not Device.objects.filter(customer__user__email="owner@alpha.test").exists()


@pytest.mark.parametrize(("body", "field"), [
    ({"category": 999999}, "category"),
    ({"serial_or_imei": "490154203237519"}, "serial_or_imei"),
    ({"purchase_date": "2099-01-01"}, "purchase_date"),
    ({"purchase_date": "yesterday"}, "purchase_date"),
    ({"colour": "red"}, "colour"),
    ({"category": "phone"}, "category"),
])
def test_bad_device_input_is_a_400_naming_the_field(tenant_a, owner, body, field):
    with tenant_context(tenant_a):
        category = travelling_category()
    response = post_json(owner, "/api/repairs/devices/", {"category": category.pk, **body})
    assert response.status_code == 400, response.json()
    assert field in _fields(response)


def test_another_customers_device_is_404(tenant_a, owner):
    other_user = make_user(tenant_a, "other@alpha.test", Role.CUSTOMER)
    with tenant_context(tenant_a):
        other = new_device(Customer.objects.create(user=other_user))
    assert owner.get(f"/api/repairs/devices/{other.pk}/").status_code == 404
    assert owner.get(f"/api/repairs/devices/{2**63}/").status_code == 404
    assert other.pk not in [d["id"] for d in owner.get("/api/repairs/devices/").json()["results"]]


# --- Repair orders -----------------------------------------------------------------------------


def test_a_diagnosis_is_opened_with_its_order_to_pay(tenant_a, owner):
    fee(tenant_a)
    device = _device_of(tenant_a, "owner@alpha.test")
    response = post_json(owner, "/api/repairs/mine/", {
        "device": device.pk, "path": "diagnosis", "fault_description": "Screen stays black",
        **_terms(tenant_a)})

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "awaiting_payment" and body["path"] == "diagnosis"
    with tenant_context(tenant_a):
        repair = RepairOrder.objects.get(reference=body["reference"])
        assert repair.order is not None
        assert body["pay_url"] == f"http://alpha.localhost/pay/{repair.order.public_token}/"
    assert body["timeline"][0]["title"] == f"Repair request {body['reference']} opened"
    assert body["timeline_url"] == f"/track/repair/{body['reference']}/"
    listed = owner.get("/api/repairs/mine/").json()["results"]
    assert [row["reference"] for row in listed] == [body["reference"]]


def test_a_package_and_a_visit_are_opened(tenant_a, owner):
    with tenant_context(tenant_a):
        screen = package("Broken screen", category=travelling_category())
    phone = _device_of(tenant_a, "owner@alpha.test")
    machine = _device_of(tenant_a, "owner@alpha.test", travels=False)
    fee_item = fee(tenant_a, "Technician travel")
    with tenant_context(tenant_a):
        type(fee_item).objects.filter(pk=fee_item.pk).update(fee_kind="travel")
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    packaged = post_json(owner, "/api/repairs/mine/", {
        "device": phone.pk, "path": "package", "package": screen.pk, **_terms(tenant_a)})
    visited = post_json(owner, "/api/repairs/mine/", {
        "device": machine.pk, "path": "on_site", "visit_street": "3 rue des Lilas",
        "visit_postal_code": "69003", "visit_city": "Lyon",
        "preferred_slots": [{"date": tomorrow, "period": "morning"}], **_terms(tenant_a)})

    assert packaged.status_code == 201, packaged.json()
    assert packaged.json()["package_name"] == "Broken screen" and packaged.json()["pay_url"]
    assert visited.status_code == 201, visited.json()
    assert visited.json()["preferred_slots"] == [{"date": tomorrow, "period": "morning"}]


@pytest.mark.parametrize(("body", "field"), [
    ({"path": "diagnosis"}, "fault_description"),
    ({"path": "on_site"}, "path"),
    ({"path": "package"}, "package"),
    ({"path": "package", "package": 999999}, "package"),
    ({"path": "teleport"}, "path"),
    ({"path": "diagnosis", "fault_description": "x", "terms_accepted": False},
     "terms_accepted"),
    ({"path": "diagnosis", "fault_description": "x", "urgent": True}, "urgent"),
    ({"path": "diagnosis", "fault_description": "x",
      "preferred_slots": [{"date": "2030-01-01", "period": "night"}]}, "preferred_slots.0.period"),
])
def test_bad_repair_input_is_a_400_naming_the_field(tenant_a, owner, body, field):
    fee(tenant_a)
    device = _device_of(tenant_a, "owner@alpha.test")
    response = post_json(owner, "/api/repairs/mine/",
                         {"device": device.pk, **_terms(tenant_a), **body})
    assert response.status_code == 400, response.json()
    assert field in _fields(response)
    with tenant_context(tenant_a):
        assert not RepairOrder.objects.filter(device=device).exists()


def test_a_visit_needs_its_address(tenant_a, owner):
    machine = _device_of(tenant_a, "owner@alpha.test", travels=False)
    response = post_json(owner, "/api/repairs/mine/", {
        "device": machine.pk, "path": "on_site", "visit_city": "Lyon", **_terms(tenant_a)})
    assert response.status_code == 400 and "visit_street" in _fields(response)


def test_another_customers_objects_are_404(tenant_a, owner):
    fee(tenant_a)
    with tenant_context(tenant_a):
        foreign_device = new_device()
        foreign = at_status(new_repair("diagnosis"), "diagnosing")
        sent_quote(foreign)
    opened = post_json(owner, "/api/repairs/mine/", {
        "device": foreign_device.pk, "path": "diagnosis", "fault_description": "x",
        **_terms(tenant_a)})
    assert opened.status_code == 404
    for url in (f"/api/repairs/mine/{foreign.reference}/",
                f"/api/repairs/mine/{foreign.reference}/quote/"):
        assert owner.get(url).status_code == 404
    accept = post_json(owner, f"/api/repairs/mine/{foreign.reference}/quote/accept/",
                       _terms(tenant_a))
    decline = post_json(owner, f"/api/repairs/mine/{foreign.reference}/quote/decline/", {})
    assert accept.status_code == decline.status_code == 404
    with tenant_context(tenant_a):
        assert Quote.objects.get(repair_order=foreign).status == "sent"


def test_a_repair_of_tenant_a_is_404_on_tenant_b(tenant_a, tenant_b, client_b):
    user_a = customer_user(tenant_a, "same@example.test")
    user_b = customer_user(tenant_b, "same@example.test")
    with tenant_context(tenant_a):
        repair = new_repair("diagnosis", device=new_device(Customer.objects.get(user=user_a)))
    with tenant_context(tenant_b):
        assert not RepairOrder.objects.filter(reference=repair.reference,
                                              customer__user=user_b).exists()
    client = logged_in(client_b, tenant_b, user_b)
    assert client.get(f"/api/repairs/mine/{repair.reference}/").status_code == 404
    assert client.get(f"/api/repairs/devices/{repair.device_id}/").status_code == 404
    assert client.get("/api/repairs/mine/").json()["results"] == []


# --- The live quote ----------------------------------------------------------------------------


def _quoted(tenant, email: str) -> RepairOrder:
    with tenant_context(tenant):
        customer = Customer.objects.get(user__email=email)
        repair = at_status(new_repair("diagnosis", device=new_device(customer)), "diagnosing")
        sent_quote(repair)
    return repair


def test_the_customer_reads_and_accepts_the_quote(tenant_a, owner):
    repair = _quoted(tenant_a, "owner@alpha.test")
    base = f"/api/repairs/mine/{repair.reference}"
    read = owner.get(f"{base}/quote/")
    detail = owner.get(f"{base}/").json()
    refused = post_json(owner, f"{base}/quote/accept/", {"terms_accepted": False,
                                                         "terms_version": "x"})
    accepted = post_json(owner, f"{base}/quote/accept/", _terms(tenant_a))

    assert read.status_code == 200 and read.json()["total_gross"] == "78.60"
    assert [line["description"] for line in read.json()["lines"]] == ["Screen", "Fitting"]
    assert detail["live_quote"]["version"] == 1
    assert refused.status_code == 400 and "terms_accepted" in _fields(refused)
    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["status"] == "accepted"
    with tenant_context(tenant_a):
        quote = Quote.objects.get(repair_order=repair)
        assert accepted.json()["pay_url"].endswith(f"/pay/{quote.order.public_token}/")
    after = owner.get(f"{base}/").json()
    assert after["status"] == "awaiting_quote_payment" and after["pay_url"]
    assert owner.get(f"{base}/quote/").status_code == 404  # nothing left to answer


def test_the_customer_declines_the_quote(tenant_a, owner):
    repair = _quoted(tenant_a, "owner@alpha.test")
    base = f"/api/repairs/mine/{repair.reference}/quote/decline/"
    unknown = post_json(owner, base, {"reason": "too dear"})
    declined = post_json(owner, base, {})
    assert unknown.status_code == 400 and "reason" in _fields(unknown)
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    with tenant_context(tenant_a):
        assert RepairOrder.objects.get(pk=repair.pk).status == "returning"
    assert post_json(owner, base, {}).status_code == 404
