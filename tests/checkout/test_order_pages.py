"""The customer's order pages: their own list, one order by its public token."""

import pytest

from tests.commerce.helpers import customer_user, logged_in

from .helpers import cart_with, choose_delivery, choose_payment, orders, place, review

pytestmark = pytest.mark.django_db


def test_a_customer_lists_their_own_orders_only(client_a, tenant_a):
    from django.test import Client

    mine = customer_user(tenant_a, "mine@example.com")
    theirs = customer_user(tenant_a, "theirs@example.com")
    for user in (mine, theirs):
        client = logged_in(Client(HTTP_HOST="alpha.localhost"), tenant_a, user)
        cart_with(client, tenant_a, name=f"Cable {user.email}")
        choose_delivery(client)
        choose_payment(client)
        place(client, review(client))
    mine_order, theirs_order = orders(tenant_a)
    page = logged_in(client_a, tenant_a, mine).get("/shop/orders/").content.decode()
    assert mine_order.reference in page and theirs_order.reference not in page
    detail = client_a.get(f"/shop/orders/{mine_order.public_token}/").content.decode()
    assert "Colissimo home delivery" in detail and 'id="order-vat"' in detail


def test_the_list_needs_a_login(client_a, tenant_a):
    response = client_a.get("/shop/orders/")
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_the_back_office_detail_shows_delivery_billing_and_terms(client_a, tenant_a):
    from tests.orders.helpers import staff

    from .helpers import guest_checkout

    cart_with(client_a, tenant_a)
    place(client_a, guest_checkout(client_a))
    [order] = orders(tenant_a)
    clerk = staff(tenant_a, "clerk@alpha.test")
    page = logged_in(client_a, tenant_a, clerk).get(f"/backoffice/orders/{order.pk}/")
    html = page.content.decode()
    assert 'id="panel-delivery"' in html and "3 rue de la Paix" in html
    assert "version 2026-11" in html and 'id="order-payment-provider">dummy' in html
