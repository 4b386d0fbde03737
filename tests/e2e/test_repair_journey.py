"""The repair journey in a real browser with the dummy provider.

Package path: a customer registers a phone with its proof of purchase, buys the "Broken screen"
package under the terms of sale, pays, downloads the return label, and (the carrier and the
workshop acting on their own connections) follows the parcel and the repair on the timeline until
the phone is back. Quote path: a washing machine gets a paid visit, a quote, and the customer
accepts and pays it.

The store is a tenant of its own, provisioned for this module and dropped afterwards.
"""

import re
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role, User
from tenant_apps.logistics.models import Shipment
from tenant_apps.logistics.repair_shipping import create_repair_shipment
from tenant_apps.logistics.simulation import advance_simulated_shipment
from tenant_apps.repairs.actions import transition_repair_order
from tenant_apps.repairs.models import Device, RepairOrder
from tenant_apps.repairs.quote_actions import QuoteLineInput, create_quote, send_quote
from tenants.models import Tenant
from tests.conftest import PASSWORD
from tests.e2e.conftest import committed_store, log_in, pay_with_dummy
from tests.repairs.helpers import MINIMAL_PDF
from tests.threads import on_own_connection

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

SLUG = "fixer"
HOST = "fixer.localhost"

@pytest.fixture(scope="module")
def store(django_db_blocker):
    with committed_store(django_db_blocker, slug=SLUG, name="Fixer Phones") as tenant:
        yield tenant


def _customer(store: Tenant, email: str) -> None:
    with tenant_context(store):
        user = User.objects.create_user(email, PASSWORD, role=Role.CUSTOMER, full_name="Rita R")
        user.email_verified_at = user.date_joined
        user.save()


