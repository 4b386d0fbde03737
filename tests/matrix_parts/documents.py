"""Documents: customers' and guests' downloads, the back-office register and order forms."""

from django.db import transaction
from django_tenants.utils import tenant_context

from tenant_apps.commerce.models import Order
from tenant_apps.documents.actions import issue_sale_document
from tenant_apps.documents.models import IssuedDocument, SellerProfile
from tests.matrix_parts import ANYONE, TENANT, Row

ROWS = {
    (TENANT, "documents:download"): Row("customer", kwargs=("document_id",)),
    (TENANT, "documents:guest_download"): Row(
        ANYONE, kwargs=("token=document_order_token", "document_id")),
    (TENANT, "documents_admin:list"): Row("counter_staff"),
    (TENANT, "documents_admin:export"): Row("counter_staff"),
    (TENANT, "documents_admin:seller"): Row("manager"),
    (TENANT, "documents_admin:order_form"): Row("counter_staff", kwargs=("order_id",)),
    (TENANT, "tenant_api:documents-order-list"): Row("customer", kwargs=("order_id",)),
    (TENANT, "tenant_api:documents-pdf"): Row("customer", kwargs=("document_id",)),
}


def objects(tenant, users) -> dict:  # type: ignore[no-untyped-def]
    """The world's order (it belongs to users["customer"]) gets its receipt."""
    with tenant_context(tenant), transaction.atomic():
        order = Order.objects.get(reference="C-MATRIX")
        document = issue_sale_document(order)
    return {"document_id": document.pk, "document_order_token": order.public_token}


def snapshot(tenant) -> tuple:  # type: ignore[no-untyped-def]
    with tenant_context(tenant):
        return (
            tuple(IssuedDocument.objects.order_by("pk").values_list("pk", "number")),
            tuple(SellerProfile.objects.values_list("legal_name", "siren")),
        )
