"""The customer's timeline: every status, quote, payment, document and parcel event in order, in
the customer's words; for the signed-in owner, or anyone with the signed link of that tenant."""

import sys
import types
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.commerce.models import Order, OrderLine
from tenant_apps.customers.models import Customer
from tenant_apps.documents.actions import issue_sale_document
from tenant_apps.logistics.models import Shipment, ShipmentEvent
from tenant_apps.payments.models import Payment, Refund
from tenant_apps.repairs import timeline
from tenant_apps.repairs.actions import add_repair_note, transition_repair_order
from tenant_apps.repairs.models import Quote, RepairOrder
from tenant_apps.repairs.quote_actions import accept_quote
from tenant_apps.repairs.timeline import (
    build_timeline,
    repair_from_token,
    timeline_link,
    timeline_path,
    timeline_token,
)
from tests.conftest import HOST_A, make_user

from .helpers import STAFF_EMAIL, at_status, new_device, new_repair, sent_quote

pytestmark = pytest.mark.django_db

SECRET_NOTE = "Customer dropped it in the bath, do not tell"


@pytest.fixture
def fake_shipping(monkeypatch):
    """Stands in for logistics' ``shipments_of(repair)``: the parcels of the repair's order."""
    module = types.ModuleType(timeline.SHIPPING_MODULE)

    def shipments_of(repair):
        parcels = Shipment.objects.filter(Q(order_id=repair.order_id)
                                          | Q(order__repair_quotes__repair_order=repair))
        return list(parcels.distinct().order_by("created_at", "id").prefetch_related("events"))

    module.shipments_of = shipments_of  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, timeline.SHIPPING_MODULE, module)
    return module


def _order_for(customer: Customer, reference: str, gross: str = "36.00") -> Order:
    amount = Decimal(gross)
    net = (amount / Decimal("1.2")).quantize(Decimal("0.01"))
    order = Order.objects.create(
        reference=reference, customer=customer, email="owner@alpha.test",
        customer_name="Olive Owner", vat_status="national", vat_treatment="charged",
        shows_vat_included=True, total_net=net, total_tax=amount - net, total_gross=amount)
    OrderLine.objects.create(order=order, position=1, description="Shipping to the workshop",
                             kind="fee", quantity=1, unit_net=net, unit_gross=amount,
                             vat_rate=Decimal("20.00"), line_net=net, line_tax=amount - net,
                             line_gross=amount)
    return order


def _pay(order: Order, *, refund: str | None = None) -> Payment:
    payment = Payment.objects.create(
        order=order, provider="dummy", status="succeeded", amount=order.total_gross,
        captured_amount=order.total_gross, currency="EUR", captured_at=timezone.now())
    with transaction.atomic():
        issue_sale_document(order)
    if refund:
        Refund.objects.create(payment=payment, amount=Decimal(refund), status="succeeded",
                              completed_at=timezone.now())
    return payment


def _story(tenant, owner_email: str = "owner@alpha.test", *, reference: str = "C-TL1",
           tracking: str = "SIM000000001") -> RepairOrder:
    """A diagnosis repair paid, shipped in, diagnosed, quoted and accepted, with a staff note."""
    user = make_user(tenant, owner_email, Role.CUSTOMER)
    staff = make_user(tenant, f"desk-{reference.lower()}@alpha.test", Role.COUNTER_STAFF)
    with tenant_context(tenant):
        customer = Customer.objects.create(user=user)
        repair = new_repair("diagnosis", device=new_device(customer))
        order = _order_for(customer, reference)
        RepairOrder.objects.filter(pk=repair.pk).update(order=order)
        repair.refresh_from_db()
        _pay(order, refund="6.00")
        transition_repair_order(repair, "awaiting_device", actor_email=STAFF_EMAIL)
        shipment = Shipment.objects.create(order=order, leg="to_repair_centre",
                                           direction="inbound", carrier="manual",
                                           tracking_number=tracking)
        ShipmentEvent.objects.create(shipment=shipment, status="in_transit",
                                     message="Parcel sorted", location="Lyon hub")
        ShipmentEvent.objects.create(shipment=shipment, status="delivered",
                                     message="Delivered to the repair centre")
        for status in ("received", "diagnosing"):
            transition_repair_order(repair, status, actor_email=STAFF_EMAIL)
        add_repair_note(repair, SECRET_NOTE, author=staff)
        quote = sent_quote(repair)
        accept_quote(quote, actor_email=owner_email)
        repair.refresh_from_db()
    return repair


