"""The cart page and the cart API cost the same number of queries for 10 or 100 lines."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from tenant_apps.catalog.models import ItemKind, SellableItem
from tenant_apps.commerce.models import Cart, CartLine
from tenant_apps.customers.models import Customer
from tenant_apps.pricing.tax import VatRate

from .helpers import customer_user, logged_in

pytestmark = pytest.mark.django_db


def _bulk_cart(tenant, user, count: int) -> None:  # type: ignore[no-untyped-def]
    with tenant_context(tenant):
        customer = Customer.objects.get(user=user)
        cart, _ = Cart.objects.get_or_create(customer=customer)
        start = SellableItem.objects.count()
        items = SellableItem.objects.bulk_create([
            SellableItem(kind=ItemKind.PRODUCT, name=f"Part {start + n}", price="10.00",
                         price_includes_vat=n % 2 == 0, stock=50,
                         vat_rate=VatRate.STANDARD if n % 3 else VatRate.REDUCED)
            for n in range(count)
        ])
        CartLine.objects.bulk_create([CartLine(cart=cart, item=item, quantity=2)
                                      for item in items])


def _queries(client, path: str, **extra: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **extra)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", ["/shop/cart/", "/api/cart/"])
def test_cart_queries_do_not_grow_with_lines(client_a, tenant_a, path):
    user = customer_user(tenant_a, "bulk@example.com")
    logged_in(client_a, tenant_a, user)
    _bulk_cart(tenant_a, user, 10)
    client_a.get(path)  # warms the host -> tenant cache

    with_10 = _queries(client_a, path)
    _bulk_cart(tenant_a, user, 90)
    with_100 = _queries(client_a, path)

    assert with_10 == with_100
    body = client_a.get(path).content.decode()
    assert "Part" in body and ("Cart (200)" in body or '"quantity":200' in body)
