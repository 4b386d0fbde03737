"""The life of a shipment: its statuses and the moves between them.

Small on purpose: a manual carrier only knows "handed over" and "arrived"; carriers that report
tracking events (a simulated one for the demo, real ones later) move through ``in_transit``.
"""

from django.db import models


class ShipmentStatus(models.TextChoices):
    CREATED = "created", "Created"
    IN_TRANSIT = "in_transit", "In transit"
    DELIVERED = "delivered", "Delivered"
    RETURNED = "returned", "Returned to sender"
    LOST = "lost", "Lost"


SHIPMENT_TRANSITIONS: dict[ShipmentStatus, frozenset[ShipmentStatus]] = {
    ShipmentStatus.CREATED: frozenset({ShipmentStatus.IN_TRANSIT, ShipmentStatus.DELIVERED,
                                       ShipmentStatus.RETURNED, ShipmentStatus.LOST}),
    ShipmentStatus.IN_TRANSIT: frozenset({ShipmentStatus.DELIVERED, ShipmentStatus.RETURNED,
                                          ShipmentStatus.LOST}),
    ShipmentStatus.DELIVERED: frozenset(),
    ShipmentStatus.RETURNED: frozenset(),
    ShipmentStatus.LOST: frozenset(),
}

# Once a parcel has arrived, come back or been written off, nothing more happens to it.
FINAL_STATUSES = frozenset(status for status, targets in SHIPMENT_TRANSITIONS.items()
                           if not targets)


def can_transition(source: str, target: str) -> bool:
    if source not in ShipmentStatus.values or target not in ShipmentStatus.values:
        return False
    return ShipmentStatus(target) in SHIPMENT_TRANSITIONS[ShipmentStatus(source)]


def allowed_targets(status: str) -> list[ShipmentStatus]:
    targets = SHIPMENT_TRANSITIONS.get(ShipmentStatus(status), frozenset())
    return [target for target in ShipmentStatus if target in targets]
