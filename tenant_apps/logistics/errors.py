"""Refused shipment changes: a stable code, a sentence for people, the offending field."""

from tenants.errors import DomainError


class ShipmentError(DomainError):
    code = "shipment_error"
    status = 400


class UnknownCarrier(ShipmentError):
    code = "unknown_carrier"

    def __init__(self) -> None:
        super().__init__("Choose a known carrier.", field="carrier")


class InvalidTrackingNumber(ShipmentError):
    code = "invalid_tracking_number"

    def __init__(self, detail: str, *, code: str | None = None) -> None:
        super().__init__(detail, code=code, field="tracking_number")


class TrackingNumberTaken(ShipmentError):
    code = "tracking_number_taken"
    status = 409

    def __init__(self) -> None:
        super().__init__("A shipment with this carrier and tracking number already exists.",
                         field="tracking_number")


class OrderNotShippable(ShipmentError):
    """Parcels leave for an order being processed: paid, picked and packed."""

    code = "order_not_processing"
    status = 409

    def __init__(self, status: str) -> None:
        super().__init__(f"An order that is {status} cannot be shipped: it must be processing.",
                         field="order")


class InvalidShipmentTransition(ShipmentError):
    code = "invalid_transition"
    status = 409

    def __init__(self, source: str, target: str) -> None:
        super().__init__(f"A shipment that is {source} cannot become {target}.", field="status")


class InvalidLeg(ShipmentError):
    code = "invalid_leg"

    def __init__(self) -> None:
        super().__init__("Choose where the device goes: to the repair centre, back to the "
                         "customer, to a post office or to a store.", field="leg")


class RepairNotShippable(ShipmentError):
    """A device travels to the repair centre before it is received, back once repaired or
    returned unrepaired; on-site repairs never travel."""

    code = "repair_not_shippable"
    status = 409

    def __init__(self, detail: str) -> None:
        super().__init__(detail, field="leg")


class ParcelAlreadyTravelling(ShipmentError):
    code = "parcel_travelling"
    status = 409

    def __init__(self, reference: str) -> None:
        super().__init__(f"Shipment {reference} is already on its way on this leg.",
                         field="tracking_number")
