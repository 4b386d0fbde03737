"""Stripe with a stubbed HTTP client and locally signed webhooks: direct charges on the tenant's
account with the platform's fee and idempotency keys; webhooks verified, stored once, processed
once, routed by account, safe when replayed or out of order."""

import json
from decimal import Decimal

import pytest
from django.test import Client
from django_tenants.utils import schema_context, tenant_context

from shared_apps.payments_platform.models import ConnectedAccount, StripeEvent
from tenant_apps.commerce.models import Order
from tenant_apps.payments.actions import refund_payment, start_payment
from tenant_apps.payments.models import Payment, Refund
from tests.conftest import PUBLIC_HOST

from .helpers import (
    ACCOUNTS,
    WEBHOOK_URL,
    event,
    heard_signals,
    link_account,
    make_order,
    post_event,
    sign,
)

pytestmark = pytest.mark.django_db

SESSION = {"id": "cs_test_1", "object": "checkout.session",
           "url": "https://checkout.stripe.com/c/pay/cs_test_1", "payment_intent": None}


def stripe_payment(tenant, stub, total: str = "24.00") -> tuple[Order, Payment, str]:  # type: ignore[no-untyped-def]
    link_account(tenant)
    stub.answers["/v1/checkout/sessions"] = SESSION
    order = make_order(tenant, total=total, provider="stripe")
    with tenant_context(tenant):
        payment, url = start_payment(order, "stripe")
    return order, payment, url


def completed(payment: Payment, *, event_id: str = "evt_done", account: str = ACCOUNTS["alpha"],
              intent: str = "pi_1", amount: int = 2400) -> dict:
    return event(event_id, "checkout.session.completed", {
        "id": payment.provider_reference, "object": "checkout.session", "payment_status": "paid",
        "amount_total": amount, "currency": "eur", "payment_intent": intent,
        "client_reference_id": payment.token, "metadata": {"awal_payment": payment.token},
    }, account=account)


def refund_event(event_id: str, *, intent: str = "pi_1", refund_id: str = "re_1",
                 amount: int = 500, status: str = "succeeded", metadata=None) -> dict:  # type: ignore[no-untyped-def]
    return event(event_id, "refund.created", {
        "id": refund_id, "object": "refund", "amount": amount, "currency": "eur",
        "payment_intent": intent, "status": status, "metadata": metadata or {},
    }, account=ACCOUNTS["alpha"])


def test_start_creates_a_direct_charge_with_the_fee_and_the_idempotency_key(tenant_a,
                                                                            stub_stripe):
    order, payment, url = stripe_payment(tenant_a, stub_stripe)
    assert url == SESSION["url"]
    [call] = stub_stripe.calls
    assert call["path"] == "/v1/checkout/sessions"
    assert call["headers"]["Stripe-Account"] == ACCOUNTS["alpha"]
    assert call["headers"]["Idempotency-Key"] == payment.idempotency_key
    body = call["body"]
    assert body["payment_intent_data[application_fee_amount]"] == "73"  # 2% of 24.00 + 0.25
    assert body["line_items[0][price_data][unit_amount]"] == "2400"
    assert body["line_items[0][price_data][currency]"] == "eur"
    assert body["metadata[awal_payment]"] == payment.token
    assert body["payment_intent_data[metadata][awal_payment]"] == payment.token
    assert body["success_url"] == f"http://alpha.localhost/shop/orders/{order.public_token}/"
    assert body["cancel_url"] == f"http://alpha.localhost/pay/{order.public_token}/"
    assert (payment.status, payment.provider_reference) == ("pending", "cs_test_1")


def test_a_refused_session_fails_the_payment(tenant_a, stub_stripe, client_a):
    link_account(tenant_a)
    stub_stripe.status = 400
    order = make_order(tenant_a, provider="stripe")
    response = client_a.post(f"/pay/{order.public_token}/", {"provider": "stripe"})
    assert response.status_code == 400 and b'data-field="provider"' in response.content
    with tenant_context(tenant_a):
        assert Payment.objects.get(order=order).status == "failed"


