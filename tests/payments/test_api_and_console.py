"""The payments API (by order token) and the operators' Stripe pages."""

from decimal import Decimal

import pytest
from django_tenants.utils import schema_context, tenant_context

from shared_apps.payments_platform.models import ConnectedAccount
from tenant_apps.payments.models import Payment

from .helpers import make_order

pytestmark = pytest.mark.django_db


def test_start_and_read_payments_by_token(client_a, tenant_a):
    order = make_order(tenant_a)
    started = client_a.post(f"/api/payments/orders/{order.public_token}/start/", {},
                            content_type="application/json")
    assert started.status_code == 201
    body = started.json()
    assert body["redirect_url"].startswith("/pay/dummy/")
    client_a.post(body["redirect_url"], {"outcome": "succeed"})
    listed = client_a.get(f"/api/payments/orders/{order.public_token}/").json()
    assert listed["status"] == "paid" and listed["outstanding"] == "0.00"
    assert listed["paid"] == "24.00"
    assert [(p["id"], p["status"]) for p in listed["payments"]] == [(body["payment"],
                                                                    "succeeded")]
    again = client_a.post(f"/api/payments/orders/{order.public_token}/start/",
                          {"provider": "dummy"}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "order_not_payable"


def test_start_refuses_unknown_input_and_unavailable_providers(client_a, tenant_a):
    order = make_order(tenant_a)
    url = f"/api/payments/orders/{order.public_token}/start/"
    assert client_a.post(url, {"amount": "1"}, content_type="application/json"
                         ).status_code == 400
    refused = client_a.post(url, {"provider": "stripe"}, content_type="application/json")
    assert refused.status_code == 400 and "provider" in refused.json()["fields"]
    with tenant_context(tenant_a):
        assert not Payment.objects.filter(order=order).exists()


def test_tokens_do_not_cross_tenants(client_b, tenant_a):
    order = make_order(tenant_a)
    assert client_b.get(f"/api/payments/orders/{order.public_token}/").status_code == 404
    assert client_b.post(f"/api/payments/orders/{order.public_token}/start/", {},
                         content_type="application/json").status_code == 404
    with tenant_context(tenant_a):
        assert not Payment.objects.filter(order=order).exists()


def test_operators_link_a_connected_account(operator_client, tenant_a, tenant_b):
    assert operator_client.get("/payments/accounts/").status_code == 200
    saved = operator_client.post(f"/payments/accounts/{tenant_a.slug}/",
                                 {"account_id": "acct_alpha0000001", "charges_enabled": "on"})
    assert saved.status_code == 302
    taken = operator_client.post(f"/payments/accounts/{tenant_b.slug}/",
                                 {"account_id": "acct_alpha0000001"})
    assert taken.status_code == 400 and b"another tenant" in taken.content
    bad = operator_client.post(f"/payments/accounts/{tenant_b.slug}/", {"account_id": "nope"})
    assert bad.status_code == 400
    with schema_context("public"):
        assert list(ConnectedAccount.objects.values_list("tenant__slug", "account_id",
                                                          "charges_enabled")) == [
            ("alpha", "acct_alpha0000001", True)]
    operator_client.post(f"/payments/accounts/{tenant_a.slug}/", {"account_id": ""})
    with schema_context("public"):
        assert not ConnectedAccount.objects.exists()
    assert operator_client.get("/payments/events/").status_code == 200


def test_fee_is_a_percentage_plus_a_fixed_part_capped_at_the_amount(settings):
    from shared_apps.payments_platform.stripe_api import application_fee
    from tenant_apps.pricing.money import Money
    settings.PLATFORM_FEE_PERCENT = Decimal("2.0")
    settings.PLATFORM_FEE_FIXED = Decimal("0.25")
    assert application_fee(Money(Decimal("24.00"))).amount == Decimal("0.73")
    assert application_fee(Money(Decimal("0.10"))).amount == Decimal("0.10")