def _login(client, tenant, email: str):
    from tenant_apps.accounts.models import User

    with tenant_context(tenant):
        client.force_login(User.objects.get(email=email))
    return client


def test_entries_are_in_order_in_the_customers_words(tenant_a, fake_shipping):
    repair = _story(tenant_a)
    with tenant_context(tenant_a):
        entries = build_timeline(repair, page_path="/track/x/")
    titles = [entry.title for entry in entries]
    assert [entry.at for entry in entries] == sorted(entry.at for entry in entries)
    expected = [
        f"Repair request {repair.reference} opened",
        "Payment received",
        "Refund sent to you",
        "We are waiting for your device",
        "Your return label is ready",
        "Parcel SIM000000001: in transit",
        "Parcel SIM000000001: delivered",
        "Your device has arrived at our repair centre",
        "A technician is examining your device",
        "Quote 1 sent to you",
        "Your quote is ready",
        "You accepted quote 1",
        "Quote accepted: waiting for your payment",
    ]
    positions = [next(i for i, title in enumerate(titles) if title.startswith(text))
                 for text in expected]
    assert positions == sorted(positions), titles
    assert any(title.startswith("Your receipt") for title in titles)
    quote_entry = next(entry for entry in entries if entry.title == "Quote 1 sent to you")
    assert quote_entry.amount == Decimal("78.60") and quote_entry.link == "/track/x/#quote-1"
    payment = next(entry for entry in entries if entry.title == "Payment received")
    assert payment.amount == Decimal("36.00")


