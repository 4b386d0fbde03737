"""The checkout API: what it offers, and placing the cart with every choice at once."""

import json
from decimal import Decimal

import pytest
from django.core import mail
from django_tenants.utils import tenant_context

from tenant_apps.customers.models import Address, Customer
from tests.commerce.helpers import customer_user, logged_in

from .helpers import PAY_PREFIX, cart_with, office, orders, set_guests

pytestmark = pytest.mark.django_db

GUEST_ORDER = {
    "email": "api@example.com", "full_name": "Api Guest", "destination": "new",
    "delivery_option": "colissimo", "delivery_name": "Api Guest",
    "delivery_street": "3 rue de la Paix", "delivery_postal_code": "75002",
    "delivery_city": "Paris", "payment_provider": "dummy", "terms_accepted": True,
    "terms_version": "2026-11",
}


def _place(client, **changes):  # type: ignore[no-untyped-def]
    body = {key: value for key, value in {**GUEST_ORDER, **changes}.items() if value is not None}
    return client.post("/api/checkout/orders/", json.dumps(body),
                       content_type="application/json")


def test_the_options_list_delivery_prices_providers_and_terms(client_a, tenant_a):
    body = client_a.get("/api/checkout/").json()
    assert body["allows_guest_checkout"] is True and body["terms_version"] == "2026-11"
    assert [(o["code"], o["kind"], o["price"]) for o in body["delivery_options"]] == [
        ("colissimo", "home", "6.90"), ("post-office", "post_office", "4.90")]
    assert body["payment_providers"][0]["code"] == "dummy"
    assert body["is_customer"] is False and body["prices_include_vat"] is True


def test_a_guest_places_an_order(client_a, tenant_a, django_capture_on_commit_callbacks):
    cart_with(client_a, tenant_a, price="12.00", quantity=2)
    with django_capture_on_commit_callbacks(execute=True):
        response = _place(client_a, expected_total="30.90")
    assert response.status_code == 201, response.json()
    body = response.json()
    [order] = orders(tenant_a)
    assert body["reference"] == order.reference and body["token"] == order.public_token
    assert body["pay_url"] == f"{PAY_PREFIX}{order.public_token}/"
    assert body["total_incl_vat"] == "30.90" and body["total_vat"] == str(order.total_tax)
    assert order.terms_version == "2026-11" and order.payment_provider == "dummy"
    assert [line.kind for line in order.lines.all()] == ["product", "fee"]
    assert mail.outbox[0].to == ["api@example.com"]


def test_a_customer_places_an_order_to_a_saved_address(client_a, tenant_a):
    user = customer_user(tenant_a, "apicust@example.com")
    with tenant_context(tenant_a):
        address = Address.objects.create(customer=Customer.objects.get(user=user),
                                         street="1 rue A", postal_code="75001", city="Paris")
    logged_in(client_a, tenant_a, user)
    cart_with(client_a, tenant_a)
    response = _place(client_a, email=None, full_name=None, destination="saved",
                      address_id=address.pk, delivery_street=None, delivery_name=None,
                      delivery_postal_code=None, delivery_city=None)
    assert response.status_code == 201, response.json()
    [order] = orders(tenant_a)
    assert order.email == "apicust@example.com" and order.delivery_street == "1 rue A"
    assert order.customer.user_id == user.pk


def test_a_post_office_order_through_the_api(client_a, tenant_a):
    office("75A011", "Paris Voltaire")
    cart_with(client_a, tenant_a)
    response = _place(client_a, destination="post_office", delivery_option="post-office",
                      post_office_id="75A011", billing="new", billing_name="Api Guest",
                      billing_street="5 rue C", billing_postal_code="75003",
                      billing_city="Paris")
    assert response.status_code == 201, response.json()
    [order] = orders(tenant_a)
    assert order.post_office_id == "75A011" and order.total_gross == Decimal("28.90")


@pytest.mark.parametrize(("changes", "status", "field", "code"), [
    ({"coupon": "FREE"}, 400, "coupon", "unknown_field"),
    ({"destination": "post_office", "delivery_option": "post-office",
      "post_office_id": "NOPE00"}, 400, "post_office_id", "unknown_post_office"),
    ({"terms_version": "2025-01"}, 409, "terms_version", "terms_version_changed"),
    ({"terms_accepted": False}, 400, "terms_accepted", "terms_not_accepted"),
    ({"delivery_street": None}, 400, "delivery_street", "required"),
    ({"delivery_option": "post-office"}, 400, "delivery_option", "delivery_option_mismatch"),
    ({"payment_provider": "cash"}, 400, "payment_provider", "unknown_payment_provider"),
    ({"email": None}, 400, "email", "required"),
    ({"expected_total": "1.00"}, 409, "total", "prices_changed"),
])
def test_bad_inputs_name_the_field_and_place_nothing(client_a, tenant_a, changes, status,
                                                     field, code):
    item_id = cart_with(client_a, tenant_a)
    response = _place(client_a, **changes)
    assert response.status_code == status, response.json()
    body = response.json()
    assert field in body["fields"] and body["code"] == code
    assert orders(tenant_a) == []
    with tenant_context(tenant_a):
        from tenant_apps.commerce.models import CartLine
        assert CartLine.objects.filter(item_id=item_id).exists()


def test_an_empty_cart_is_refused(client_a, tenant_a):
    response = _place(client_a)
    assert response.status_code == 400 and response.json()["code"] == "empty_cart"


def test_guests_are_refused_when_the_store_says_so(client_a, tenant_a):
    cart_with(client_a, tenant_a)
    set_guests(tenant_a, False)
    response = _place(client_a)
    assert response.status_code == 403 and response.json()["code"] == "guest_checkout_closed"
    assert orders(tenant_a) == []


def test_the_same_idempotency_key_gives_the_same_order(client_a, tenant_a):
    cart_with(client_a, tenant_a)
    first = _place(client_a, idempotency_key="k-1")
    second = _place(client_a, idempotency_key="k-1")
    assert first.status_code == second.status_code == 201
    assert first.json()["token"] == second.json()["token"]
    assert len(orders(tenant_a)) == 1
