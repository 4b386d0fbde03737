"""What the order pages (back office and customer) show about an order's money."""

from django import template

from tenant_apps.commerce.models import Order

from ..links import absolute, pay_page_path
from ..providers import dashboard_url
from ..selectors import OrderPayments, order_payments

register = template.Library()


@register.simple_tag
def order_money(order: Order, *, dashboard: bool = False) -> OrderPayments:
    """``{% order_money order dashboard=True as money %}``: payments, refunds, balance, due."""
    return order_payments(order, dashboard_url=dashboard_url if dashboard else None)


@register.simple_tag
def payment_link(order: Order) -> str:
    """The absolute payment link of the order, to copy into a message to the customer."""
    return absolute(pay_page_path(order))
