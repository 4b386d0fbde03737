"""Every change to a shipment: creating it for an order, moving it, recording carrier news.

Each action is one transaction that locks the rows it changes and writes the tracking event with
them. When a shipment belongs to an order or a repair order, that row is locked first (always
owner, then shipment: no two actions lock them in opposite orders), so the order moves exactly
once: to "shipped" with its first parcel, to "delivered" with its last. A repair order follows
its parcels too: "received" when the inbound one arrives, "completed" (or "closed" for a device
returned unrepaired) when the one going back does. Repair shipments are created by
``repair_shipping.create_repair_shipment``.
"""

import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from tenant_apps.commerce.order_actions import transition_order
from tenant_apps.commerce.order_models import Order
from tenant_apps.commerce.order_state import OrderStatus
from tenant_apps.repairs.actions import transition_repair_order
from tenant_apps.repairs.models import RepairOrder
from tenant_apps.repairs.state import RepairStatus
from tenant_apps.repairs.state import can_transition as repair_can_transition
from tenants.errors import DomainError
from tenants.mail import send_branded_email

from .carriers import Carrier, SimulatedCarrier, carrier_for
from .errors import (
    InvalidShipmentTransition,
    OrderNotShippable,
    ShipmentError,
    TrackingNumberTaken,
)
from .models import LEG_DIRECTIONS, Direction, Leg, Shipment, ShipmentEvent
from .state import FINAL_STATUSES, ShipmentStatus, can_transition

logger = logging.getLogger(__name__)

MAX_MESSAGE_LENGTH = 200
MAX_LOCATION_LENGTH = 120
# Who moves a repair order when its parcel arrives, when no person reported the delivery.
CARRIER_ACTOR = "carrier"


def _notify_shipped(order: Order, shipment: Shipment, carrier: Carrier) -> None:
    """The customer's "your order has shipped" e-mail, sent once the transaction commits."""
    send_branded_email("order_shipped", order.email, {
        "name": order.customer_name,
        "order_reference": order.reference,
        "carrier": carrier.label,
        "tracking_number": shipment.tracking_number,
        "tracking_url": carrier.tracking_url(shipment.tracking_number),
    })


def _creation_message(carrier: Carrier, leg: Leg) -> str:
    if LEG_DIRECTIONS[leg] == Direction.INBOUND or isinstance(carrier, SimulatedCarrier):
        return f"Label created: {carrier.label} awaits the parcel."
    return f"Handed over to {carrier.label}."


def new_shipment(carrier: Carrier, number: str, leg: Leg, *, actor_email: str,
                 order: Order | None = None,
                 repair_order: RepairOrder | None = None) -> Shipment:
    """Record a parcel and its first tracking event; the caller holds its owner's row locked.

    The direction is the leg's; a simulated parcel gets its first tracking step scheduled.
    """
    now = timezone.now()
    next_step_at = (now + carrier.step_interval if isinstance(carrier, SimulatedCarrier)
                    else None)
    try:
        with transaction.atomic():
            shipment = Shipment.objects.create(
                order=order, repair_order=repair_order, leg=leg, direction=LEG_DIRECTIONS[leg],
                carrier=carrier.code, tracking_number=number, created_by_email=actor_email,
                next_step_at=next_step_at, created_at=now)
    except IntegrityError:  # the same number was entered a moment ago
        raise TrackingNumberTaken() from None
    ShipmentEvent.objects.create(shipment=shipment, status=ShipmentStatus.CREATED,
                                 message=_creation_message(carrier, leg),
                                 actor_email=actor_email, occurred_at=now)
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
        shipment = new_shipment(chosen, number, leg, actor_email=actor_email, order=locked)
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


def _follow_repair(repair: RepairOrder, shipment: Shipment, *, actor_email: str) -> None:
    """The repair order moves with its delivered parcel when its table allows it: received at
    the repair centre, completed (or closed, for a device coming back unrepaired) once back.

    A refused move never undoes the carrier's news: it is logged and the delivery stands.
    """
    targets = ([RepairStatus.RECEIVED] if shipment.direction == Direction.INBOUND
               else [RepairStatus.COMPLETED, RepairStatus.CLOSED])
    target = next((status for status in targets
                   if repair_can_transition(repair.path, repair.status, status)), None)
    if target is None:
        logger.info("Repair %s is %s: the delivery of shipment %s moves nothing.",
                    repair.reference, repair.status, shipment.pk)
        return
    try:
        with transaction.atomic():  # a savepoint: the refusal rolls back the repair's move only
            transition_repair_order(repair, target, actor_email=actor_email or CARRIER_ACTOR)
    except DomainError as refused:
        logger.warning("Repair %s stays %s after the delivery of shipment %s: %s",
                       repair.reference, repair.status, shipment.pk, refused.detail)


def lock_owner(shipment: Shipment) -> tuple[Order | None, RepairOrder | None]:
    """Lock the shipment's order or repair order: taken before the shipment's own row."""
    order = (Order.objects.select_for_update().filter(pk=shipment.order_id).first()
             if shipment.order_id else None)
    repair = (RepairOrder.objects.select_for_update().filter(pk=shipment.repair_order_id).first()
              if shipment.repair_order_id else None)
    return order, repair


def _clean_text(text: str, *, field: str, limit: int) -> str:
    text = (text or "").strip()
    if len(text) > limit:
        raise ShipmentError(f"At most {limit} characters.", code="too_long", field=field)
    return text


def transition_shipment(shipment: Shipment, target: str, *, actor_email: str = "",
                        message: str = "", location: str = "",
                        occurred_at: datetime | None = None) -> Shipment:
    """Move the shipment to ``target`` if the transition table allows it, with a tracking event.

    Delivering the last outbound parcel of a shipped order moves the order to "delivered";
    delivering a repair's parcel moves the repair order (``_follow_repair``).
    """
    if target not in ShipmentStatus.values:
        raise ShipmentError("Choose a known status.", code="invalid_status", field="status")
    message = _clean_text(message, field="message", limit=MAX_MESSAGE_LENGTH)
    location = _clean_text(location, field="location", limit=MAX_LOCATION_LENGTH)
    with transaction.atomic():
        order, repair = lock_owner(shipment)
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        if not can_transition(locked.status, target):
            raise InvalidShipmentTransition(locked.status, target)
        locked.status = target
        if target in FINAL_STATUSES:
            locked.next_step_at = None  # a simulated parcel's journey ends here too
        locked.save(update_fields=["status", "next_step_at", "updated_at"])
        ShipmentEvent.objects.create(
            shipment=locked, status=target, actor_email=actor_email, location=location,
            message=message or f"{ShipmentStatus(target).label}.",
            occurred_at=occurred_at or timezone.now())
        if order is not None and target == ShipmentStatus.DELIVERED:
            _deliver_order_when_complete(order, actor_email=actor_email)
        if repair is not None and target == ShipmentStatus.DELIVERED:
            _follow_repair(repair, locked, actor_email=actor_email)
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
        lock_owner(shipment)
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        return ShipmentEvent.objects.create(
            shipment=locked, status=locked.status, message=message, location=location,
            occurred_at=occurred_at or timezone.now(), actor_email=actor_email)
