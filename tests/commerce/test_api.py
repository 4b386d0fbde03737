"""The cart API: anonymous sessions and customers by token or session; typed errors."""

import json

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from tenant_apps.commerce.models import Cart, CartLine
from tests.api.helpers import auth, patch_json, token_for
from tests.conftest import HOST_A

from .helpers import api_add, cart_count, customer_user, deactivate, fee, lines_of, product

pytestmark = pytest.mark.django_db


def test_anonymous_session_keeps_a_cart(client_a, tenant_a):
    cable = product(tenant_a, "USB-C cable", price="12.00", stock=10)

    created = api_add(client_a, cable.pk, 2)
    cart = client_a.get("/api/cart/").json()

    assert created.status_code == 201
    assert cart["quantity"] == 2
    assert cart["prices_include_vat"] is True
    assert cart["vat_treatment"] == "charged"
    [line] = cart["lines"]
    assert (line["description"], line["unit_price"], line["line_total"]) == (
        "USB-C cable", "12.00", "24.00")
    assert cart["total_incl_vat"] == "24.00" and cart["total_excl_vat"] == "20.00"
    assert cart["vat_totals"] == [{"vat_percent": "20.0", "total_excl_vat": "20.00",
                                   "vat": "4.00", "total_incl_vat": "24.00"}]

    changed = patch_json(client_a, f"/api/cart/lines/{line['id']}/", {"quantity": 5})
    assert changed.status_code == 200 and changed.json()["quantity"] == 5
    removed = client_a.delete(f"/api/cart/lines/{line['id']}/")
    assert removed.status_code == 200 and removed.json()["lines"] == []


def test_empty_cart_needs_no_row(client_a, tenant_a):
    body = client_a.get("/api/cart/").json()

    assert body["id"] is None and body["lines"] == [] and body["total_incl_vat"] == "0.00"
    assert cart_count(tenant_a) == 0


def test_customer_cart_by_token(tenant_a):
    user = customer_user(tenant_a, "api-shopper@example.com")
    token = auth(token_for(tenant_a, user))
    cable = product(tenant_a, "USB-C cable")
    client = Client(HTTP_HOST=HOST_A)

    assert api_add(client, cable.pk, 1, **token).status_code == 201

    assert lines_of(tenant_a, user) == {"USB-C cable": 1}
    assert Client(HTTP_HOST=HOST_A).get("/api/cart/", **token).json()["quantity"] == 1
    assert Client(HTTP_HOST=HOST_A).get("/api/cart/").json()["quantity"] == 0


def test_an_unknown_token_is_401(client_a):
    response = client_a.get("/api/cart/", HTTP_AUTHORIZATION="Token nope")

    assert response.status_code == 401


@pytest.mark.parametrize(("payload", "field"), [
    ({"quantity": 1}, "item"),
    ({"item": "abc", "quantity": 1}, "item"),
    ({"item": 10**30, "quantity": 1}, "item"),
    ({"item": "ITEM", "quantity": 0}, "quantity"),
    ({"item": "ITEM", "quantity": 100}, "quantity"),
    ({"item": "ITEM", "quantity": "many"}, "quantity"),
    ({"item": "ITEM", "quantity": 1, "price": "0.01"}, "price"),
])
def test_bad_input_is_a_typed_400(client_a, tenant_a, payload, field):
    cable = product(tenant_a)
    body = {key: (cable.pk if value == "ITEM" else value) for key, value in payload.items()}

    response = client_a.post("/api/cart/lines/", json.dumps(body),
                             content_type="application/json")

    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert cart_count(tenant_a) == 0


def test_stock_limit_is_a_409_naming_quantity(client_a, tenant_a):
    cable = product(tenant_a, stock=2)

    response = api_add(client_a, cable.pk, 3)

    assert response.status_code == 409
    assert response.json()["code"] == "insufficient_stock"
    assert list(response.json()["fields"]) == ["quantity"]
    assert lines_of(tenant_a) == {}


@pytest.mark.parametrize("which", ["inactive", "fee"])
def test_items_not_for_sale_are_404(client_a, tenant_a, which):
    item = fee(tenant_a) if which == "fee" else product(tenant_a)
    if which == "inactive":
        deactivate(tenant_a, item)

    response = api_add(client_a, item.pk)

    assert response.status_code == 404
    assert response.json()["code"] == "item_not_found"
    assert lines_of(tenant_a) == {}


def test_another_carts_line_is_404(client_a, tenant_a):
    cable = product(tenant_a)
    api_add(client_a, cable.pk, 2)
    with tenant_context(tenant_a):
        line = CartLine.objects.get()
    stranger = Client(HTTP_HOST=HOST_A)
    api_add(stranger, product(tenant_a, "Other").pk)

    changed = patch_json(stranger, f"/api/cart/lines/{line.pk}/", {"quantity": 1})
    removed = stranger.delete(f"/api/cart/lines/{line.pk}/")
    no_cart = Client(HTTP_HOST=HOST_A).delete(f"/api/cart/lines/{line.pk}/")

    assert changed.status_code == removed.status_code == no_cart.status_code == 404
    with tenant_context(tenant_a):
        assert CartLine.objects.get(pk=line.pk).quantity == 2


def test_anonymous_writes_need_the_csrf_token(tenant_a):
    cable = product(tenant_a)
    client = Client(HTTP_HOST=HOST_A, enforce_csrf_checks=True)

    response = api_add(client, cable.pk)

    assert response.status_code == 403
    with tenant_context(tenant_a):
        assert not Cart.objects.exists()


def test_the_csrf_cookie_from_a_read_lets_an_anonymous_visitor_write(tenant_a):
    cable = product(tenant_a)
    client = Client(HTTP_HOST=HOST_A, enforce_csrf_checks=True)

    client.get("/api/cart/")
    response = api_add(client, cable.pk, HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)

    assert response.status_code == 201
    assert lines_of(tenant_a) == {cable.name: 1}
