"""The demo carrier's parcels travel by themselves: one tracking step per due run.

A simulated parcel starts with its label created (``actions.new_shipment`` schedules the first
step); then it is picked up, sorted at a hub, out for delivery and delivered, each step a
``ShipmentEvent`` written through the ordinary actions, so an order or a repair order follows its
parcel exactly as with a real carrier. ``next_step_at`` makes each step happen once: a run takes
only parcels whose step is due, under lock, and pushes the next step one interval later, so two
runs in the same minute (or two workers at once) advance a parcel once. Staff may play the next
step at once from the back office (``expected_step`` makes a double click count once).
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from .actions import add_tracking_event, lock_owner, transition_shipment
from .addresses import parties
from .carriers import SIMULATED, SIMULATED_CARRIER
from .models import Leg, Shipment
from .state import FINAL_STATUSES, ShipmentStatus

# A run handles at most this many parcels per tenant; the rest wait for the next run.
BATCH_SIZE = 200


@dataclass(frozen=True)
class Step:
    status: ShipmentStatus
    message: str
    where: str  # "sender", "hub" or "recipient": the location printed on the event


STEPS = (
    Step(ShipmentStatus.IN_TRANSIT, "Parcel picked up.", "sender"),
    Step(ShipmentStatus.IN_TRANSIT, "In transit: sorted at the regional hub.", "hub"),
    Step(ShipmentStatus.IN_TRANSIT, "Out for delivery.", "recipient"),
    Step(ShipmentStatus.DELIVERED, "Delivered.", "recipient"),
)
HUB = "Sorting centre"

_DELIVERED_MESSAGES = {
    Leg.TO_REPAIR_CENTRE: "Delivered to the repair centre.",
    Leg.FROM_REPAIR_CENTRE: "Delivered to the customer.",
    Leg.ORDER_DELIVERY: "Delivered to the customer.",
    Leg.TO_POST_OFFICE: "Delivered to the post office: ready for collection.",
    Leg.TO_STORE: "Delivered to the store: ready for collection.",
}


def _message(step: Step, shipment: Shipment) -> str:
    if step.status == ShipmentStatus.DELIVERED:
        return _DELIVERED_MESSAGES.get(Leg(shipment.leg), step.message)
    return step.message


def _location(step: Step, shipment: Shipment) -> str:
    if step.where == "hub":
        return HUB
    sender, recipient = parties(shipment)
    return (sender if step.where == "sender" else recipient).city


def _play(shipment: Shipment, step: Step, now: datetime) -> None:
    message, location = _message(step, shipment), _location(step, shipment)
    if step.status != shipment.status:
        transition_shipment(shipment, step.status, message=message, location=location,
                            occurred_at=now)
    else:
        add_tracking_event(shipment, message, location=location, occurred_at=now)


def advance_simulated_shipment(shipment: Shipment, *, now: datetime | None = None,
                               expected_step: int | None = None) -> bool:
    """Play the parcel's next tracking step if it is due; True when a step was played.

    Without ``expected_step`` (the scheduled run) the step must be due by ``now``; with it
    (staff's "advance now") the parcel must still be at that step, whatever the time. Parcels of
    other carriers and parcels whose journey is over are left alone.
    """
    now = now or timezone.now()
    with transaction.atomic():
        lock_owner(shipment)
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        if (locked.carrier != SIMULATED or locked.status in FINAL_STATUSES
                or locked.simulation_step >= len(STEPS)):
            return False
        if expected_step is None:
            if locked.next_step_at is None or locked.next_step_at > now:
                return False
        elif locked.simulation_step != expected_step:
            return False
        step = STEPS[locked.simulation_step]
        locked.simulation_step += 1
        last = locked.simulation_step >= len(STEPS)
        locked.next_step_at = None if last else now + SIMULATED_CARRIER.step_interval
        locked.save(update_fields=["simulation_step", "next_step_at", "updated_at"])
        _play(locked, step, now)
    shipment.refresh_from_db()
    return True


def advance_due_shipments(*, now: datetime | None = None) -> int:
    """Play the due step of every simulated parcel of the current tenant; returns how many."""
    now = now or timezone.now()
    due = list(Shipment.objects.filter(carrier=SIMULATED, next_step_at__lte=now)
               .exclude(status__in=FINAL_STATUSES).order_by("next_step_at", "id")
               .values_list("pk", flat=True)[:BATCH_SIZE])
    played = 0
    for shipment in Shipment.objects.filter(pk__in=due).order_by("next_step_at", "id"):
        played += advance_simulated_shipment(shipment, now=now)
    return played


def is_travelling(shipment: Shipment) -> bool:
    """A simulated parcel with steps still to play (staff may advance it by hand)."""
    return (shipment.carrier == SIMULATED and shipment.status not in FINAL_STATUSES
            and shipment.simulation_step < len(STEPS))
