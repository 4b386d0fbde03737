"""Where payment pages send people: the customer's order page and the payment link."""

from django.urls import reverse

from tenant_apps.commerce.models import Order
from tenants.context import current_tenant
from tenants.urls import tenant_url


def order_page_path(order: Order) -> str:
    """The customer's order page, which guests open with the order's token."""
    return reverse("my_orders:detail", kwargs={"token": order.public_token})


def pay_page_path(order: Order) -> str:
    return reverse("payments:pay", kwargs={"token": order.public_token})


def absolute(path: str) -> str:
    """``path`` on the current tenant's primary domain (never the request's Host)."""
    tenant = current_tenant()
    if tenant is None:
        raise LookupError("Payment links exist only on a tenant's domain.")
    return tenant_url(tenant, path)
