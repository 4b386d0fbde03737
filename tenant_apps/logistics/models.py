"""Parcels on their way, and what their carriers said about them.

A shipment is one leg of one parcel: an online order going to its customer, or (for the repair
journey) a device going to the repair centre, coming back, or passing by a post office or a store.
Changes go through ``actions.py``.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from tenant_apps.commerce.order_models import Order

from .carriers import known_carrier
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


# Which way each leg goes, seen from the customer: only outbound legs deliver an order.
LEG_DIRECTIONS: dict[Leg, Direction] = {
    Leg.ORDER_DELIVERY: Direction.OUTBOUND,
    Leg.TO_REPAIR_CENTRE: Direction.INBOUND,
    Leg.FROM_REPAIR_CENTRE: Direction.OUTBOUND,
    Leg.TO_POST_OFFICE: Direction.OUTBOUND,
    Leg.TO_STORE: Direction.OUTBOUND,
}


class Shipment(models.Model):
    order = models.ForeignKey(Order, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="shipments")
    leg = models.CharField(max_length=30, choices=Leg.choices, default=Leg.ORDER_DELIVERY)
    direction = models.CharField(max_length=10, choices=Direction.choices,
                                 default=Direction.OUTBOUND)
    carrier = models.CharField(max_length=30)  # a code of carriers.py's registry
    tracking_number = models.CharField(max_length=40)
    status = models.CharField(max_length=20, choices=ShipmentStatus.choices,
                              default=ShipmentStatus.CREATED)
    created_by_email = models.EmailField(max_length=254, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["carrier", "tracking_number"],
                                    name="logistics_shipment_tracking_unique"),
            models.CheckConstraint(condition=Q(status__in=ShipmentStatus.values),
                                   name="logistics_shipment_status_known"),
            models.CheckConstraint(condition=Q(leg__in=Leg.values),
                                   name="logistics_shipment_leg_known"),
        ]

    def __str__(self) -> str:
        return f"{self.carrier} {self.tracking_number}"

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
