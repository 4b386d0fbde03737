"""Reviewer's regressions: odd inputs to the checkout and the order/payment links are refused
with a 4xx naming the field (never a 500) and write nothing."""

from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from tenant_apps.commerce.errors import OrderError
from tenant_apps.commerce.order_actions import _check_expected_total
from tenant_apps.commerce.pricing import price_lines, pricing_policy
from tenant_apps.customers.models import Address
from tests.commerce.helpers import customer_user, logged_in

from .helpers import (
    CHECKOUT,
    as_guest,
    cart_with,
    choose_delivery,
    choose_payment,
    guest_checkout,
    orders,
    place,
    review,
)

pytestmark = pytest.mark.django_db


def _error_field(response) -> str:  # type: ignore[no-untyped-def]
    return response.context["error"].field


@pytest.mark.parametrize("address_id", ["²", "١٢", "12x", "-1"])
def test_a_saved_address_id_that_is_not_ascii_digits_is_refused_on_the_field(
        client_a, tenant_a, address_id):
    user = customer_user(tenant_a, "digits@example.com")
    logged_in(client_a, tenant_a, user)
    cart_with(client_a, tenant_a)
    response = choose_delivery(client_a, destination="saved", address_id=address_id)
    assert response.status_code == 400
    assert _error_field(response) == "address_id"


def test_a_delivery_option_with_a_null_byte_is_refused_on_the_field(client_a, tenant_a):
    cart_with(client_a, tenant_a)
    as_guest(client_a)
    response = choose_delivery(client_a, delivery_option="colissimo\x00")
    assert response.status_code == 400
    assert _error_field(response) == "delivery_option"


@pytest.mark.parametrize("field", ["delivery_name", "delivery_street", "delivery_city"])
def test_a_null_byte_in_a_typed_address_is_refused_on_the_field(client_a, tenant_a, field):
    user = customer_user(tenant_a, f"nul-{field}@example.com")
    logged_in(client_a, tenant_a, user)
    cart_with(client_a, tenant_a)
    response = choose_delivery(client_a, **{field: "3 rue\x00 de la Paix"})
    assert response.status_code == 400
    assert _error_field(response) == field
    with tenant_context(tenant_a):
        assert not Address.objects.filter(customer__user=user).exists()


def test_a_guests_null_byte_address_never_reaches_the_order(client_a, tenant_a):
    cart_with(client_a, tenant_a)
    as_guest(client_a)
    response = choose_delivery(client_a, delivery_street="3 rue\x00")
    assert response.status_code == 400 and _error_field(response) == "delivery_street"
    assert client_a.get(f"{CHECKOUT}review/")["Location"] == f"{CHECKOUT}delivery/"


@pytest.mark.parametrize("total", ["sNaN", "NaN", "Infinity", "", "abc"])
def test_a_missing_or_non_finite_expected_total_goes_back_to_review(client_a, tenant_a, total):
    cart_with(client_a, tenant_a)
    page = guest_checkout(client_a)
    response = place(client_a, page, expected_total=total)
    assert response.status_code == 302 and response["Location"] == f"{CHECKOUT}review/"
    assert orders(tenant_a) == []
    # the cart is intact: the customer can review and place it
    assert place(client_a, review(client_a)).status_code == 302
    assert len(orders(tenant_a)) == 1


def test_the_action_refuses_a_non_finite_expected_total(client_a, tenant_a):
    item_id = cart_with(client_a, tenant_a)
    with tenant_context(tenant_a):
        from tenant_apps.catalog.models import SellableItem
        from tenant_apps.commerce.order_actions import ItemLine
        summary = price_lines([ItemLine(SellableItem.objects.get(pk=item_id))],
                              pricing_policy(None))
        for bad in (Decimal("sNaN"), Decimal("NaN"), Decimal("Infinity")):
            with pytest.raises(OrderError) as refused:
                _check_expected_total(summary, bad)
            assert refused.value.code == "prices_changed"


@pytest.mark.parametrize("path", ["/pay/%00/", "/pay/dummy/%00/", "/shop/orders/%00/",
                                  "/pay/a%00b/", "/shop/orders/a b/",
                                  "/api/payments/orders/%00/",
                                  "/api/payments/orders/x%00/start/"])
def test_malformed_order_and_payment_tokens_are_a_404(client_a, tenant_a, path):
    if path.endswith("start/"):
        response = client_a.post(path, "{}", content_type="application/json")
    else:
        response = client_a.get(path)
    assert response.status_code == 404


def test_the_payment_step_with_a_null_byte_is_refused(client_a, tenant_a):
    cart_with(client_a, tenant_a)
    as_guest(client_a)
    choose_delivery(client_a)
    response = choose_payment(client_a, "dummy\x00")
    assert response.status_code == 400
