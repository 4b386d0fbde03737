"""Placing an order from a cart: prices snapshotted, stock taken, the cart emptied; refusals."""

from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from tenant_apps.catalog import actions as catalog_actions
from tenant_apps.catalog.models import SellableItem
from tenant_apps.commerce.errors import OrderError
from tenant_apps.commerce.models import Cart, CartLine, Order, OrderEvent
from tenant_apps.commerce.order_actions import place_order_from_cart
from tenant_apps.customers.vat import CustomerKind
from tests.commerce.helpers import deactivate, package

from .helpers import customer_user, filled_cart, product

pytestmark = pytest.mark.django_db


def test_placing_snapshots_prices_takes_stock_and_empties_the_cart(tenant_a):
    # given
    user = customer_user(tenant_a, "ann@example.com")
    cable = product(tenant_a, "Cable", price="12.00", stock=5)
    screen = package(tenant_a, "Screen", price="129.00")
    cart = filled_cart(tenant_a, user, {cable.pk: 3, screen.pk: 1})
    with tenant_context(tenant_a):
        # when
        order = place_order_from_cart(cart, customer_email="Ann@Example.com")
        catalog_actions.update_item(SellableItem.objects.get(pk=cable.pk),
                                    {"price": Decimal("99.00")})
        order = Order.objects.get(pk=order.pk)
        lines = {line.description: line for line in order.lines.all()}
        # then
        assert order.reference.startswith("C-") and order.email == "ann@example.com"
        assert order.status == "placed" and order.vat_treatment == "charged"
        assert lines["Cable"].quantity == 3
        assert lines["Cable"].unit_gross == Decimal("12.00")
        assert lines["Cable"].line_gross == Decimal("36.00")
        assert lines["Cable"].line_net + lines["Cable"].line_tax == lines["Cable"].line_gross
        assert order.total_gross == Decimal("165.00")
        assert order.total_net + order.total_tax == order.total_gross
        assert sum(line.line_net for line in lines.values()) == order.total_net
        assert SellableItem.objects.get(pk=cable.pk).stock == 2
        assert not CartLine.objects.filter(cart=cart).exists()
        assert list(OrderEvent.objects.filter(order=order).values_list("to_status", flat=True)) \
            == ["placed"]


def test_references_follow_each_other(tenant_a):
    user = customer_user(tenant_a, "two@example.com")
    cable = product(tenant_a, "Cable", stock=5)
    first_cart = filled_cart(tenant_a, user, {cable.pk: 1})
    with tenant_context(tenant_a):
        first = place_order_from_cart(first_cart, customer_email="two@example.com")
    second_cart = filled_cart(tenant_a, user, {cable.pk: 1})
    with tenant_context(tenant_a):
        second = place_order_from_cart(second_cart, customer_email="two@example.com")
    assert int(second.reference[2:]) == int(first.reference[2:]) + 1


def test_a_professional_under_reverse_charge_pays_no_vat(tenant_a):
    user = customer_user(tenant_a, "pro@example.com", kind=CustomerKind.PROFESSIONAL,
                         company_name="Pro GmbH", vat_status_override="intra_eu")
    cable = product(tenant_a, "Cable", price="12.00", stock=5)
    cart = filled_cart(tenant_a, user, {cable.pk: 1})
    with tenant_context(tenant_a):
        order = place_order_from_cart(cart, customer_email="pro@example.com")
    assert order.total_tax == Decimal("0.00") and order.total_net == order.total_gross
    assert order.vat_status == "intra_eu" and order.vat_mention
    assert order.customer_name == "Pro GmbH" and not order.shows_vat_included


def test_an_anonymous_cart_becomes_a_guest_order(tenant_a):
    cable = product(tenant_a, "Cable", stock=5)
    with tenant_context(tenant_a):
        cart = Cart.objects.create(session_token="visitor-token")
        CartLine.objects.create(cart=cart, item=cable, quantity=1)
        order = place_order_from_cart(cart, customer_email="guest@example.com",
                                      guest_name="Gus Guest")
        assert order.customer.is_guest and order.customer_name == "Gus Guest"


def _refusal(tenant, cart, email: str = "ann@example.com") -> OrderError:  # type: ignore[no-untyped-def]
    with tenant_context(tenant), pytest.raises(OrderError) as refused:
        place_order_from_cart(cart, customer_email=email)
    return refused.value


def test_an_empty_cart_is_refused(tenant_a):
    user = customer_user(tenant_a, "ann@example.com")
    cart = filled_cart(tenant_a, user, {})
    error = _refusal(tenant_a, cart)
    assert (error.code, error.field) == ("empty_cart", "cart")
    with tenant_context(tenant_a):
        assert not Order.objects.exists()


def test_a_bad_email_is_refused(tenant_a):
    user = customer_user(tenant_a, "ann@example.com")
    cart = filled_cart(tenant_a, user, {product(tenant_a).pk: 1})
    error = _refusal(tenant_a, cart, email="not-an-address")
    assert (error.code, error.field) == ("invalid_email", "email")


def test_a_withdrawn_item_is_refused_and_nothing_changes(tenant_a):
    user = customer_user(tenant_a, "ann@example.com")
    cable = product(tenant_a, "Cable", stock=5)
    screen = package(tenant_a, "Screen")
    cart = filled_cart(tenant_a, user, {cable.pk: 2, screen.pk: 1})
    deactivate(tenant_a, screen)
    error = _refusal(tenant_a, cart)
    assert (error.code, error.field) == ("item_unavailable", "item")
    with tenant_context(tenant_a):
        assert not Order.objects.exists()
        assert SellableItem.objects.get(pk=cable.pk).stock == 5
        assert CartLine.objects.filter(cart=cart).count() == 2


def test_a_product_out_of_stock_is_refused(tenant_a):
    user = customer_user(tenant_a, "ann@example.com")
    cable = product(tenant_a, "Cable", stock=3)
    cart = filled_cart(tenant_a, user, {cable.pk: 3})
    with tenant_context(tenant_a):
        catalog_actions.adjust_stock(SellableItem.objects.get(pk=cable.pk), -2)
    error = _refusal(tenant_a, cart)
    assert (error.code, error.field) == ("insufficient_stock", "quantity")
    with tenant_context(tenant_a):
        assert not Order.objects.exists()
        assert SellableItem.objects.get(pk=cable.pk).stock == 1
