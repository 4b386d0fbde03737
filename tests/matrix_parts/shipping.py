"""Shipping: a repair parcel's label for its owner and staff, the back office's parcel list and
its "next step now" button for demo parcels."""

from django_tenants.utils import tenant_context

from tenant_apps.customers.models import Customer
from tenant_apps.logistics.models import Leg, Shipment, ShipmentEvent
from tenant_apps.logistics.repair_shipping import create_repair_shipment
from tenant_apps.repairs.actions import create_repair_order
from tenant_apps.repairs.device_actions import DeviceDetails, register_device
from tenant_apps.repairs.models import RepairOrder
from tests.catalog.helpers import category
from tests.matrix_parts import TENANT, Row

ROWS = {
    (TENANT, "shipping:label"): Row("customer", kwargs=("shipment_id=repair_shipment_id",)),
    (TENANT, "logistics:list"): Row("counter_staff"),
    (TENANT, "logistics:advance"): Row("counter_staff", "post",
                                       ("shipment_id=repair_shipment_id",)),
}


def objects(tenant, users) -> dict:  # type: ignore[no-untyped-def]
    """A diagnosis repair of users["customer"]'s phone, its demo parcel to the repair centre."""
    with tenant_context(tenant):
        owner = Customer.objects.get(user=users["customer"])
        device = register_device(owner, DeviceDetails(category_id=category("phone").pk))
        repair = create_repair_order(device, path="diagnosis", fault_description="No sound.")
        shipment = create_repair_shipment(repair, leg=Leg.TO_REPAIR_CENTRE,
                                          actor_email="desk@matrix.test")
    return {"repair_shipment_id": shipment.pk}


def snapshot(tenant) -> tuple:  # type: ignore[no-untyped-def]
    with tenant_context(tenant):
        return (
            tuple(Shipment.objects.order_by("pk").values_list("pk", "status", "simulation_step")),
            ShipmentEvent.objects.count(),
            tuple(RepairOrder.objects.order_by("pk").values_list("pk", "status")),
        )
