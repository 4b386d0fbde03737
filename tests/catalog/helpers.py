"""Catalogue rows for tests, written in a tenant's schema through the real actions."""

from decimal import Decimal

from django.db import connection
from django.test import Client
from django_tenants.utils import tenant_context

from tenant_apps.catalog import actions
from tenant_apps.catalog.models import DeviceCategory, ItemKind, SellableItem
from tenants.models import Tenant


def category(slug: str = "phone", *, can_travel: bool = True) -> DeviceCategory:
    found = DeviceCategory.objects.filter(slug=slug).first()
    return found or actions.create_category(name=slug.title(), slug=slug, can_travel=can_travel)


def product(name: str = "Screen protector", *, stock: int = 5,
            price: str = "14.90") -> SellableItem:
    return actions.create_item(kind=ItemKind.PRODUCT, name=name, price=Decimal(price),
                               price_includes_vat=True, stock=stock)


def package(name: str = "Broken screen", *, price: str = "129.00", **scope: object) -> SellableItem:
    scope.setdefault("warranty_months", 12)
    if "device_model" not in scope:
        scope.setdefault("category", category())
    return actions.create_item(kind=ItemKind.REPAIR_PACKAGE, name=name, price=Decimal(price),
                               price_includes_vat=True, **scope)


def item_names(tenant: Tenant) -> set[str]:
    with tenant_context(tenant):
        names = set(SellableItem.objects.values_list("name", flat=True))
    connection.set_schema_to_public()
    return names


def logged_in(client: Client, tenant: Tenant, user) -> Client:
    with tenant_context(tenant):
        client.force_login(user)
    return client
