"""Reviewer's fuzz: odd values in every checkout, pay-page and API input give a 4xx (or a
redirect), never a 500."""

import json

import pytest

from tests.payments.helpers import make_order

from .helpers import CHECKOUT, NEW_ADDRESS, as_guest, cart_with, choose_payment, review

pytestmark = pytest.mark.django_db

WEIRD = ["", "-1", "99999999999999999999999", "sNaN", "Infinity", "²", "\x00", "é" * 300]


def _try(results, label, fn):
    try:
        response = fn()
        code = response.status_code
    except Exception as error:  # noqa: BLE001
        code = f"EXC {type(error).__name__}: {error}"[:200]
    if not isinstance(code, int) or code >= 500:
        results.append((label, code))


def test_fuzz_html(client_a, tenant_a):
    results: list = []
    cart_with(client_a, tenant_a)
    as_guest(client_a)
    fields = ["destination", "delivery_option", "address_id", "billing", "billing_address_id",
              "post_office_id", "delivery_postal_code", "delivery_country", "delivery_phone",
              "delivery_name", "delivery_street", "delivery_city", "billing_name"]
    for name in fields:
        for value in WEIRD:
            for dest in ("new", "saved", "post_office"):
                data = {**NEW_ADDRESS, "destination": dest, name: value}
                if dest == "post_office":
                    data["delivery_option"] = "post-office"
                if name == "billing_name":
                    data["billing"] = "new"
                _try(results, ("delivery", dest, name, value),
                     lambda: client_a.post(f"{CHECKOUT}delivery/", data))
    client_a.post(f"{CHECKOUT}delivery/", NEW_ADDRESS)
    for value in WEIRD:
        _try(results, ("payment", value),
             lambda: client_a.post(f"{CHECKOUT}payment/", {"payment_provider": value}))
    choose_payment(client_a)
    for value in WEIRD:
        client_a.post(f"{CHECKOUT}delivery/", NEW_ADDRESS)
        choose_payment(client_a)
        page = review(client_a)
        data = {"place_token": page.context["place_token"], "terms_accepted": "on",
                "terms_version": page.context["settings"].terms_version,
                "expected_total": value}
        _try(results, ("place", value), lambda: client_a.post(f"{CHECKOUT}place/", data))
        cart_with(client_a, tenant_a, name=f"x{WEIRD.index(value)}")
    order = make_order(tenant_a)
    for value in WEIRD:
        _try(results, ("pay", value),
             lambda: client_a.post(f"/pay/{order.public_token}/", {"provider": value}))
        _try(results, ("paytok", value), lambda: client_a.get(f"/pay/{value}x/"))
        _try(results, ("ordtok", value), lambda: client_a.get(f"/shop/orders/{value}x/"))
        _try(results, ("orders page", value),
             lambda: client_a.get("/shop/orders/", {"page": value}))
    assert results == []


def test_fuzz_api(client_a, tenant_a):
    results: list = []
    cart_with(client_a, tenant_a)
    base = {"email": "api@example.com", "full_name": "Api Guest", "destination": "new",
            "delivery_option": "colissimo", "delivery_name": "Api Guest",
            "delivery_street": "3 rue de la Paix", "delivery_postal_code": "75002",
            "delivery_city": "Paris", "payment_provider": "dummy", "terms_accepted": True,
            "terms_version": "2026-11"}
    values = WEIRD + [None, 1, -1, 10**30, 1.5, True, [], {}, [1], {"a": 1}]
    for name in list(base) + ["address_id", "billing_address_id", "expected_total",
                              "idempotency_key", "billing", "post_office_id"]:
        for value in values:
            body = {**base, name: value}
            _try(results, ("place", name, repr(value)), lambda: client_a.post(
                "/api/checkout/orders/", json.dumps(body), content_type="application/json"))
    for raw in ["[]", "[1,2]", "null", "1", '"x"', "{", "\xff"]:
        _try(results, ("raw", raw), lambda: client_a.post(
            "/api/checkout/orders/", raw, content_type="application/json"))
        _try(results, ("rawform", raw), lambda: client_a.post(
            "/api/checkout/orders/", raw, content_type="text/plain"))
    order = make_order(tenant_a)
    for value in values:
        _try(results, ("start", repr(value)), lambda: client_a.post(
            f"/api/payments/orders/{order.public_token}/start/", json.dumps({"provider": value}),
            content_type="application/json"))
    for raw in ["[]", "null", "1", "{"]:
        _try(results, ("startraw", raw), lambda: client_a.post(
            f"/api/payments/orders/{order.public_token}/start/", raw,
            content_type="application/json"))
    assert results == []
