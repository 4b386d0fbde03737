"""Two tenants: one store's items and carts mean nothing on the other's host."""

import pytest
from django_tenants.utils import tenant_context

from tenant_apps.catalog.models import SellableItem
from tenant_apps.commerce.models import Cart, CartLine

from .helpers import (
    add,
    api_add,
    customer_user,
    lines_of,
    logged_in,
    package,
    product,
    warranty_plan,
)

pytestmark = pytest.mark.django_db


def test_alphas_item_id_is_404_on_beta(client_a, client_b, tenant_a, tenant_b):
    cable = product(tenant_a, "Alpha cable")
    with tenant_context(tenant_b):
        assert not SellableItem.objects.filter(pk=cable.pk).exists()

    page = add(client_b, cable.pk)
    api = api_add(client_b, cable.pk)

    assert page.status_code == api.status_code == 404
    assert lines_of(tenant_b) == {}
    assert "Alpha cable" not in client_b.get("/shop/").content.decode()


def test_alphas_cart_is_invisible_on_beta(client_a, client_b, tenant_a, tenant_b):
    user = customer_user(tenant_a, "both@example.com")
    customer_user(tenant_b, "both@example.com")
    logged_in(client_a, tenant_a, user)
    add(client_a, product(tenant_a, "Alpha cable").pk, 2)
    with tenant_context(tenant_a):
        line = CartLine.objects.get()
    # The same session cookie replayed on beta's host is anonymous there.
    client_b.cookies = client_a.cookies

    page = client_b.get("/shop/cart/").content.decode()
    api = client_b.get("/api/cart/").json()
    removed = client_b.delete(f"/api/cart/lines/{line.pk}/")

    assert "Alpha cable" not in page and "Cart (0)" in page
    assert api["lines"] == [] and api["id"] is None
    assert removed.status_code == 404
    assert lines_of(tenant_a, user) == {"Alpha cable": 2}
    with tenant_context(tenant_b):
        assert not Cart.objects.exists()


def test_white_label_shop_and_cart_never_name_the_platform(client_a, tenant_a):
    repair = package(tenant_a, "Screen replacement")
    product(tenant_a, "Tempered glass")
    warranty_plan(tenant_a)
    add(client_a, repair.pk)

    shop = client_a.get("/shop/")
    cart = client_a.get("/shop/cart/")

    assert shop.status_code == cart.status_code == 200
    assert "Alpha Phones" in shop.content.decode()
    for page in (shop, cart):
        assert "awal" not in page.content.decode().lower()
