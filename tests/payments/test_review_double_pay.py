"""Reviewer's regressions: an order can never be charged twice through two payment pages left
open (two tabs, the browser's back button, a double click, a change of method)."""

from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from tenant_apps.commerce.order_actions import change_line_quantity
from tenant_apps.payments.actions import confirm_payment, start_payment
from tenant_apps.payments.models import Payment

from .helpers import ACCOUNTS, link_account, make_order, post_event
from .test_stripe import SESSION, completed

pytestmark = pytest.mark.django_db


def _start(client, order) -> str:  # type: ignore[no-untyped-def]
    response = client.post(f"/pay/{order.public_token}/", {"provider": "dummy"})
    assert response.status_code == 302, response.content
    return response["Location"]


def test_starting_twice_reopens_the_same_payment_page(client_a, tenant_a):
    order = make_order(tenant_a)
    first, second = _start(client_a, order), _start(client_a, order)
    assert first == second
    with tenant_context(tenant_a):
        [payment] = Payment.objects.filter(order=order)
        assert payment.status == "pending"
        assert list(payment.events.values_list("to_status", flat=True)) == ["created", "pending"]


def test_two_open_pages_cannot_both_take_the_money(client_a, tenant_a):
    order = make_order(tenant_a)
    first, second = _start(client_a, order), _start(client_a, order)
    assert client_a.post(first, {"outcome": "succeed"}).status_code == 302
    assert client_a.post(second, {"outcome": "succeed"}).status_code == 409
    with tenant_context(tenant_a):
        captured = sum(p.captured_amount for p in Payment.objects.filter(order=order))
        assert captured == Decimal("24.00")


def test_a_page_for_an_old_amount_is_closed_when_a_new_one_opens(client_a, tenant_a):
    order = make_order(tenant_a, total="24.00")
    old = _start(client_a, order)
    with tenant_context(tenant_a):
        change_line_quantity(order, order.lines.get().pk, 2, actor_email="staff@example.com")
    new = _start(client_a, order)
    assert new != old
    assert client_a.post(old, {"outcome": "succeed"}).status_code == 409
    assert client_a.post(new, {"outcome": "succeed"}).status_code == 302
    with tenant_context(tenant_a):
        order.refresh_from_db()
        old_payment, new_payment = Payment.objects.filter(order=order).order_by("pk")
        assert old_payment.status == "cancelled" and old_payment.captured_amount == 0
        assert (new_payment.amount, new_payment.status) == (Decimal("48.00"), "succeeded")
        assert order.status == "paid"


def test_stripe_reuses_the_open_session_with_the_same_idempotency_key(tenant_a, stub_stripe):
    link_account(tenant_a)
    stub_stripe.answers["/v1/checkout/sessions"] = SESSION
    order = make_order(tenant_a, provider="stripe")
    with tenant_context(tenant_a):
        payment, url = start_payment(order, "stripe")
        again, url_again = start_payment(order, "stripe")
        assert again.pk == payment.pk and url_again == url == SESSION["url"]
        assert Payment.objects.filter(order=order).count() == 1
    keys = {call["headers"]["Idempotency-Key"] for call in stub_stripe.calls}
    assert keys == {payment.idempotency_key}


def test_switching_method_expires_the_open_stripe_session(tenant_a, stub_stripe):
    link_account(tenant_a)
    stub_stripe.answers["/v1/checkout/sessions"] = SESSION
    stub_stripe.answers["/v1/checkout/sessions/cs_test_1/expire"] = {
        **SESSION, "status": "expired"}
    order = make_order(tenant_a, provider="stripe")
    with tenant_context(tenant_a):
        stripe_payment, _ = start_payment(order, "stripe")
        dummy_payment, url = start_payment(order, "dummy")
        assert url.startswith("/pay/dummy/")
        stripe_payment.refresh_from_db()
        assert stripe_payment.status == "cancelled"
    expire = stub_stripe.calls[-1]
    assert expire["path"] == "/v1/checkout/sessions/cs_test_1/expire"
    assert expire["headers"]["Stripe-Account"] == ACCOUNTS["alpha"]


def test_a_session_that_cannot_expire_blocks_a_second_payment(tenant_a, stub_stripe):
    """Stripe refuses to expire a session being paid: no second page is opened."""
    link_account(tenant_a)
    stub_stripe.answers["/v1/checkout/sessions"] = SESSION
    order = make_order(tenant_a, provider="stripe")
    with tenant_context(tenant_a):
        stripe_payment, _ = start_payment(order, "stripe")
    stub_stripe.answers["/v1/checkout/sessions/cs_test_1/expire"] = {
        "error": {"message": "not expirable", "type": "invalid_request_error"}}
    stub_stripe.status = 400
    with tenant_context(tenant_a):
        from tenant_apps.payments.errors import OrderNotPayable
        with pytest.raises(OrderNotPayable):
            start_payment(order, "dummy")
        assert Payment.objects.filter(order=order).count() == 1
        stripe_payment.refresh_from_db()
        assert stripe_payment.status == "pending"
    # the session's own completion still pays the order
    stub_stripe.status = 200
    assert post_event(completed(stripe_payment)).json()["outcome"] == "processed"
    with tenant_context(tenant_a):
        order.refresh_from_db()
        assert order.status == "paid"


def test_a_reused_payment_is_not_failed_when_the_provider_hiccups(tenant_a, stub_stripe):
    link_account(tenant_a)
    stub_stripe.answers["/v1/checkout/sessions"] = SESSION
    order = make_order(tenant_a, provider="stripe")
    with tenant_context(tenant_a):
        payment, _ = start_payment(order, "stripe")
    stub_stripe.status = 409  # e.g. the first request with this key is still in flight
    with tenant_context(tenant_a):
        from tenant_apps.payments.errors import ProviderFailed
        with pytest.raises(ProviderFailed):
            start_payment(order, "stripe")
        payment.refresh_from_db()
        assert payment.status == "pending"
        confirm_payment(payment, source="test")
        order.refresh_from_db()
        assert order.status == "paid"
