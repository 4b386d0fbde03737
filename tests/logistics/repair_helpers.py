"""Repair parcels for the logistics tests: repairs opened through the real repair actions."""

from tenant_apps.customers.models import Address, Customer
from tenant_apps.logistics.models import Leg, Shipment
from tenant_apps.logistics.repair_shipping import create_repair_shipment
from tenant_apps.repairs.models import RepairOrder
from tests.repairs.helpers import at_status, new_device, new_repair

DESK = "desk@alpha.test"


def customer_with_address(user=None, email: str = "") -> Customer:  # type: ignore[no-untyped-def]
    """A customer (of ``user``, else a guest) living at 12 rue des Lilas, 69003 Lyon."""
    customer = (Customer.objects.create(user=user) if user is not None else
                Customer.objects.create(guest_email=email or "guest@example.test",
                                        guest_name="Camille Martin"))
    Address.objects.create(customer=customer, street="12 rue des Lilas", postal_code="69003",
                           city="Lyon", is_default_delivery=True)
    return customer


def repair_at(status: str, *, path: str = "diagnosis",
              customer: Customer | None = None) -> RepairOrder:
    """A repair opened through the actions, then put at ``status`` (test set-up only)."""
    device = new_device(customer) if customer is not None else None
    return at_status(new_repair(path, device=device), status)


def inbound(repair: RepairOrder, **options: object) -> Shipment:
    return create_repair_shipment(repair, leg=Leg.TO_REPAIR_CENTRE, actor_email=DESK,
                                  **options)  # type: ignore[arg-type]


def outbound(repair: RepairOrder, **options: object) -> Shipment:
    return create_repair_shipment(repair, leg=Leg.FROM_REPAIR_CENTRE, actor_email=DESK,
                                  **options)  # type: ignore[arg-type]
