"""Shared by the shipment tests: orders ready to ship, shipments in a given status."""

from django_tenants.utils import tenant_context

from tenant_apps.commerce.models import Order
from tenant_apps.logistics.models import Shipment
from tenants.models import Tenant
from tests.orders.helpers import placed_order

COLISSIMO_NUMBER = "6A12345678901"


def processing_order(tenant: Tenant, email: str = "buyer@example.com") -> Order:
    """A placed order moved on as payments and staff would: paid, then processing."""
    order = placed_order(tenant, email)
    with tenant_context(tenant):
        Order.objects.filter(pk=order.pk).update(status="processing")
        order.refresh_from_db()
    return order


def shipment_in(tenant: Tenant, status: str, number: str = COLISSIMO_NUMBER) -> Shipment:
    """A shipment of no order, written straight in ``status``."""
    with tenant_context(tenant):
        return Shipment.objects.create(carrier="colissimo", tracking_number=number,
                                       status=status)