def test_bad_signature_is_refused_and_nothing_is_stored(tenant_a, stub_stripe):
    _, payment, _ = stripe_payment(tenant_a, stub_stripe)
    payload = json.dumps(completed(payment))
    client = Client(HTTP_HOST=PUBLIC_HOST)
    for signature in ("", "t=1,v1=deadbeef", sign(payload, "whsec_other"),
                      sign(payload, timestamp=1)):
        response = client.post(WEBHOOK_URL, payload, content_type="application/json",
                               HTTP_STRIPE_SIGNATURE=signature)
        assert response.status_code == 400
    assert client.get(WEBHOOK_URL).status_code == 405
    with schema_context("public"):
        assert not StripeEvent.objects.exists()
    with tenant_context(tenant_a):
        payment.refresh_from_db()
        assert payment.status == "pending"


def test_completion_pays_the_order_once_even_when_replayed(tenant_a, stub_stripe):
    order, payment, _ = stripe_payment(tenant_a, stub_stripe)
    with heard_signals() as heard:
        first = post_event(completed(payment))
        again = post_event(completed(payment))
        also = post_event(event("evt_pi", "payment_intent.succeeded", {
            "id": "pi_1", "object": "payment_intent", "amount_received": 2400,
            "metadata": {"awal_payment": payment.token}}, account=ACCOUNTS["alpha"]))
    assert (first.status_code, first.json()["outcome"]) == (200, "processed")
    assert (again.status_code, again.json()["outcome"]) == (200, "duplicate")
    assert (also.status_code, also.json()["outcome"]) == (200, "ignored")
    assert [name for name, _ in heard] == ["paid"]
    with tenant_context(tenant_a):
        payment.refresh_from_db()
        order.refresh_from_db()
        assert (payment.status, payment.payment_intent_id) == ("succeeded", "pi_1")
        assert payment.captured_amount == Decimal("24.00") and order.status == "paid"
    with schema_context("public"):
        stored = StripeEvent.objects.get(event_id="evt_done")
        assert stored.processed_at is not None and stored.outcome == "processed"
        assert stored.account == ACCOUNTS["alpha"] and stored.schema_name == tenant_a.schema_name
        assert StripeEvent.objects.count() == 2


def test_a_late_failure_does_not_undo_a_success(tenant_a, stub_stripe):
    order, payment, _ = stripe_payment(tenant_a, stub_stripe)
    post_event(completed(payment))
    late = post_event(event("evt_fail", "payment_intent.payment_failed", {
        "id": "pi_1", "object": "payment_intent", "metadata": {"awal_payment": payment.token}},
        account=ACCOUNTS["alpha"]))
    expired = post_event(event("evt_exp", "checkout.session.expired", {
        "id": payment.provider_reference, "object": "checkout.session",
        "metadata": {"awal_payment": payment.token}}, account=ACCOUNTS["alpha"]))
    assert late.json()["outcome"] == expired.json()["outcome"] == "ignored"
    with tenant_context(tenant_a):
        payment.refresh_from_db()
        order.refresh_from_db()
        assert payment.status == "succeeded" and order.status == "paid"


def test_a_failure_then_a_success_on_the_same_page_ends_paid(tenant_a, stub_stripe):
    order, payment, _ = stripe_payment(tenant_a, stub_stripe)
    post_event(event("evt_declined", "payment_intent.payment_failed", {
        "id": "pi_1", "object": "payment_intent", "metadata": {"awal_payment": payment.token}},
        account=ACCOUNTS["alpha"]))
    post_event(completed(payment))
    with tenant_context(tenant_a):
        payment.refresh_from_db()
        assert payment.status == "succeeded"
        assert list(payment.events.values_list("to_status", flat=True)) == [
            "created", "pending", "failed", "succeeded"]


def test_a_refund_event_before_the_payment_event_is_applied_after_it(tenant_a, stub_stripe):
    order, payment, _ = stripe_payment(tenant_a, stub_stripe)
    early = post_event(refund_event("evt_refund"))
    assert (early.status_code, early.json()["outcome"]) == (409, "retry")
    with schema_context("public"):
        assert StripeEvent.objects.get(event_id="evt_refund").processed_at is None
    post_event(completed(payment))
    with heard_signals() as heard:
        retried = post_event(refund_event("evt_refund"))
        assert (retried.status_code, retried.json()["outcome"]) == (200, "processed")
        assert post_event(refund_event("evt_refund")).json()["outcome"] == "duplicate"
        updated = post_event(refund_event("evt_refund_2"))  # the same refund, another event
        assert updated.json()["outcome"] == "processed"
    with tenant_context(tenant_a):
        payment.refresh_from_db()
        refund = Refund.objects.get(payment=payment)
        assert (refund.provider_reference, refund.amount, refund.status) == (
            "re_1", Decimal("5.00"), "succeeded")
        assert payment.status == "partially_refunded"
    assert [(name, kwargs["amount"]) for name, kwargs in heard] == [("refunded",
                                                                    Decimal("5.00"))]


