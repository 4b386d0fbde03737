"""Tenant B never sees tenant A's cart, checkout progress, options or orders."""

import pytest
from django_tenants.utils import tenant_context

from tenant_apps.commerce.models import DeliveryOption

from .helpers import CHECKOUT, cart_with, guest_checkout, orders, place

pytestmark = pytest.mark.django_db


def test_an_order_token_of_tenant_a_is_unknown_on_tenant_b(client_a, client_b, tenant_a):
    cart_with(client_a, tenant_a)
    place(client_a, guest_checkout(client_a))
    [order] = orders(tenant_a)
    assert client_a.get(f"/shop/orders/{order.public_token}/").status_code == 200
    assert client_b.get(f"/shop/orders/{order.public_token}/").status_code == 404
    assert client_a.get("/shop/orders/not-a-token/").status_code == 404


def test_checkout_progress_stays_on_its_tenant(client_a, tenant_a, tenant_b):
    # One browser, one session cookie jar for both hosts: state is keyed by tenant schema.
    cart_with(client_a, tenant_a)
    guest_checkout(client_a)
    client_a.defaults["HTTP_HOST"] = "beta.localhost"
    assert client_a.get(CHECKOUT)["Location"] == "/shop/cart/"  # B sees no cart
    assert client_a.get(f"{CHECKOUT}review/")["Location"] == "/shop/cart/"


def test_delivery_options_belong_to_their_tenant(client_a, client_b, tenant_a, tenant_b):
    client_a.get("/api/checkout/")
    with tenant_context(tenant_a):
        DeliveryOption.objects.filter(code="colissimo").update(label="Alpha express")
    labels = [option["label"] for option in client_b.get("/api/checkout/").json()[
        "delivery_options"]]
    assert "Alpha express" not in labels and "Colissimo home delivery" in labels
