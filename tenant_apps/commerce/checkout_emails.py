"""The "order placed" e-mail: branded with the tenant, sent after the order commits.

The e-mail task takes strings only (it crosses Celery), so lines and totals are written out here.
"""

from django.urls import reverse

from tenants.context import current_tenant
from tenants.mail import send_branded_email
from tenants.urls import tenant_url

from .checkout_errors import CheckoutError
from .order_models import DeliveryKind, Order

TENANT_URLCONF = "config.urls_tenant"


def order_link(order: Order) -> str:
    """The absolute link to the order's page on the tenant's own domain (guests included)."""
    tenant = current_tenant()
    if tenant is None:
        raise CheckoutError("Orders live on a tenant domain.", code="no_tenant")
    return tenant_url(tenant, reverse("my_orders:detail", urlconf=TENANT_URLCONF,
                                      kwargs={"token": order.public_token}))


def _amount(order: Order, value: object) -> str:
    return f"{value} {order.currency}"


def _lines_text(order: Order) -> str:
    shows_gross = order.shows_vat_included
    return "\n".join(
        f"{line.quantity} x {line.description}: "
        f"{_amount(order, line.line_gross if shows_gross else line.line_net)}"
        for line in order.lines.all())


def _delivery_text(order: Order) -> str:
    if order.delivery_kind == DeliveryKind.POST_OFFICE:
        place = f"{order.post_office_name}, {order.delivery_street}, " \
                f"{order.delivery_postal_code} {order.delivery_city}"
    elif order.delivery_kind == DeliveryKind.HOME:
        place = f"{order.delivery_name}, {order.delivery_street}, " \
                f"{order.delivery_postal_code} {order.delivery_city} {order.delivery_country}"
    else:
        return ""
    return f"{order.delivery_label}: {place}"


def send_order_placed_email(order: Order) -> None:
    """Queue the confirmation to the order's e-mail address, after the current commit."""
    send_branded_email("order_placed", order.email, {
        "reference": order.reference,
        "name": order.customer_name,
        "lines": _lines_text(order),
        "delivery": _delivery_text(order),
        "price_label": order.price_label,
        "total_net": _amount(order, order.total_net),
        "total_tax": _amount(order, order.total_tax),
        "total_gross": _amount(order, order.total_gross),
        "vat_mention": order.vat_mention,
        "link": order_link(order),
    })