def test_a_customer_registers_a_phone_buys_the_broken_screen_package_and_pays(
        page, site_url, store):
    url = lambda path: site_url(HOST, path)  # noqa: E731
    email = f"rita-{uuid.uuid4().hex[:8]}@example.test"
    on_own_connection(_customer, store, email)  # committed: the server must see it
    log_in(page, url, email)

    # when: they register their phone with its proof of purchase
    page.goto(url("/repairs/"))
    page.locator("#register-device").click()
    page.wait_for_url(re.compile(r"/repairs/devices/new/"))
    form = page.locator("#device-form")
    form.locator("#id_category").select_option(label="Phone")
    form.locator("#id_device_model").select_option(label="Apple iPhone 13")
    form.locator("#id_serial_or_imei").fill("SN-E2E-0001")
    form.locator("#id_proof_of_purchase").set_input_files(files=[{
        "name": "receipt.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF}])
    form.get_by_role("button", name="Register the device").click()
    page.wait_for_url(re.compile(r"/repairs/devices/\d+/$"))
    assert "Apple iPhone 13" in page.locator("#device-name").inner_text()
    assert page.locator("#proof-link").count() == 1

    # and: they choose the "Broken screen" package and accept the terms of sale
    page.locator("#get-repaired").click()
    page.wait_for_url(re.compile(r"/repair/$"))
    assert "Broken screen" in page.locator("#packages").inner_text()
    page.locator("#choose-package").click()
    page.wait_for_url(re.compile(r"/repair/package/$"))
    repair_form = page.locator("#repair-form")
    repair_form.get_by_label("Broken screen", exact=True).check()
    repair_form.locator("#terms_accepted").check()
    repair_form.locator("#order-repair").click()

    # and: they pay with the demo provider
    pay_with_dummy(page)

    # then: the order is paid and the repair awaits the device
    with tenant_context(store):
        device = Device.objects.get(customer__user__email=email)
        repair = RepairOrder.objects.select_related("order", "package").get(device=device)
        assert device.proof_content_type == "application/pdf"
        assert repair.package.name == "Broken screen"
        assert repair.order.status == "paid"
        assert repair.order.total_gross == Decimal("129.00")
        assert repair.order.terms_version and repair.order.terms_accepted_at
        assert repair.status == "awaiting_device"
    page.goto(url(f"/repairs/{repair.pk}/"))
    assert page.locator("#repair-status").get_attribute("data-status") == "awaiting_device"

    # and: the return label is there for the customer, a PDF
    with tenant_context(store):
        inbound = repair.shipments.get(leg="to_repair_centre")
    label = page.evaluate("""async (path) => {
        const response = await fetch(path);
        const start = new Uint8Array(await response.arrayBuffer()).slice(0, 5);
        return [response.status, String.fromCharCode(...start)];
    }""", f"/shipping/{inbound.pk}/label.pdf")
    assert label == [200, "%PDF-"]

    # when: the parcel travels, the workshop repairs the phone and sends it back, and that
    # parcel travels too (staff and carrier on their own committed connections)
    on_own_connection(_deliver_all, store, repair.pk, "to_repair_centre")
    on_own_connection(_repair_and_ship_back, store, repair.pk)
    on_own_connection(_deliver_all, store, repair.pk, "from_repair_centre")

    # then: the repair is completed and its timeline tells the whole story to the customer
    page.goto(url(f"/track/repair/{repair.reference}/"))
    timeline = page.locator("main").inner_text()
    for words in ("Broken screen", "Delivered"):
        assert words in timeline, words
    with tenant_context(store):
        repair.refresh_from_db()
        assert repair.status == "completed"
        assert set(repair.shipments.values_list("status", flat=True)) == {"delivered"}


def _deliver_all(store: Tenant, repair_id: int, leg: str) -> None:
    """The demo carrier plays every step of the repair's parcel on that leg."""
    with tenant_context(store):
        shipment = Shipment.objects.get(repair_order_id=repair_id, leg=leg)
        while advance_simulated_shipment(shipment, expected_step=shipment.simulation_step):
            pass
        assert shipment.status == "delivered"


def _repair_and_ship_back(store: Tenant, repair_id: int) -> None:
    with tenant_context(store):
        repair = RepairOrder.objects.get(pk=repair_id)
        assert repair.status == "received"
        for status in ("repairing", "repaired"):
            transition_repair_order(repair, status, actor_email="tech@fixer.test")
        create_repair_shipment(repair, leg="from_repair_centre", actor_email="tech@fixer.test")
        repair.refresh_from_db()
        assert repair.status == "shipped_back"


def _visit_and_quote(store: Tenant, email: str) -> int:
    """Staff, on their own committed connection: the technician visited and sends a quote."""
    with tenant_context(store):
        repair = RepairOrder.objects.get(customer__user__email=email)
        transition_repair_order(repair, "visited", actor_email="tech@fixer.test")
        quote = create_quote(repair, [
            QuoteLineInput(kind="part", description="Drain pump", quantity=1,
                           unit_net=Decimal("60.00")),
            QuoteLineInput(kind="labour", description="Fitting", quantity=1,
                           unit_net=Decimal("40.00")),
        ], actor_email="tech@fixer.test")
        send_quote(quote, actor_email="tech@fixer.test")
        return quote.pk


def test_a_washing_machine_is_visited_quoted_and_the_quote_accepted_and_paid(
        page, site_url, store):
    url = lambda path: site_url(HOST, path)  # noqa: E731
    email = f"wash-{uuid.uuid4().hex[:8]}@example.test"
    on_own_connection(_customer, store, email)
    log_in(page, url, email)

    # given: a washing machine (it cannot travel), so the only way is a technician's visit
    page.goto(url("/repairs/devices/new/"))
    form = page.locator("#device-form")
    form.locator("#id_category").select_option(label="Washing machine")
    form.locator("#id_brand_name").fill("Bosch")
    form.locator("#id_model_name").fill("Serie 6")
    form.get_by_role("button", name="Register the device").click()
    page.wait_for_url(re.compile(r"/repairs/devices/\d+/$"))
    page.locator("#get-repaired").click()
    assert page.locator("#choose-package").count() == 0
    page.locator("#choose-visit").click()
    page.wait_for_url(re.compile(r"/repair/visit/$"))
    visit = page.locator("#repair-form")
    visit.locator("[name=visit_street]").fill("4 rue des Ormes")
    visit.locator("[name=visit_postal_code]").fill("33000")
    visit.locator("[name=visit_city]").fill("Bordeaux")
    visit.locator("[name=fault_description]").fill("It does not drain.")
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    visit.locator("[name=slot_1_date]").fill(tomorrow)
    visit.locator("[name=slot_1_period]").select_option("morning")
    visit.locator("#terms_accepted").check()
    visit.locator("#order-repair").click()

    # when: they pay the travel fee, the technician visits and sends a quote
    pay_with_dummy(page)
    with tenant_context(store):
        repair = RepairOrder.objects.select_related("order").get(customer__user__email=email)
        assert repair.path == "on_site" and repair.status == "visit_scheduled"
        assert repair.order.status == "paid"
    quote_id = on_own_connection(_visit_and_quote, store, email)

    # and: the customer opens the quote from the repair page, accepts it and pays
    page.goto(url(f"/repairs/{repair.pk}/"))
    page.locator("#live-quote a").click()
    page.wait_for_url(re.compile(rf"/repairs/quotes/{quote_id}/$"))
    assert "Drain pump" in page.locator("#quote-lines").inner_text()
    assert page.locator("#total-gross").inner_text() == "120.00"
    accept = page.locator("#accept-form")
    accept.locator("#terms_accepted").check()
    accept.locator("#accept-quote").click()
    pay_with_dummy(page)

    # then: the quote is accepted and paid, and the repair is under way
    with tenant_context(store):
        repair.refresh_from_db()
        quote = repair.quotes.get(pk=quote_id)
        assert quote.status == "accepted" and quote.order.status == "paid"
        assert quote.order.total_gross == Decimal("120.00")
        assert repair.status == "repairing"
