"""Parcels on their way, and what their carriers said about them.

A shipment is one leg of one parcel: an online order going to its customer, or (for the repair
journey) a device going to the repair centre, coming back, or passing by a post office or a store.
Changes go through ``actions.py``.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from tenant_apps.commerce.order_models import Order

from .carriers import SIMULATED, known_carrier
from .state import ShipmentStatus


class Direction(models.TextChoices):
    OUTBOUND = "outbound", "To the customer"
    INBOUND = "inbound", "From the customer"


class Leg(models.TextChoices):
    ORDER_DELIVERY = "order_delivery", "Order delivery"
    TO_REPAIR_CENTRE = "to_repair_centre", "To the repair centre"
    FROM_REPAIR_CENTRE = "from_repair_centre", "Back from the repair centre"
    TO_POST_OFFICE = "to_post_office", "To the post office"
    TO_STORE = "to_store", "To the store"


# Which way each leg goes, seen from the customer: only outbound legs deliver an order. A device
# goes to the repair centre (inbound); it comes back to the customer's door, or to a post office
# or a store where the customer collects it (outbound). The direction is always the leg's.
LEG_DIRECTIONS: dict[Leg, Direction] = {
    Leg.ORDER_DELIVERY: Direction.OUTBOUND,
    Leg.TO_REPAIR_CENTRE: Direction.INBOUND,
    Leg.FROM_REPAIR_CENTRE: Direction.OUTBOUND,
    Leg.TO_POST_OFFICE: Direction.OUTBOUND,
    Leg.TO_STORE: Direction.OUTBOUND,
}
REPAIR_LEGS = (Leg.TO_REPAIR_CENTRE, Leg.FROM_REPAIR_CENTRE, Leg.TO_POST_OFFICE, Leg.TO_STORE)
SHIPMENT_PREFIX = "S"


def _legs_going(direction: Direction) -> list[str]:
    return [leg.value for leg, way in LEG_DIRECTIONS.items() if way == direction]


class Shipment(models.Model):
    """A parcel of an order, of a repair order, or (rows from before repairs) of neither."""

    order = models.ForeignKey(Order, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="shipments")
    repair_order = models.ForeignKey("repairs.RepairOrder", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="shipments")
    leg = models.CharField(max_length=30, choices=Leg.choices, default=Leg.ORDER_DELIVERY)
    direction = models.CharField(max_length=10, choices=Direction.choices,
                                 default=Direction.OUTBOUND)
    carrier = models.CharField(max_length=30)  # a code of carriers.py's registry
    tracking_number = models.CharField(max_length=40)
    status = models.CharField(max_length=20, choices=ShipmentStatus.choices,
                              default=ShipmentStatus.CREATED)
    created_by_email = models.EmailField(max_length=254, blank=True)
    # The simulated carrier only: the tracking steps already played and when the next one is due
    # (None once the parcel's journey is over). See simulation.py.
    simulation_step = models.PositiveSmallIntegerField(default=0)
    next_step_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["next_step_at"], condition=Q(next_step_at__isnull=False),
                                name="logistics_shipment_step_due")]
        constraints = [
            models.UniqueConstraint(fields=["carrier", "tracking_number"],
                                    name="logistics_shipment_tracking_unique"),
            models.CheckConstraint(condition=Q(status__in=ShipmentStatus.values),
                                   name="logistics_shipment_status_known"),
            models.CheckConstraint(condition=Q(leg__in=Leg.values),
                                   name="logistics_shipment_leg_known"),
            models.CheckConstraint(condition=Q(order__isnull=True) | Q(repair_order__isnull=True),
                                   name="logistics_shipment_one_owner"),
            models.CheckConstraint(
                condition=Q(direction=Direction.INBOUND, leg__in=_legs_going(Direction.INBOUND))
                | Q(direction=Direction.OUTBOUND, leg__in=_legs_going(Direction.OUTBOUND)),
                name="logistics_shipment_direction_of_leg"),
            models.CheckConstraint(
                condition=Q(repair_order__isnull=True)
                | Q(leg__in=[leg.value for leg in REPAIR_LEGS]),
                name="logistics_shipment_repair_leg"),
            models.CheckConstraint(
                condition=Q(next_step_at__isnull=True) | Q(carrier=SIMULATED),
                name="logistics_shipment_steps_simulated_only"),
        ]

    def __str__(self) -> str:
        return f"{self.carrier} {self.tracking_number}"

    @property
    def reference(self) -> str:
        """``S-000042``: the shipment's own number in the tenant, printed and barcoded on labels."""
        return f"{SHIPMENT_PREFIX}-{self.pk:06d}"

    @property
    def is_inbound(self) -> bool:
        return self.direction == Direction.INBOUND

    @property
    def carrier_label(self) -> str:
        carrier = known_carrier(self.carrier)
        return carrier.label if carrier else self.carrier

    @property
    def tracking_url(self) -> str:
        carrier = known_carrier(self.carrier)
        return carrier.tracking_url(self.tracking_number) if carrier else ""


class ShipmentEvent(models.Model):
    """One line of the tracking timeline: a status change or a carrier's news, never edited."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=20, choices=ShipmentStatus.choices)
    message = models.CharField(max_length=200, blank=True)
    location = models.CharField(max_length=120, blank=True)
    occurred_at = models.DateTimeField(default=timezone.now)
    actor_email = models.EmailField(max_length=254, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.status}: {self.message}"
