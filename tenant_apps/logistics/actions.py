"""Every change to a shipment: creating it for an order, moving it, recording carrier news.

Each action is one transaction that locks the rows it changes and writes the tracking event with
them. When a shipment belongs to an order, the order's row is locked first, so the order moves
exactly once: to "shipped" with its first parcel, to "delivered" with its last.
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from tenant_apps.commerce.order_actions import transition_order
from tenant_apps.commerce.order_models import Order
from tenant_apps.commerce.order_state import OrderStatus
from tenants.mail import send_branded_email

from .carriers import Carrier, carrier_for
from .errors import (
    InvalidShipmentTransition,
    OrderNotShippable,
    ShipmentError,
    TrackingNumberTaken,
)
from .models import LEG_DIRECTIONS, Direction, Leg, Shipment, ShipmentEvent
from .state import ShipmentStatus, can_transition

MAX_MESSAGE_LENGTH = 200
MAX_LOCATION_LENGTH = 120


def _notify_shipped(order: Order, shipment: Shipment, carrier: Carrier) -> None:
    """The customer's "your order has shipped" e-mail, sent once the transaction commits."""
    send_branded_email("order_shipped", order.email, {
        "name": order.customer_name,
        "order_reference": order.reference,
        "carrier": carrier.label,
        "tracking_number": shipment.tracking_number,
        "tracking_url": carrier.tracking_url(shipment.tracking_number),
    })


def _new_shipment(order: Order, carrier: Carrier, number: str, leg: Leg,
                  actor_email: str) -> Shipment:
    try:
        with transaction.atomic():
            shipment = Shipment.objects.create(
                order=order, leg=leg, direction=LEG_DIRECTIONS[leg], carrier=carrier.code,
                tracking_number=number, created_by_email=actor_email)
    except IntegrityError:  # the same number was entered a moment ago
        raise TrackingNumberTaken() from None
    ShipmentEvent.objects.create(shipment=shipment, status=ShipmentStatus.CREATED,
                                 message=f"Handed over to {carrier.label}.",
                                 actor_email=actor_email)
    return shipment


def create_shipment(order: Order, *, carrier: str, tracking_number: str, actor_email: str,
                    leg: Leg = Leg.ORDER_DELIVERY) -> Shipment:
    """Ship a processing order: the parcel is recorded and the order becomes "shipped".

    Refused with nothing changed for an unknown carrier, a tracking number the carrier cannot
    have issued, a number already recorded, or an order that is not processing (which also stops
    a double submission from e-mailing the customer twice).
    """
    chosen = carrier_for(carrier)
    number = chosen.validate_tracking_number(tracking_number)
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status != OrderStatus.PROCESSING:
            raise OrderNotShippable(locked.status)
        if Shipment.objects.filter(carrier=chosen.code, tracking_number=number).exists():
            raise TrackingNumberTaken()
        shipment = _new_shipment(locked, chosen, number, leg, actor_email)
        transition_order(locked, OrderStatus.SHIPPED, actor_email=actor_email)
        _notify_shipped(locked, shipment, chosen)
    order.status, order.updated_at = locked.status, locked.updated_at
    return shipment


def _deliver_order_when_complete(order: Order, *, actor_email: str) -> None:
    """A shipped order is delivered once every outbound parcel still travelling has arrived."""
    if order.status != OrderStatus.SHIPPED:
        return
    outbound = Shipment.objects.filter(order=order, direction=Direction.OUTBOUND).exclude(
        status__in=[ShipmentStatus.RETURNED, ShipmentStatus.LOST])
    if outbound.exists() and not outbound.exclude(status=ShipmentStatus.DELIVERED).exists():
        transition_order(order, OrderStatus.DELIVERED, actor_email=actor_email)


def _clean_text(text: str, *, field: str, limit: int) -> str:
    text = (text or "").strip()
    if len(text) > limit:
        raise ShipmentError(f"At most {limit} characters.", code="too_long", field=field)
    return text


def transition_shipment(shipment: Shipment, target: str, *, actor_email: str = "",
                        message: str = "", location: str = "",
                        occurred_at: datetime | None = None) -> Shipment:
    """Move the shipment to ``target`` if the transition table allows it, with a tracking event.

    Delivering the last outbound parcel of a shipped order moves the order to "delivered".
    """
    if target not in ShipmentStatus.values:
        raise ShipmentError("Choose a known status.", code="invalid_status", field="status")
    message = _clean_text(message, field="message", limit=MAX_MESSAGE_LENGTH)
    location = _clean_text(location, field="location", limit=MAX_LOCATION_LENGTH)
    with transaction.atomic():
        order = (Order.objects.select_for_update().filter(pk=shipment.order_id).first()
                 if shipment.order_id else None)
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        if not can_transition(locked.status, target):
            raise InvalidShipmentTransition(locked.status, target)
        locked.status = target
        locked.save(update_fields=["status", "updated_at"])
        ShipmentEvent.objects.create(
            shipment=locked, status=target, actor_email=actor_email, location=location,
            message=message or f"{ShipmentStatus(target).label}.",
            occurred_at=occurred_at or timezone.now())
        if order is not None and target == ShipmentStatus.DELIVERED:
            _deliver_order_when_complete(order, actor_email=actor_email)
    shipment.status, shipment.updated_at = locked.status, locked.updated_at
    return shipment


def mark_delivered(shipment: Shipment, *, actor_email: str) -> Shipment:
    """The parcel arrived (staff saw the carrier's proof, or the carrier said so)."""
    return transition_shipment(shipment, ShipmentStatus.DELIVERED, actor_email=actor_email)


def add_tracking_event(shipment: Shipment, message: str, *, status: str = "",
                       location: str = "", occurred_at: datetime | None = None,
                       actor_email: str = "") -> ShipmentEvent:
    """Record carrier news on the timeline; with a new ``status`` it also moves the shipment.

    The entry point for carriers that report tracking (the simulated demo carrier, real ones).
    """
    if status and status != shipment.status:
        transition_shipment(shipment, status, actor_email=actor_email, message=message,
                            location=location, occurred_at=occurred_at)
        return ShipmentEvent.objects.filter(shipment=shipment).latest("id")
    message = _clean_text(message, field="message", limit=MAX_MESSAGE_LENGTH)
    if not message:
        raise ShipmentError("Write what happened.", code="required", field="message")
    location = _clean_text(location, field="location", limit=MAX_LOCATION_LENGTH)
    with transaction.atomic():
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        return ShipmentEvent.objects.create(
            shipment=locked, status=locked.status, message=message, location=location,
            occurred_at=occurred_at or timezone.now(), actor_email=actor_email)