def test_the_owner_page_shows_no_staff_data(tenant_a, client_a, fake_shipping):
    repair = _story(tenant_a)
    client = _login(client_a, tenant_a, "owner@alpha.test")
    response = client.get(reverse("timeline:repair", urlconf="config.urls_tenant",
                                  kwargs={"reference": repair.reference}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your device has arrived at our repair centre" in html
    assert 'id="quote-1"' in html and "Screen" in html
    assert "/documents/" in html and "Lyon hub" in html
    for secret in (SECRET_NOTE, STAFF_EMAIL, "desk-c-tl1@alpha.test", "Awal", "actor"):
        assert secret not in html
    assert response["Cache-Control"] == "private, no-store"


def test_only_the_owner_opens_the_signed_in_page(tenant_a, client_a):
    repair = _story(tenant_a)
    make_user(tenant_a, "nosy@alpha.test", Role.CUSTOMER)
    url = f"/track/repair/{repair.reference}/"
    anonymous = client_a.get(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert _login(client_a, tenant_a, "nosy@alpha.test").get(url).status_code == 404
    assert _login(client_a, tenant_a, "owner@alpha.test").get(url).status_code == 200
    assert client_a.get("/track/repair/R-999999/").status_code == 404


def test_the_signed_link_opens_anonymously_with_guest_downloads(tenant_a, client_a):
    repair = _story(tenant_a)
    with tenant_context(tenant_a):
        path = timeline_path(repair)
        link = timeline_link(repair)
        order_token = repair.order.public_token
    assert link == f"http://{HOST_A}{path}"
    response = client_a.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert repair.reference in html and SECRET_NOTE not in html
    assert f"/documents/{order_token}/" in html  # opens without an account
    assert response["Referrer-Policy"] == "no-referrer"


def test_a_link_of_tenant_a_does_not_open_on_tenant_b(tenant_a, tenant_b, client_b):
    with tenant_context(tenant_b):
        repair_b = new_repair("diagnosis")
    with tenant_context(tenant_a):
        # a token signed on A for a number that names a repair on B
        while True:
            repair_a = new_repair("diagnosis")
            if repair_a.pk >= repair_b.pk:
                break
        token_for_b_pk = timeline._signer().sign(str(repair_b.pk))
        token_a = timeline_token(repair_a)
    assert client_b.get(f"/track/{token_for_b_pk}/").status_code == 404
    assert client_b.get(f"/track/{token_a}/").status_code == 404
    with tenant_context(tenant_b):
        assert repair_from_token(token_for_b_pk) is None
        assert repair_from_token(timeline_token(repair_b)) == repair_b


def test_a_tampered_or_expired_link_is_refused(tenant_a, client_a, monkeypatch):
    with tenant_context(tenant_a):
        repair = new_repair("diagnosis")
        other = new_repair("diagnosis")
        token = timeline_token(repair)
    value, stamp, signature = token.split(":")
    tampered = [f"{other.pk}:{stamp}:{signature}",
                f"{value}:{stamp}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",
                f"{value}:{stamp}", "garbage", "x" * 500]
    for bad in tampered:
        assert client_a.get(f"/track/{bad}/").status_code == 404, bad
    assert client_a.get(f"/track/{token}/").status_code == 200
    later = timezone.now().timestamp() + (timeline.LINK_MAX_AGE_DAYS + 1) * 24 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert client_a.get(f"/track/{token}/").status_code == 404


def _grow(repair: RepairOrder, rounds: int) -> None:
    """More history of every kind: events, quotes, payments, parcels."""
    for index in range(rounds):
        at_status(repair, "diagnosing")
        quote = sent_quote(repair)
        order = _order_for(repair.customer, f"C-GROW{repair.pk}-{index}")
        _pay(order, refund="1.00")
        Quote.objects.filter(pk=quote.pk).update(order=order)
        shipment = Shipment.objects.create(order=order, leg="to_repair_centre",
                                           direction="inbound", carrier="manual",
                                           tracking_number=f"GROW{repair.pk}X{index}")
        for step in range(3):
            ShipmentEvent.objects.create(shipment=shipment, status="in_transit",
                                         message=f"Step {step}")


def test_queries_do_not_grow_with_the_history(tenant_a, client_a, fake_shipping):
    small = _story(tenant_a, "small@alpha.test", reference="C-SMALL", tracking="SIMSMALL")
    large = _story(tenant_a, "large@alpha.test", reference="C-LARGE", tracking="SIMLARGE")
    with tenant_context(tenant_a):
        _grow(large, 4)
        small_path, large_path = timeline_path(small), timeline_path(large)
        assert large.events.count() > small.events.count() + 3
    client_a.get(small_path)  # warms the tenant's caches (domain, brand)
    counts = []
    for path in (small_path, large_path):
        with CaptureQueriesContext(connection) as queries:
            assert client_a.get(path).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_repairs_parcels_come_from_logistics_with_their_label(tenant_a, client_a):
    repair_shipping = pytest.importorskip("tenant_apps.logistics.repair_shipping")
    user = make_user(tenant_a, "parcel@alpha.test", Role.CUSTOMER)
    with tenant_context(tenant_a):
        repair = at_status(new_repair("diagnosis", device=new_device(
            Customer.objects.create(user=user))), "awaiting_device")
        shipment = repair_shipping.create_repair_shipment(repair, leg="to_repair_centre",
                                                          actor_email=STAFF_EMAIL)
        entries = build_timeline(repair, page_path="/track/x/")
    label = reverse("shipping:label", urlconf="config.urls_tenant",
                    kwargs={"shipment_id": shipment.pk})
    [parcel] = [entry for entry in entries if entry.kind == "shipment"]
    assert parcel.title == "Your return label is ready" and parcel.link == label
    assert shipment.tracking_number in parcel.detail
    html = _login(client_a, tenant_a, "parcel@alpha.test").get(
        f"/track/repair/{repair.reference}/").content.decode()
    assert label in html and STAFF_EMAIL not in html


def test_a_live_quote_links_to_its_answer(tenant_a, client_a):
    with tenant_context(tenant_a):
        repair = at_status(new_repair("diagnosis"), "diagnosing")
        quote = sent_quote(repair)
        path = timeline_path(repair)
    html = client_a.get(path).content.decode()
    assert 'id="quote-1"' in html and "78.60" in html
    answer = reverse("repairs:quote", urlconf="config.urls_tenant", kwargs={"quote_id": quote.pk})
    assert f'href="{answer}"' in html
