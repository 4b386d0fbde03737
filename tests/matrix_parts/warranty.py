"""Warranties: the customer's pages and API, the claims queue and the warranties register."""

import io

from django.utils import timezone
from django_tenants.utils import tenant_context

from tenant_apps.customers.models import Customer
from tenant_apps.repairs.device_actions import DeviceDetails, register_device
from tenant_apps.repairs.models import RepairOrder
from tenant_apps.warranties.actions import WarrantyRequest, file_claim, register_warranty
from tenant_apps.warranties.models import Warranty, WarrantyClaim
from tests.catalog.helpers import category
from tests.matrix_parts import TENANT, Row
from tests.repairs.helpers import MINIMAL_PDF

ROWS = {
    (TENANT, "warranty:list"): Row("customer"),
    (TENANT, "warranty:create"): Row("customer"),
    (TENANT, "warranty:claim"): Row("customer", kwargs=("warranty_id",)),
    (TENANT, "warranty:invoice"): Row("customer", kwargs=("warranty_id",)),
    (TENANT, "warranty_admin:claims"): Row("counter_staff"),
    (TENANT, "warranty_admin:claim"): Row("counter_staff", kwargs=("claim_id",)),
    (TENANT, "warranty_admin:accept"): Row("counter_staff", "post", ("claim_id",)),
    (TENANT, "warranty_admin:reject"): Row("counter_staff", "post", ("claim_id",)),
    (TENANT, "warranty_admin:warranties"): Row("counter_staff"),
    (TENANT, "warranty_admin:void"): Row("manager", "post", ("warranty_id",)),
    (TENANT, "tenant_api:warranties"): Row("customer"),
    (TENANT, "tenant_api:warranties-claims"): Row("customer", "post", ("warranty_id",)),
    (TENANT, "tenant_api:warranty-claims"): Row("counter_staff"),
    (TENANT, "tenant_api:warranty-claims-accept"): Row("counter_staff", "post", ("claim_id",)),
    (TENANT, "tenant_api:warranty-claims-reject"): Row("counter_staff", "post", ("claim_id",)),
}


def objects(tenant, users) -> dict:  # type: ignore[no-untyped-def]
    """A phone of users["customer"] under a 12-month warranty, with a claim awaiting staff."""
    with tenant_context(tenant):
        customer = Customer.objects.get(user=users["customer"])
        device = register_device(customer, DeviceDetails(category_id=category("phone").pk,
                                                         model_name="Matrix phone"))
        warranty = register_warranty(
            device, WarrantyRequest(kind="commercial", starts_on=timezone.localdate(), months=12),
            io.BytesIO(MINIMAL_PDF), invoice_name="invoice.pdf")
        claim = file_claim(warranty, "The screen flickers.")
    return {"warranty_id": warranty.pk, "claim_id": claim.pk}


def snapshot(tenant) -> tuple:  # type: ignore[no-untyped-def]
    with tenant_context(tenant):
        return (
            tuple(Warranty.objects.order_by("pk").values_list("pk", "voided_at")),
            tuple(WarrantyClaim.objects.order_by("pk").values_list("pk", "status")),
            RepairOrder.objects.count(),
        )
