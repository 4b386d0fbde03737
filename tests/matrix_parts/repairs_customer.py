"""The customer's repair pages: devices, proofs, ordering a repair, a repair and its quote."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from tenant_apps.customers.models import Customer
from tenant_apps.repairs.device_actions import attach_proof_of_purchase
from tenant_apps.repairs.models import Device, Quote, RepairOrder
from tests.matrix_parts import TENANT, Row
from tests.repairs.helpers import (
    MINIMAL_PDF,
    at_status,
    new_device,
    new_repair,
    screen_package,
    sent_quote,
)

ROWS = {
    (TENANT, "repairs:devices"): Row("customer"),
    (TENANT, "repairs:device_new"): Row("customer"),
    (TENANT, "repairs:device"): Row("customer", kwargs=("device_id",)),
    (TENANT, "repairs:device_proof"): Row("customer", kwargs=("device_id",)),
    (TENANT, "repairs:repair_options"): Row("customer", kwargs=("device_id=free_device_id",)),
    (TENANT, "repairs:repair_package"): Row("customer", kwargs=("device_id=free_device_id",)),
    (TENANT, "repairs:repair_diagnosis"): Row("customer",
                                              kwargs=("device_id=free_device_id",)),
    (TENANT, "repairs:repair_visit"): Row("customer", kwargs=("device_id=fixed_device_id",)),
    (TENANT, "repairs:repair"): Row("customer", kwargs=("repair_id",)),
    (TENANT, "repairs:quote"): Row("customer", kwargs=("quote_id",)),
    (TENANT, "repairs:quote_accept"): Row("customer", "post", ("quote_id",)),
    (TENANT, "repairs:quote_decline"): Row("customer", "post", ("quote_id",)),
}


def objects(tenant, users) -> dict:  # type: ignore[no-untyped-def]
    """The world's customer owns a device with a proof under diagnosis with a sent quote, a
    phone without repair (a package fits it) and a washing machine."""
    with tenant_context(tenant):
        customer = Customer.objects.get(user=users["customer"])
        device = new_device(customer)
        attach_proof_of_purchase(device, SimpleUploadedFile("p.pdf", MINIMAL_PDF), name="p.pdf")
        repair = at_status(new_repair("diagnosis", device), "diagnosing")
        quote = sent_quote(repair)
        screen_package()
        free = new_device(customer)
        fixed = new_device(customer, travels=False)
    return {"device_id": device.pk, "free_device_id": free.pk, "fixed_device_id": fixed.pk,
            "repair_id": repair.pk, "quote_id": quote.pk}


def snapshot(tenant) -> tuple:  # type: ignore[no-untyped-def]
    with tenant_context(tenant):
        return (
            tuple(Device.objects.order_by("pk").values_list("pk", "proof_of_purchase")),
            tuple(RepairOrder.objects.order_by("pk").values_list("pk", "status", "order_id")),
            tuple(Quote.objects.order_by("pk").values_list("pk", "status", "order_id")),
        )
