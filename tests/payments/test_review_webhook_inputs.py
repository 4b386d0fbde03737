"""Reviewer's regressions: whatever a correctly signed body holds, the webhook answers 4xx/2xx,
never a 500, and an unknown account's event changes nothing in any tenant."""

import json

import pytest
from django.test import Client
from django_tenants.utils import schema_context, tenant_context

from shared_apps.payments_platform.models import StripeEvent
from tests.conftest import PUBLIC_HOST

from .helpers import WEBHOOK_URL, event, make_order, post_event, sign

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("payload", ["[]", "[1, 2]", "null", "1", '"evt_1"', "{}",
                                     '{"id": 5, "type": "x", "data": {"object": {}}}',
                                     '{"id": "evt_1", "type": "x", "data": []}'])
def test_a_signed_body_that_is_not_an_event_is_a_400(stub_stripe, payload):
    response = Client(HTTP_HOST=PUBLIC_HOST).post(
        WEBHOOK_URL, payload, content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(payload))
    assert response.status_code == 400
    with schema_context("public"):
        assert not StripeEvent.objects.exists()


def test_an_event_of_an_unknown_account_touches_no_tenant(tenant_a, stub_stripe):
    order = make_order(tenant_a)
    body = event("evt_stranger", "checkout.session.completed", {
        "id": "cs_x", "object": "checkout.session", "payment_status": "paid",
        "amount_total": 2400, "metadata": {"awal_payment": "anything"}},
        account="acct_unknown000001")
    response = post_event(body)
    assert (response.status_code, response.json()["outcome"]) == (200, "unknown_account")
    with tenant_context(tenant_a):
        order.refresh_from_db()
        assert order.status == "placed" and not order.payments.exists()


def test_odd_shapes_inside_a_routed_event_are_ignored(tenant_a, stub_stripe):
    from .helpers import ACCOUNTS, link_account
    link_account(tenant_a)
    for index, obj in enumerate([
            {"id": ["cs"], "metadata": ["x"], "payment_status": "paid", "amount_total": "2400"},
            {"id": "pi_1", "amount_received": 10**30, "metadata": {"awal_payment": "\u0000"}},
            {"id": "re_1", "payment_intent": {"id": "pi"}, "amount": -5}]):
        for kind in ("checkout.session.completed", "payment_intent.succeeded",
                     "refund.created"):
            response = post_event(event(f"evt_odd_{index}_{kind}", kind, obj,
                                        account=ACCOUNTS["alpha"]))
            assert response.status_code in (200, 409), response.content
    assert json.loads(response.content)["outcome"] in ("ignored", "unknown_payment", "retry")


def test_an_event_with_a_nul_in_customer_text_is_stored_and_processed(tenant_a, stub_stripe):
    from .test_stripe import completed, stripe_payment
    order, payment, _ = stripe_payment(tenant_a, stub_stripe)
    body = completed(payment, event_id="evt_nul")
    body["data"]["object"]["customer_details"] = {"name": "Ann\u0000 Buyer"}
    response = post_event(body)
    assert (response.status_code, response.json()["outcome"]) == (200, "processed")
    with schema_context("public"):
        stored = StripeEvent.objects.get(event_id="evt_nul")
        assert stored.payload["data"]["object"]["customer_details"]["name"] == "Ann Buyer"
    with tenant_context(tenant_a):
        order.refresh_from_db()
        assert order.status == "paid"
