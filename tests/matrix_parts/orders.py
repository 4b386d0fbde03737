"""Matrix rows of the orders API, the orders CSV export and the shipments back office."""

from django_tenants.utils import tenant_context

from tenant_apps.commerce.models import Order
from tenant_apps.logistics.models import Shipment, ShipmentEvent
from tests.matrix_parts import TENANT, Row

ROWS = {
    (TENANT, "orders:export"): Row("manager"),
    (TENANT, "logistics:create"): Row("counter_staff", "post", ("order_id",)),
    (TENANT, "logistics:transition"): Row("counter_staff", "post", ("shipment_id",)),
    (TENANT, "tenant_api:orders-list"): Row("counter_staff"),
    (TENANT, "tenant_api:orders-detail"): Row("counter_staff", kwargs=("pk=order_id",)),
    (TENANT, "tenant_api:orders-transition"): Row("counter_staff", "post", ("pk=order_id",)),
    (TENANT, "tenant_api:orders-notes"): Row("counter_staff", "post", ("pk=order_id",)),
    (TENANT, "tenant_api:orders-shipments"): Row("counter_staff", "post", ("pk=order_id",)),
    (TENANT, "tenant_api:orders-mine"): Row("customer"),
    (TENANT, "tenant_api:orders-mine-detail"): Row("customer",
                                                   kwargs=("reference=order_reference",)),
}


def objects(tenant, users) -> dict:  # type: ignore[no-untyped-def]
    with tenant_context(tenant):
        order = Order.objects.get(reference="C-MATRIX")
        shipment = Shipment.objects.create(order=order, carrier="colissimo",
                                           tracking_number="6A12345678901")
    return {"shipment_id": shipment.pk, "order_reference": order.reference}


def snapshot(tenant) -> tuple:  # type: ignore[no-untyped-def]
    with tenant_context(tenant):
        return (tuple(Shipment.objects.order_by("pk").values_list("pk", "status")),
                ShipmentEvent.objects.count())
