"""Shared by the customer-journey tests: a signed-in customer, the fees, paying with the demo
provider through the real pages."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tenants.utils import tenant_context

from tenant_apps.catalog import actions as catalog_actions
from tenant_apps.catalog.models import FeeKind, ItemKind, SellableItem
from tenant_apps.commerce.checkout_models import CheckoutSettings
from tenant_apps.commerce.order_models import Order
from tenant_apps.customers.actions import ensure_customer_for_user
from tenant_apps.customers.models import Customer
from tenants.models import Tenant
from tests.conftest import make_user

from .helpers import MINIMAL_PDF


def fee(fee_kind: str, price: str) -> SellableItem:
    return catalog_actions.create_item(kind=ItemKind.FEE, name=f"{fee_kind.title()} fee",
                                       price=Decimal(price), price_includes_vat=True,
                                       fee_kind=fee_kind)


def fees() -> None:
    fee(FeeKind.SHIPPING, "9.90")
    fee(FeeKind.TRAVEL, "49.00")


def signed_in_customer(tenant: Tenant, client: Client, email: str) -> Customer:
    user = make_user(tenant, email)
    with tenant_context(tenant):
        client.force_login(user)
        return ensure_customer_for_user(user)


def terms() -> dict[str, str]:
    return {"terms_accepted": "on", "terms_version": CheckoutSettings.current().terms_version}


def pdf_upload(name: str = "receipt.pdf", content: bytes = MINIMAL_PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def pay_with_dummy(client: Client, order: Order) -> None:
    """The pay page, then the demo provider's "Pay"."""
    started = client.post(f"/pay/{order.public_token}/", {"provider": "dummy"})
    assert started.status_code == 302, started.content
    paid = client.post(started["Location"], {"outcome": "succeed"})
    assert paid.status_code == 302, paid.content
