"""Matrix rows of the repairs back office (/backoffice/repairs/): staff only, counter staff up."""

import io

from django_tenants.utils import tenant_context

from tenant_apps.customers.models import Customer
from tenant_apps.logistics.models import Shipment
from tenant_apps.repairs.actions import add_repair_photo
from tenant_apps.repairs.models import Quote, RepairNote, RepairOrder
from tests.matrix_parts import TENANT, Row

REPAIR = "repair_id=backoffice_repair_id"

ROWS = {
    (TENANT, "repairs_admin:queue"): Row("counter_staff"),
    (TENANT, "repairs_admin:detail"): Row("counter_staff", kwargs=(REPAIR,)),
    (TENANT, "repairs_admin:transition"): Row("counter_staff", "post", (REPAIR,)),
    (TENANT, "repairs_admin:note"): Row("counter_staff", "post", (REPAIR,)),
    (TENANT, "repairs_admin:quote"): Row("counter_staff", kwargs=(REPAIR,)),
    (TENANT, "repairs_admin:quote_send"): Row("counter_staff", "post", (REPAIR,)),
    (TENANT, "repairs_admin:ship_back"): Row("counter_staff", "post", (REPAIR,)),
    (TENANT, "repairs_admin:photo"): Row(
        "counter_staff", kwargs=(REPAIR, "photo_id=backoffice_photo_id")),
    (TENANT, "repairs_admin:proof"): Row("counter_staff", kwargs=(REPAIR,)),
}


def objects(tenant, users) -> dict:  # type: ignore[no-untyped-def]
    from tests.repairs.helpers import at_status, image_bytes, new_device, new_repair

    with tenant_context(tenant):
        customer = Customer.objects.get(user=users["customer"])
        repair = at_status(new_repair("diagnosis", device=new_device(customer)), "diagnosing")
        photo = add_repair_photo(repair, io.BytesIO(image_bytes()), name="fault.png")
    return {"backoffice_repair_id": repair.pk, "backoffice_photo_id": photo.pk}


def snapshot(tenant) -> tuple:  # type: ignore[no-untyped-def]
    with tenant_context(tenant):
        return (tuple(RepairOrder.objects.order_by("pk").values_list("pk", "status")),
                tuple(Quote.objects.order_by("pk").values_list("pk", "status")),
                RepairNote.objects.count(),
                Shipment.objects.filter(repair_order__isnull=False).count())
