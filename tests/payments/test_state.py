"""Every pair of payment statuses (and refund statuses) through the actions: allowed ones move
and leave a history row, refused ones raise and change nothing."""

from itertools import product as pairs

import pytest
from django_tenants.utils import tenant_context

from tenant_apps.payments.actions import record_refund_outcome, transition_payment
from tenant_apps.payments.errors import InvalidPaymentTransition
from tenant_apps.payments.models import Payment, PaymentEvent, Refund
from tenant_apps.payments.state import (
    PAYMENT_TRANSITIONS,
    REFUND_TRANSITIONS,
    PaymentStatus,
    RefundStatus,
    can_transition,
)

from .helpers import make_order

pytestmark = pytest.mark.django_db

ALL_PAIRS = list(pairs(PaymentStatus, PaymentStatus))
ALLOWED = [(a, b) for a, b in ALL_PAIRS if b in PAYMENT_TRANSITIONS[a]]
REFUSED = [(a, b) for a, b in ALL_PAIRS if b not in PAYMENT_TRANSITIONS[a]]


def _payment(tenant, status: str) -> Payment:  # type: ignore[no-untyped-def]
    order = make_order(tenant)
    with tenant_context(tenant):
        return Payment.objects.create(order=order, provider="dummy", amount=order.total_gross,
                                      currency="EUR", status=status)


def test_the_table_names_every_status_and_never_leaves_success_but_by_refunds():
    assert set(PAYMENT_TRANSITIONS) == set(PaymentStatus)
    assert PAYMENT_TRANSITIONS[PaymentStatus.SUCCEEDED] == {
        PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED}
    assert not PAYMENT_TRANSITIONS[PaymentStatus.REFUNDED]
    assert not can_transition("succeeded", "failed")
    assert not can_transition("nonsense", "failed")


@pytest.mark.parametrize(("source", "target"), ALLOWED)
def test_allowed_transition(tenant_a, source, target):
    payment = _payment(tenant_a, source)
    with tenant_context(tenant_a):
        transition_payment(payment, target, source="test")
        payment.refresh_from_db()
        assert payment.status == target
        event = PaymentEvent.objects.get(payment=payment)
        assert (event.from_status, event.to_status) == (source, target)


@pytest.mark.parametrize(("source", "target"), REFUSED)
def test_refused_transition(tenant_a, source, target):
    payment = _payment(tenant_a, source)
    with tenant_context(tenant_a):
        with pytest.raises(InvalidPaymentTransition) as refused:
            transition_payment(payment, target, source="test")
        assert refused.value.status == 409 and refused.value.field == "status"
        payment.refresh_from_db()
        assert payment.status == source
        assert not PaymentEvent.objects.filter(payment=payment).exists()


REFUND_PAIRS = list(pairs(RefundStatus, RefundStatus))


@pytest.mark.parametrize(("source", "target"), REFUND_PAIRS)
def test_refund_transitions(tenant_a, source, target):
    payment = _payment(tenant_a, PaymentStatus.SUCCEEDED)
    with tenant_context(tenant_a):
        Payment.objects.filter(pk=payment.pk).update(captured_amount=payment.amount)
        refund = Refund.objects.create(payment=payment, amount="1.00", status=source)
        record_refund_outcome(refund, target, source="test")
        refund.refresh_from_db()
        expected = target if target in REFUND_TRANSITIONS[source] else source
        assert refund.status == expected
