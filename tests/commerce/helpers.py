"""Shared by the commerce tests: catalogue items and customers made in a tenant's schema."""

import json
from decimal import Decimal

from django.test import Client
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import User
from tenant_apps.catalog import actions as catalog_actions
from tenant_apps.catalog.models import DeviceCategory, FeeKind, ItemKind, SellableItem
from tenant_apps.commerce.models import Cart, CartLine
from tenant_apps.customers.models import Customer
from tenant_apps.pricing.tax import VatRate
from tenants.models import Tenant
from tests.conftest import make_user


def product(tenant: Tenant, name: str = "USB-C cable", *, price: str = "12.00", stock: int = 5,
            vat_rate: str = VatRate.STANDARD, includes_vat: bool = True) -> SellableItem:
    with tenant_context(tenant):
        return catalog_actions.create_item(kind=ItemKind.PRODUCT, name=name,
                                           price=Decimal(price), vat_rate=vat_rate,
                                           price_includes_vat=includes_vat, stock=stock)


def package(tenant: Tenant, name: str = "Screen replacement", *,
            price: str = "129.00") -> SellableItem:
    with tenant_context(tenant):
        category = (DeviceCategory.objects.filter(slug="phone").first()
                    or catalog_actions.create_category(name="Phone", slug="phone"))
        return catalog_actions.create_item(kind=ItemKind.REPAIR_PACKAGE, name=name,
                                           price=Decimal(price), price_includes_vat=True,
                                           warranty_months=6, category=category)


def warranty_plan(tenant: Tenant, name: str = "Peace of mind 12 months", *,
                  price: str = "39.00") -> SellableItem:
    with tenant_context(tenant):
        return catalog_actions.create_item(kind=ItemKind.WARRANTY_PLAN, name=name,
                                           price=Decimal(price), price_includes_vat=True,
                                           warranty_months=12)


def fee(tenant: Tenant, name: str = "Shipping to the workshop") -> SellableItem:
    with tenant_context(tenant):
        return catalog_actions.create_item(kind=ItemKind.FEE, name=name, price=Decimal("9.90"),
                                           price_includes_vat=True, fee_kind=FeeKind.SHIPPING)


def deactivate(tenant: Tenant, item: SellableItem) -> None:
    with tenant_context(tenant):
        catalog_actions.deactivate_item(item)


def customer_user(tenant: Tenant, email: str, **customer_fields: object) -> User:
    """A customer account with its customer profile (kind, country, VAT status as given)."""
    user = make_user(tenant, email)
    with tenant_context(tenant):
        Customer.objects.create(user=user, **customer_fields)
    return user


def logged_in(client: Client, tenant: Tenant, user: User) -> Client:
    with tenant_context(tenant):
        client.force_login(user)
    return client


def add(client: Client, item_id: object, quantity: object = 1):  # type: ignore[no-untyped-def]
    return client.post("/shop/cart/add/", {"item": item_id, "quantity": quantity})


def api_add(client: Client, item_id: object, quantity: object = 1, **extra: str):  # type: ignore[no-untyped-def]
    return client.post("/api/cart/lines/", json.dumps({"item": item_id, "quantity": quantity}),
                       content_type="application/json", **extra)


def lines_of(tenant: Tenant, user: User | None = None) -> dict[str, int]:
    """{item name: quantity} of a customer's cart, or of every anonymous cart when user is None."""
    with tenant_context(tenant):
        if user is not None:
            rows = CartLine.objects.filter(cart__customer__user=user)
        else:
            rows = CartLine.objects.filter(cart__session_token__isnull=False)
        return dict(rows.values_list("item__name", "quantity"))


def cart_count(tenant: Tenant) -> int:
    with tenant_context(tenant):
        return Cart.objects.count()
