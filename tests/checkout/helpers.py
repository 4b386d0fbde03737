"""Shared by the checkout tests: post offices, a filled cart, and the steps walked through."""

from typing import Any

from django.test import Client
from django_tenants.utils import schema_context, tenant_context

from shared_apps.postoffices.models import PostOffice, normalise_city
from tenant_apps.commerce.checkout_actions import ensure_checkout
from tenant_apps.commerce.models import CheckoutSettings, Order
from tenants.models import Tenant
from tests.commerce.helpers import add, product

CHECKOUT = "/shop/checkout/"
PAY_PREFIX = "/pay/"


def office(office_id: str = "75A011", name: str = "Paris Voltaire", *,
           postal_code: str = "75011", city: str = "Paris", is_active: bool = True) -> PostOffice:
    with schema_context("public"):
        return PostOffice.objects.create(
            id=office_id, name=name, street="12 boulevard Voltaire", postal_code=postal_code,
            city=city, city_search=normalise_city(city), is_active=is_active)


def set_guests(tenant: Tenant, allowed: bool) -> None:
    with tenant_context(tenant):
        ensure_checkout()
        CheckoutSettings.objects.filter(pk=1).update(allows_guest_checkout=allowed)


def cart_with(client: Client, tenant: Tenant, *, name: str = "Cable", price: str = "12.00",
              quantity: int = 2, stock: int = 5, **fields: Any) -> int:
    """Put ``quantity`` units of a new product in the client's cart; returns the item id."""
    item = product(tenant, name, price=price, stock=stock, **fields)
    assert add(client, item.pk, quantity).status_code == 302
    return item.pk


NEW_ADDRESS = {
    "destination": "new", "delivery_option": "colissimo", "delivery_name": "Gus Guest",
    "delivery_street": "3 rue de la Paix", "delivery_postal_code": "75002",
    "delivery_city": "Paris", "delivery_country": "FR", "billing": "same",
}


def as_guest(client: Client, email: str = "gus@example.com", name: str = "Gus Guest"):  # type: ignore[no-untyped-def]
    return client.post(f"{CHECKOUT}who/", {"email": email, "full_name": name})


def choose_delivery(client: Client, **changes: str):  # type: ignore[no-untyped-def]
    data = {**NEW_ADDRESS, **changes}
    return client.post(f"{CHECKOUT}delivery/", {k: v for k, v in data.items() if v is not None})


def choose_payment(client: Client, provider: str = "dummy"):  # type: ignore[no-untyped-def]
    return client.post(f"{CHECKOUT}payment/", {"payment_provider": provider})


def review(client: Client):  # type: ignore[no-untyped-def]
    response = client.get(f"{CHECKOUT}review/")
    assert response.status_code == 200, response.status_code
    return response


def place(client: Client, review_response: Any, *, accept: bool = True,
          **changes: str):  # type: ignore[no-untyped-def]
    context = review_response.context
    data = {"place_token": context["place_token"],
            "terms_version": context["settings"].terms_version,
            "expected_total": str(context["expected_total"])}
    if accept:
        data["terms_accepted"] = "on"
    data.update(changes)
    return client.post(f"{CHECKOUT}place/", data)


def guest_checkout(client: Client, **delivery: str):  # type: ignore[no-untyped-def]
    """Walk every step as a guest; returns the review page response."""
    assert as_guest(client).status_code == 302
    response = choose_delivery(client, **delivery)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert choose_payment(client).status_code == 302
    return review(client)


def orders(tenant: Tenant) -> list[Order]:
    with tenant_context(tenant):
        return list(Order.objects.prefetch_related("lines").order_by("pk"))
