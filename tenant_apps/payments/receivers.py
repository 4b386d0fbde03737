"""Payments' answers to order events (connected in ``PaymentsConfig.ready``)."""

from typing import Any

from django.db import transaction
from django_tenants.utils import tenant_context

from tenant_apps.commerce.models import Order
from tenants.context import current_tenant


def close_payments_of_cancelled_order(sender: object, *, order: Order, **kwargs: Any) -> None:
    """After the cancellation commits, the order's open payment pages are closed (a provider
    call: never inside the cancelling transaction)."""
    from .actions import close_open_payments

    order_id, tenant = order.pk, current_tenant()
    if tenant is None:
        return

    def close() -> None:
        # The schema of the cancelling code, whatever the connection is on when this runs.
        with tenant_context(tenant):
            close_open_payments(Order.objects.get(pk=order_id), source="order cancelled")

    transaction.on_commit(close)
