"""The life of a payment and of a refund: their statuses and the moves between them.

A payment's money is the truth: once a provider says it captured money, the payment is
"succeeded" even after an earlier "failed" (a declined card retried on the same hosted page) or a
session the provider later reports expired. Nothing ever leaves "succeeded" except refunds, so a
late or replayed "failed" event cannot downgrade a paid payment.
"""

from django.db import models


class PaymentStatus(models.TextChoices):
    CREATED = "created", "Created"
    PENDING = "pending", "Waiting for the customer"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled or expired"
    PARTIALLY_REFUNDED = "partially_refunded", "Partially refunded"
    REFUNDED = "refunded", "Refunded"


PAYMENT_TRANSITIONS: dict[PaymentStatus, frozenset[PaymentStatus]] = {
    PaymentStatus.CREATED: frozenset({PaymentStatus.PENDING, PaymentStatus.SUCCEEDED,
                                      PaymentStatus.FAILED, PaymentStatus.CANCELLED}),
    PaymentStatus.PENDING: frozenset({PaymentStatus.SUCCEEDED, PaymentStatus.FAILED,
                                      PaymentStatus.CANCELLED}),
    PaymentStatus.FAILED: frozenset({PaymentStatus.SUCCEEDED}),
    PaymentStatus.CANCELLED: frozenset({PaymentStatus.SUCCEEDED}),
    PaymentStatus.SUCCEEDED: frozenset({PaymentStatus.PARTIALLY_REFUNDED,
                                        PaymentStatus.REFUNDED}),
    PaymentStatus.PARTIALLY_REFUNDED: frozenset({PaymentStatus.REFUNDED}),
    PaymentStatus.REFUNDED: frozenset(),
}

# Payments whose money was captured: what "paid" and refunds are computed from.
CAPTURED_STATUSES = frozenset({PaymentStatus.SUCCEEDED, PaymentStatus.PARTIALLY_REFUNDED,
                               PaymentStatus.REFUNDED})
# Payments that may still be refunded (the amount is bounded separately).
REFUNDABLE_STATUSES = frozenset({PaymentStatus.SUCCEEDED, PaymentStatus.PARTIALLY_REFUNDED})
# Payments still waiting for the customer or the provider.
OPEN_STATUSES = frozenset({PaymentStatus.CREATED, PaymentStatus.PENDING})


def can_transition(source: str, target: str) -> bool:
    if source not in PaymentStatus.values or target not in PaymentStatus.values:
        return False
    return PaymentStatus(target) in PAYMENT_TRANSITIONS[PaymentStatus(source)]


class RefundStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


REFUND_TRANSITIONS: dict[RefundStatus, frozenset[RefundStatus]] = {
    RefundStatus.PENDING: frozenset({RefundStatus.SUCCEEDED, RefundStatus.FAILED}),
    RefundStatus.SUCCEEDED: frozenset(),
    RefundStatus.FAILED: frozenset(),
}

# Refunds that count against what may still be refunded: a pending one holds its amount.
HOLDING_REFUND_STATUSES = frozenset({RefundStatus.PENDING, RefundStatus.SUCCEEDED})


def can_transition_refund(source: str, target: str) -> bool:
    if source not in RefundStatus.values or target not in RefundStatus.values:
        return False
    return RefundStatus(target) in REFUND_TRANSITIONS[RefundStatus(source)]