def test_a_refund_of_a_payment_still_pending_confirms_it_first(tenant_a, stub_stripe):
    order, payment, _ = stripe_payment(tenant_a, stub_stripe)
    response = post_event(refund_event("evt_r", amount=2400,
                                       metadata={"awal_payment": payment.token}))
    assert response.json()["outcome"] == "processed"
    with tenant_context(tenant_a):
        payment.refresh_from_db()
        order.refresh_from_db()
        assert payment.status == "refunded" and order.status == "refunded"


def test_back_office_refund_goes_to_the_connected_account_with_its_key(tenant_a, stub_stripe):
    _, payment, _ = stripe_payment(tenant_a, stub_stripe)
    post_event(completed(payment))
    stub_stripe.answers["/v1/refunds"] = {"id": "re_9", "object": "refund", "status": "pending",
                                          "amount": 500}
    with tenant_context(tenant_a):
        payment.refresh_from_db()
        refund = refund_payment(payment, "5.00", actor_email="boss@alpha.test")
    call = stub_stripe.calls[-1]
    assert call["path"] == "/v1/refunds"
    assert call["headers"]["Stripe-Account"] == ACCOUNTS["alpha"]
    assert call["headers"]["Idempotency-Key"] == refund.idempotency_key
    assert (call["body"]["amount"], call["body"]["payment_intent"]) == ("500", "pi_1")
    assert (refund.status, refund.provider_reference) == ("pending", "re_9")
    # Stripe's word arrives by webhook: the same refund, now succeeded
    post_event(refund_event("evt_re9", refund_id="re_9",
                            metadata={"awal_refund": refund.idempotency_key}))
    with tenant_context(tenant_a):
        assert list(Refund.objects.filter(payment=payment).values_list("status", flat=True)) == [
            "succeeded"]
        assert Payment.objects.get(pk=payment.pk).status == "partially_refunded"


def test_an_event_for_tenant_b_never_touches_tenant_a(tenant_a, tenant_b, stub_stripe):
    order, payment, _ = stripe_payment(tenant_a, stub_stripe)
    link_account(tenant_b)
    # names A's payment, but comes from B's account: routed to B, where it names nothing
    response = post_event(completed(payment, event_id="evt_b", account=ACCOUNTS["beta"]))
    assert response.json()["outcome"] == "unknown_payment"
    with tenant_context(tenant_a):
        payment.refresh_from_db()
        order.refresh_from_db()
        assert payment.status == "pending" and order.status == "placed"
    with tenant_context(tenant_b):
        assert not Payment.objects.exists() or not Payment.objects.filter(
            token=payment.token).exists()
    with schema_context("public"):
        assert StripeEvent.objects.get(event_id="evt_b").schema_name == tenant_b.schema_name


def test_unknown_accounts_and_platform_events_are_stored_and_left(tenant_a, stub_stripe):
    response = post_event(event("evt_x", "checkout.session.completed", {"id": "cs_x"},
                                account="acct_nobody000000"))
    platform = post_event(event("evt_p", "balance.available", {"id": "bal"}, account=None))
    assert response.json()["outcome"] == "unknown_account"
    assert platform.json()["outcome"] == "platform_event"
    with schema_context("public"):
        assert StripeEvent.objects.filter(processed_at__isnull=False).count() == 2


def test_account_updates_follow_stripe(tenant_a, stub_stripe):
    link_account(tenant_a, charges_enabled=False)
    post_event(event("evt_acct", "account.updated", {
        "id": ACCOUNTS["alpha"], "object": "account", "charges_enabled": True,
        "details_submitted": True}, account=ACCOUNTS["alpha"]))
    with schema_context("public"):
        account = ConnectedAccount.objects.get(tenant=tenant_a)
        assert account.charges_enabled and account.details_submitted
