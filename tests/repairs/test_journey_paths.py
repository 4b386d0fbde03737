"""The three repair paths end to end through the customer's pages and the demo payment provider:
package -> awaiting the device; diagnosis -> quote accepted and paid -> repairing, or declined ->
returning; on-site -> visit scheduled -> quote paid -> repairing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenant_apps.commerce.order_models import Order
from tenant_apps.repairs.actions import transition_repair_order
from tenant_apps.repairs.models import RepairOrder
from tenant_apps.repairs.state import RepairStatus
from tests.catalog.helpers import category, package

from .helpers import (
    STAFF_EMAIL,
    at_status,
    image_bytes,
    new_device,
    new_repair,
    screen_package,
    sent_quote,
)
from .journey_helpers import fees, pay_with_dummy, signed_in_customer, terms

pytestmark = pytest.mark.django_db


def _repair_of(device) -> RepairOrder:
    return RepairOrder.objects.select_related("order").get(device=device)


def test_package_path_paid_with_the_demo_provider_awaits_the_device(client_a, tenant_a):
    customer = signed_in_customer(tenant_a, client_a, "pack@example.test")
    with tenant_context(tenant_a):
        device = new_device(customer)
        package = screen_package()
        accepted = terms()
    # given: the options offer the package that fits the phone
    options = client_a.get(f"/repairs/devices/{device.pk}/repair/")
    assert options.status_code == 200
    assert f'data-package="{package.pk}"' in options.content.decode()
    assert b'id="choose-visit"' not in options.content
    # when: the customer orders it under the terms of sale
    response = client_a.post(f"/repairs/devices/{device.pk}/repair/package/",
                             {"package": package.pk, **accepted})
    # then: a repair awaiting payment and its order, snapshotted like a checkout's
    assert response.status_code == 302, response.content
    with tenant_context(tenant_a):
        repair = _repair_of(device)
        order = repair.order
        assert response["Location"] == f"/pay/{order.public_token}/"
        assert repair.status == RepairStatus.AWAITING_PAYMENT and repair.package == package
        assert order.customer == customer and order.email == "pack@example.test"
        assert [(line.description, line.line_gross, line.kind)
                for line in order.lines.all()] == [("Broken screen", Decimal("129.00"),
                                                    "repair_package")]
        assert order.total_gross == Decimal("129.00")
        assert order.terms_version == accepted["terms_version"]
        assert order.terms_accepted_at is not None
    # when: paid with the demo provider
    pay_with_dummy(client_a, order)
    with tenant_context(tenant_a):
        repair.refresh_from_db()
        assert repair.status == RepairStatus.AWAITING_DEVICE
        assert list(repair.events.values_list("to_status", "actor_email")) == [
            ("awaiting_payment", "pack@example.test"), ("awaiting_device", "payments")]
    page = client_a.get(f"/repairs/{repair.pk}/")
    assert b'data-status="awaiting_device"' in page.content
    assert b'id="pay-repair"' not in page.content


def test_terms_must_be_accepted_and_current(client_a, tenant_a):
    customer = signed_in_customer(tenant_a, client_a, "terms@example.test")
    with tenant_context(tenant_a):
        device = new_device(customer)
        package = screen_package()
    url = f"/repairs/devices/{device.pk}/repair/package/"
    unticked = client_a.post(url, {"package": package.pk, "terms_version": "2026-11"})
    assert unticked.status_code == 400
    assert b'data-field="terms_accepted"' in unticked.content
    stale = client_a.post(url, {"package": package.pk, "terms_accepted": "on",
                                "terms_version": "1999-01"})
    assert stale.status_code == 409
    with tenant_context(tenant_a):
        assert not RepairOrder.objects.filter(device=device).exists()


def test_a_package_of_another_category_is_refused(client_a, tenant_a):
    customer = signed_in_customer(tenant_a, client_a, "wrongpack@example.test")
    with tenant_context(tenant_a):
        device = new_device(customer)
        screen_package()
        other = package("Drum bearing", category=category("washing-machine", can_travel=False))
        accepted = terms()
    response = client_a.post(f"/repairs/devices/{device.pk}/repair/package/",
                             {"package": other.pk, **accepted})
    assert response.status_code == 400 and b'data-field="package"' in response.content


def _diagnosis(client, tenant, email):
    customer = signed_in_customer(tenant, client, email)
    with tenant_context(tenant):
        fees()
        device = new_device(customer)
        accepted = terms()
    photos = [SimpleUploadedFile("front.png", image_bytes("PNG")),
              SimpleUploadedFile("back.jpg", image_bytes("JPEG"))]
    response = client.post(f"/repairs/devices/{device.pk}/repair/diagnosis/", {
        "fault_description": "Does not charge any more.", "photos": photos, **accepted})
    assert response.status_code == 302, response.content
    with tenant_context(tenant):
        repair = _repair_of(device)
        assert [line.description for line in repair.order.lines.all()] == ["Shipping fee"]
        assert repair.photos.count() == 2
    pay_with_dummy(client, repair.order)
    with tenant_context(tenant):
        repair.refresh_from_db()
        assert repair.status == RepairStatus.AWAITING_DEVICE
        for status in ("received", "diagnosing"):
            transition_repair_order(repair, status, actor_email=STAFF_EMAIL)
        quote = sent_quote(repair)
    return repair, quote


def test_diagnosis_with_an_accepted_and_paid_quote_goes_to_repairing(client_a, tenant_a):
    repair, quote = _diagnosis(client_a, tenant_a, "diag@example.test")
    page = client_a.get(f"/repairs/quotes/{quote.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="accept-quote"' in text and "Screen" in text and str(quote.total_gross) in text
    assert quote.valid_until.isoformat() in text
    with tenant_context(tenant_a):
        accepted = terms()
    response = client_a.post(f"/repairs/quotes/{quote.pk}/accept/", accepted)
    assert response.status_code == 302, response.content
    with tenant_context(tenant_a):
        quote.refresh_from_db()
        repair.refresh_from_db()
        order = quote.order
        assert response["Location"] == f"/pay/{order.public_token}/"
        assert quote.status == "accepted" and repair.status == "awaiting_quote_payment"
        assert order.total_gross == quote.total_gross and order.total_tax == quote.total_tax
        assert [line.description for line in order.lines.all()] == [
            "Part: Screen", "Labour: Fitting"]
    # a second click finds the same order to pay
    again = client_a.post(f"/repairs/quotes/{quote.pk}/accept/", accepted)
    assert again["Location"] == response["Location"]
    pay_with_dummy(client_a, order)
    with tenant_context(tenant_a):
        repair.refresh_from_db()
        assert repair.status == RepairStatus.REPAIRING


def test_diagnosis_with_a_declined_quote_goes_to_returning(client_a, tenant_a):
    repair, quote = _diagnosis(client_a, tenant_a, "declines@example.test")
    response = client_a.post(f"/repairs/quotes/{quote.pk}/decline/")
    assert response.status_code == 302 and response["Location"] == f"/repairs/{repair.pk}/"
    with tenant_context(tenant_a):
        repair.refresh_from_db()
        quote.refresh_from_db()
        assert (repair.status, quote.status, quote.order) == ("returning", "declined", None)
    # answered: no more buttons, and answering again is refused
    assert b'id="accept-quote"' not in client_a.get(f"/repairs/quotes/{quote.pk}/").content
    assert client_a.post(f"/repairs/quotes/{quote.pk}/accept/", terms()).status_code == 409


def test_an_expired_quote_cannot_be_accepted(client_a, tenant_a):
    customer = signed_in_customer(tenant_a, client_a, "late@example.test")
    with tenant_context(tenant_a):
        repair = at_status(new_repair("diagnosis", new_device(customer)), "diagnosing")
        quote = sent_quote(repair, today=timezone.localdate() - timedelta(days=40))
        accepted = terms()
    response = client_a.post(f"/repairs/quotes/{quote.pk}/accept/", accepted)
    assert response.status_code == 409 and b'data-code="quote_expired"' in response.content
    with tenant_context(tenant_a):
        quote.refresh_from_db()
        assert quote.status == "sent" and quote.order is None


def test_on_site_path_schedules_the_visit_then_the_quote_is_paid(client_a, tenant_a):
    customer = signed_in_customer(tenant_a, client_a, "visit@example.test")
    with tenant_context(tenant_a):
        fees()
        device = new_device(customer, travels=False)
        accepted = terms()
    options = client_a.get(f"/repairs/devices/{device.pk}/repair/")
    assert b'id="choose-visit"' in options.content and b'id="choose-package"' not in options.content
    assert client_a.get(f"/repairs/devices/{device.pk}/repair/package/").status_code == 404
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    form = {"visit_street": "3 rue des Lilas", "visit_postal_code": "69003", "visit_city": "Lyon",
            "fault_description": "Leaks.", **accepted}
    past = client_a.post(f"/repairs/devices/{device.pk}/repair/visit/", {
        **form, "slot_1_date": timezone.localdate().isoformat(), "slot_1_period": "morning"})
    assert past.status_code == 400 and b'data-field="slot_1_date"' in past.content
    response = client_a.post(f"/repairs/devices/{device.pk}/repair/visit/", {
        **form, "slot_1_date": tomorrow, "slot_1_period": "morning"})
    assert response.status_code == 302, response.content
    with tenant_context(tenant_a):
        repair = _repair_of(device)
        assert [line.description for line in repair.order.lines.all()] == ["Travel fee"]
        assert repair.preferred_slots == [{"date": tomorrow, "period": "morning"}]
    pay_with_dummy(client_a, repair.order)
    with tenant_context(tenant_a):
        repair.refresh_from_db()
        assert repair.status == RepairStatus.VISIT_SCHEDULED
        transition_repair_order(repair, "visited", actor_email=STAFF_EMAIL)
        quote = sent_quote(repair)
    client_a.post(f"/repairs/quotes/{quote.pk}/accept/", accepted)
    with tenant_context(tenant_a):
        quote.refresh_from_db()
    pay_with_dummy(client_a, quote.order)
    with tenant_context(tenant_a):
        repair.refresh_from_db()
        assert repair.status == RepairStatus.REPAIRING


def test_a_device_with_a_repair_in_progress_is_sent_to_it(client_a, tenant_a):
    customer = signed_in_customer(tenant_a, client_a, "twice@example.test")
    with tenant_context(tenant_a):
        device = new_device(customer)
        package = screen_package()
        accepted = terms()
    client_a.post(f"/repairs/devices/{device.pk}/repair/package/",
                  {"package": package.pk, **accepted})
    with tenant_context(tenant_a):
        repair = _repair_of(device)
    options = client_a.get(f"/repairs/devices/{device.pk}/repair/")
    assert options.status_code == 302 and options["Location"] == f"/repairs/{repair.pk}/"
    second = client_a.post(f"/repairs/devices/{device.pk}/repair/package/",
                           {"package": package.pk, **accepted})
    assert second.status_code == 302
    with tenant_context(tenant_a):
        assert RepairOrder.objects.filter(device=device).count() == 1


def test_a_refused_photo_is_named_on_the_form_and_nothing_is_ordered(client_a, tenant_a):
    customer = signed_in_customer(tenant_a, client_a, "photo@example.test")
    with tenant_context(tenant_a):
        fees()
        device = new_device(customer)
        accepted = terms()
    url = f"/repairs/devices/{device.pk}/repair/diagnosis/"
    page_as_png = SimpleUploadedFile("front.png", b"<html><script>alert(1)</script></html>")
    response = client_a.post(url, {"fault_description": "Broken.", "photos": [page_as_png],
                                   **accepted})
    assert response.status_code == 400 and b'data-field="photos"' in response.content
    too_many = [SimpleUploadedFile(f"p{n}.png", image_bytes("PNG")) for n in range(6)]
    response = client_a.post(url, {"fault_description": "Broken.", "photos": too_many,
                                   **accepted})
    assert response.status_code == 400 and b'data-field="photos"' in response.content
    with tenant_context(tenant_a):
        assert not RepairOrder.objects.filter(device=device).exists()
        assert not Order.objects.filter(customer=customer).exists()
