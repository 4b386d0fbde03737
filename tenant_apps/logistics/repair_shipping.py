"""Parcels of the repair journey: the device going to the repair centre and coming back.

``create_repair_shipment`` records a parcel for one leg of a repair order (the demo carrier issues
its own tracking number); a parcel going back to the customer moves the repair to "shipped back"
in the same transaction. Deliveries move the repair on through ``actions.transition_shipment``
(received at the repair centre; completed, or closed when returned unrepaired, once back).
``inbound_label_pdf`` is the return label ("bon de retour") the customer sticks on the parcel.
"""

from django.db import transaction

from tenant_apps.documents.rendering import html_to_pdf
from tenant_apps.repairs.actions import transition_repair_order
from tenant_apps.repairs.models import RepairOrder
from tenant_apps.repairs.state import RepairPath, RepairStatus
from tenant_apps.repairs.state import can_transition as repair_can_transition

from .actions import new_shipment
from .carriers import SIMULATED, Carrier, SimulatedCarrier, carrier_for
from .errors import (
    InvalidLeg,
    ParcelAlreadyTravelling,
    RepairNotShippable,
    ShipmentError,
    TrackingNumberTaken,
)
from .labels import label_html
from .models import LEG_DIRECTIONS, REPAIR_LEGS, Direction, Leg, Shipment
from .selectors import with_timelines
from .state import ShipmentStatus

# Where a repair must be for its device to travel each way.
INBOUND_FROM = frozenset({RepairStatus.AWAITING_PAYMENT, RepairStatus.AWAITING_DEVICE})
OUTBOUND_FROM = frozenset({RepairStatus.REPAIRED, RepairStatus.RETURNING,
                           RepairStatus.SHIPPED_BACK})
LIVE_STATUSES = (ShipmentStatus.CREATED, ShipmentStatus.IN_TRANSIT)
NUMBER_ATTEMPTS = 5


def _repair_leg(leg: str) -> Leg:
    if leg not in [value.value for value in REPAIR_LEGS]:
        raise InvalidLeg()
    return Leg(leg)


def _check_travels(repair: RepairOrder, leg: Leg) -> None:
    if repair.path == RepairPath.ON_SITE:
        raise RepairNotShippable("An on-site repair happens where the device is: nothing to "
                                 "ship.")
    inbound = LEG_DIRECTIONS[leg] == Direction.INBOUND
    if repair.status not in (INBOUND_FROM if inbound else OUTBOUND_FROM):
        way = "to the repair centre" if inbound else "back"
        raise RepairNotShippable(f"A repair that is {repair.get_status_display().lower()} "
                                 f"does not send its device {way}.")


def _typed_number(carrier: Carrier, typed: str) -> str:
    """The typed number checked by its carrier; "" when the demo carrier is to issue one."""
    typed = (typed or "").strip()
    if not typed and isinstance(carrier, SimulatedCarrier):
        return ""
    return carrier.validate_tracking_number(typed)


def _issued_number(carrier: SimulatedCarrier) -> str:
    for _ in range(NUMBER_ATTEMPTS):
        number = carrier.new_tracking_number()
        if not Shipment.objects.filter(carrier=carrier.code, tracking_number=number).exists():
            return number
    raise ShipmentError("No tracking number is free right now: try again.",
                        code="numbers_exhausted", field="tracking_number", status=503)


def create_repair_shipment(repair: RepairOrder, *, leg: str, carrier: str = SIMULATED,
                           tracking_number: str = "", actor_email: str) -> Shipment:
    """Send the repair's device on ``leg`` with ``carrier``; returns the shipment.

    The number is checked like an order's (the demo carrier issues one when none is typed). A
    device goes to the repair centre while the repair awaits its payment or the device, and
    back once repaired (the repair becomes "shipped back") or returned unrepaired; on-site
    repairs never ship. Asking again for a leg whose parcel is still on its way returns that
    parcel (a repeated payment notice cannot make two labels); another number is refused.
    """
    chosen_leg = _repair_leg(leg)
    chosen = carrier_for(carrier)
    number = _typed_number(chosen, tracking_number)
    with transaction.atomic():
        locked = RepairOrder.objects.select_for_update().get(pk=repair.pk)
        live = (Shipment.objects.filter(repair_order=locked, leg=chosen_leg,
                                        status__in=LIVE_STATUSES).order_by("-id").first())
        if live is not None:
            if live.carrier == chosen.code and number in ("", live.tracking_number):
                return live
            raise ParcelAlreadyTravelling(live.reference)
        _check_travels(locked, chosen_leg)
        if not number and isinstance(chosen, SimulatedCarrier):
            number = _issued_number(chosen)
        if Shipment.objects.filter(carrier=chosen.code, tracking_number=number).exists():
            raise TrackingNumberTaken()
        shipment = new_shipment(chosen, number, chosen_leg, actor_email=actor_email,
                                repair_order=locked)
        if shipment.direction == Direction.OUTBOUND and repair_can_transition(
                locked.path, locked.status, RepairStatus.SHIPPED_BACK):
            transition_repair_order(locked, RepairStatus.SHIPPED_BACK, actor_email=actor_email)
    repair.status, repair.updated_at = locked.status, locked.updated_at
    return shipment


def inbound_label_pdf(shipment: Shipment) -> bytes:
    """The parcel's label as a PDF: for the trip to the repair centre, the return label ("bon de
    retour") from the customer to the repair centre; for a trip back, the other way round."""
    return html_to_pdf(label_html(shipment))


def shipments_of(repair: RepairOrder) -> list[Shipment]:
    """The repair's parcels, oldest first, each with its tracking events prefetched."""
    return list(with_timelines(Shipment.objects.filter(repair_order=repair)
                               .order_by("created_at", "id")))
