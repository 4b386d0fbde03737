"""Shipping an order: the order moves with its parcels, the customer is told once."""

import pytest
from django.core import mail
from django_tenants.utils import tenant_context

from tenant_apps.commerce.models import Order, OrderEvent
from tenant_apps.logistics.actions import (
    add_tracking_event,
    create_shipment,
    mark_delivered,
)
from tenant_apps.logistics.errors import (
    InvalidTrackingNumber,
    OrderNotShippable,
    TrackingNumberTaken,
    UnknownCarrier,
)
from tenant_apps.logistics.models import Direction, Leg, Shipment, ShipmentEvent
from tests.orders.helpers import placed_order

from .helpers import COLISSIMO_NUMBER, processing_order

pytestmark = pytest.mark.django_db


def _ship(tenant, order, number=COLISSIMO_NUMBER, carrier="colissimo"):  # type: ignore[no-untyped-def]
    with tenant_context(tenant):
        return create_shipment(order, carrier=carrier, tracking_number=number,
                               actor_email="desk@alpha.test")


def test_shipping_moves_the_order_to_shipped_and_records_the_parcel(tenant_a):
    order = processing_order(tenant_a)
    shipment = _ship(tenant_a, order, " 6a 12345678901 ")
    assert order.status == "shipped"
    with tenant_context(tenant_a):
        assert Order.objects.get(pk=order.pk).status == "shipped"
        stored = Shipment.objects.get(order=order)
        assert (stored.pk, stored.carrier, stored.tracking_number, stored.status) == (
            shipment.pk, "colissimo", COLISSIMO_NUMBER, "created")
        assert (stored.leg, stored.direction) == (Leg.ORDER_DELIVERY, Direction.OUTBOUND)
        assert stored.tracking_url.endswith("?code=6A12345678901")
        assert ShipmentEvent.objects.get(shipment=stored).status == "created"
        assert OrderEvent.objects.filter(order=order).latest("id").to_status == "shipped"


def test_the_customer_gets_one_branded_shipped_email_after_commit(
        tenant_a, django_capture_on_commit_callbacks):
    order = processing_order(tenant_a, "parcel@example.com")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _ship(tenant_a, order)
    assert len(callbacks) == 1 and len(mail.outbox) == 1
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert message.to == ["parcel@example.com"]
    assert message.subject == f"Alpha Phones: your order {order.reference} has shipped"
    assert "https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901" in message.body
    assert "https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901" in html
    assert "#aa0000" in html and "Alpha Phones" in message.body
    # A second submission is refused: the order is no longer processing, no second e-mail.
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(OrderNotShippable):
        _ship(tenant_a, order, "6A12345678902")
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("status", ["placed", "paid", "shipped", "delivered", "cancelled"])
def test_only_processing_orders_can_be_shipped(tenant_a, status,
                                               django_capture_on_commit_callbacks):
    order = placed_order(tenant_a)
    with tenant_context(tenant_a):
        Order.objects.filter(pk=order.pk).update(status=status)
    with django_capture_on_commit_callbacks() as callbacks, \
            pytest.raises(OrderNotShippable) as refused:
        _ship(tenant_a, order)
    assert refused.value.status == 409 and refused.value.field == "order"
    assert not callbacks
    with tenant_context(tenant_a):
        assert Order.objects.get(pk=order.pk).status == status
        assert not Shipment.objects.exists()


@pytest.mark.parametrize("carrier, number, error", [
    ("colissimo", "not a number", InvalidTrackingNumber),
    ("colissimo", "", InvalidTrackingNumber),
    ("pigeon", COLISSIMO_NUMBER, UnknownCarrier),
])
def test_bad_carriers_and_numbers_change_nothing(tenant_a, carrier, number, error):
    order = processing_order(tenant_a)
    with pytest.raises(error):
        _ship(tenant_a, order, number, carrier)
    with tenant_context(tenant_a):
        assert Order.objects.get(pk=order.pk).status == "processing"
        assert not Shipment.objects.exists()


def test_a_tracking_number_is_recorded_once(tenant_a):
    _ship(tenant_a, processing_order(tenant_a, "first@example.com"))
    second = processing_order(tenant_a, "second@example.com")
    with pytest.raises(TrackingNumberTaken) as refused:
        _ship(tenant_a, second)
    assert refused.value.field == "tracking_number" and refused.value.status == 409
    with tenant_context(tenant_a):
        assert Order.objects.get(pk=second.pk).status == "processing"


def test_the_order_is_delivered_when_its_last_outbound_parcel_is(tenant_a):
    order = processing_order(tenant_a)
    first = _ship(tenant_a, order)
    with tenant_context(tenant_a):
        second = Shipment.objects.create(order=order, carrier="chronopost",
                                         tracking_number="XY123456789FR")
        lost = Shipment.objects.create(order=order, carrier="other", tracking_number="LOST1234",
                                       status="lost")
        inbound = Shipment.objects.create(order=order, carrier="other",
                                          tracking_number="BACK1234", leg=Leg.TO_REPAIR_CENTRE,
                                          direction=Direction.INBOUND)
        mark_delivered(first, actor_email="desk@alpha.test")
        assert Order.objects.get(pk=order.pk).status == "shipped"
        mark_delivered(second, actor_email="desk@alpha.test")
        assert Order.objects.get(pk=order.pk).status == "delivered"
        assert OrderEvent.objects.filter(order=order).latest("id").actor_email == (
            "desk@alpha.test")
        assert Shipment.objects.get(pk=lost.pk).status == "lost"
        assert Shipment.objects.get(pk=inbound.pk).status == "created"


def test_tracking_events_add_to_the_timeline_and_may_move_the_shipment(tenant_a):
    order = processing_order(tenant_a)
    shipment = _ship(tenant_a, order)
    with tenant_context(tenant_a):
        add_tracking_event(shipment, "Parcel sorted", location="Roissy")
        assert Shipment.objects.get(pk=shipment.pk).status == "created"
        add_tracking_event(shipment, "On its way", status="in_transit")
        add_tracking_event(shipment, "Handed to the customer", status="delivered")
        assert list(ShipmentEvent.objects.filter(shipment=shipment).values_list(
            "status", "message")) == [
            ("created", "Handed over to La Poste Colissimo."), ("created", "Parcel sorted"),
            ("in_transit", "On its way"), ("delivered", "Handed to the customer")]
        assert Order.objects.get(pk=order.pk).status == "delivered"
