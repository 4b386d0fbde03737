"""Payments of one tenant's orders, their history and their refunds.

Amounts are Decimal in the order's currency; integer minor units exist only at the provider's
boundary. Changes go through ``actions.py``.
"""

import secrets
import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone

from tenant_apps.commerce.models import Order

from .state import PaymentStatus, RefundStatus


def new_payment_token() -> str:
    """Names a payment in URLs (the dummy page) and in the provider's metadata: unguessable."""
    return secrets.token_urlsafe(24)


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


def _amount(**options: object) -> models.DecimalField:
    return models.DecimalField(max_digits=12, decimal_places=2, **options)  # type: ignore[arg-type]


class Provider(models.TextChoices):
    DUMMY = "dummy", "Card (demo payment page)"
    STRIPE = "stripe", "Card (Stripe)"


class Payment(models.Model):
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="payments")
    token = models.CharField(max_length=64, unique=True, default=new_payment_token,
                             editable=False)
    provider = models.CharField(max_length=20, choices=Provider.choices)
    status = models.CharField(max_length=20, choices=PaymentStatus.choices,
                              default=PaymentStatus.CREATED)
    amount = _amount()  # asked for
    captured_amount = _amount(default=0)  # what the provider confirmed it took
    currency = models.CharField(max_length=3)
    # The provider's own ids: the hosted page's session, then the charge (Stripe PaymentIntent).
    provider_reference = models.CharField(max_length=255, blank=True)
    payment_intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    # Sent with the call that creates the hosted page: a retried call creates nothing twice.
    idempotency_key = models.CharField(max_length=64, unique=True, default=new_idempotency_key,
                                       editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    captured_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=PaymentStatus.values),
                                   name="payments_payment_status_known"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payments_payment_amount"),
            models.CheckConstraint(condition=Q(captured_amount__gte=0),
                                   name="payments_payment_captured"),
        ]

    def __str__(self) -> str:
        return f"{self.provider} payment {self.pk} of {self.order_id}"


class PaymentEvent(models.Model):
    """A payment's history: one row per status change, never edited."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=PaymentStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=PaymentStatus.choices)
    source = models.CharField(max_length=120, blank=True)  # "dummy page", "stripe evt_..."
    actor_email = models.EmailField(max_length=254, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status}"


class Refund(models.Model):
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = _amount()
    reason = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=RefundStatus.choices,
                              default=RefundStatus.PENDING)
    # Saved before the provider is called, sent with the call: a retry never refunds twice.
    idempotency_key = models.CharField(max_length=64, unique=True, default=new_idempotency_key,
                                       editable=False)
    provider_reference = models.CharField(max_length=255, blank=True)
    actor_email = models.EmailField(max_length=254, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=RefundStatus.values),
                                   name="payments_refund_status_known"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payments_refund_amount"),
            models.UniqueConstraint(fields=["provider_reference"],
                                    condition=~Q(provider_reference=""),
                                    name="payments_refund_reference_unique"),
        ]

    def __str__(self) -> str:
        return f"Refund {self.pk} of payment {self.payment_id}"
