"""What the repair journey does when it hears from other apps."""

from typing import Any

from tenant_apps.commerce.order_models import Order

from .payment_flow import record_order_paid


def move_repair_on_paid(sender: object, *, order: Order, **kwargs: Any) -> None:
    """``commerce.signals.order_paid``: inside the payment's transaction, the repair that the
    order pays moves on (``payment_flow.record_order_paid``)."""
    record_order_paid(order)
