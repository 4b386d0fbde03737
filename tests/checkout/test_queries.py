"""The review page costs the same number of queries for 1 or 20 cart lines."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from tenant_apps.catalog.models import ItemKind, SellableItem
from tenant_apps.commerce.models import Cart, CartLine
from tenant_apps.customers.models import Address, Customer
from tenant_apps.pricing.tax import VatRate
from tests.commerce.helpers import customer_user, logged_in

from .helpers import CHECKOUT, choose_delivery, choose_payment

pytestmark = pytest.mark.django_db


def _review_queries(client, tenant, email: str, count: int) -> int:  # type: ignore[no-untyped-def]
    user = customer_user(tenant, email)
    with tenant_context(tenant):
        customer = Customer.objects.get(user=user)
        address = Address.objects.create(customer=customer, street="1 rue A",
                                         postal_code="75001", city="Paris",
                                         is_default_delivery=True, is_default_billing=True)
        cart = Cart.objects.create(customer=customer)
        start = SellableItem.objects.count()
        items = SellableItem.objects.bulk_create([
            SellableItem(kind=ItemKind.PRODUCT, name=f"Part {start + n}", price="10.00",
                         price_includes_vat=True, stock=50,
                         vat_rate=VatRate.STANDARD if n % 3 else VatRate.REDUCED)
            for n in range(count)])
        CartLine.objects.bulk_create([CartLine(cart=cart, item=item, quantity=2)
                                      for item in items])
    logged_in(client, tenant, user)
    choose_delivery(client, destination="saved", address_id=str(address.pk), billing="same")
    choose_payment(client)
    client.get(f"{CHECKOUT}review/")  # warm up: the session, the settings row
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{CHECKOUT}review/")
    assert response.status_code == 200
    assert len(response.context["prices"].lines) == count
    return len(queries)


def test_review_queries_do_not_grow_with_lines(client_a, tenant_a):
    from django.test import Client

    one = _review_queries(client_a, tenant_a, "one@example.com", 1)
    twenty = _review_queries(Client(HTTP_HOST="alpha.localhost"), tenant_a,
                             "twenty@example.com", 20)
    assert one == twenty
