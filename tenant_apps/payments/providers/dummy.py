"""A fake provider for the demo and tests: a page of ours with "Pay" and "Fail" buttons.

Its answers go through the same actions a provider's webhook would use. Refunds succeed at once.
"""

from django.conf import settings
from django.urls import reverse

from ..models import Payment, Provider, Refund
from ..state import RefundStatus
from .base import RefundResult, StartedPayment


class DummyProvider:
    code = Provider.DUMMY.value
    label = Provider.DUMMY.label

    def is_available(self) -> bool:
        return bool(settings.PAYMENTS_DUMMY_ENABLED) and self.code in settings.PAYMENT_PROVIDERS

    def start(self, payment: Payment) -> StartedPayment:
        return StartedPayment(reverse("payments:dummy", kwargs={"token": payment.token}),
                              f"dummy_{payment.token[:16]}")

    def close(self, payment: Payment) -> None:
        """Nothing to do: the fake page takes money only from a pending payment."""

    def refund(self, refund: Refund) -> RefundResult:
        return RefundResult(f"dummy_re_{refund.idempotency_key[:16]}", RefundStatus.SUCCEEDED)

    def dashboard_url(self, payment: Payment) -> str:
        return ""
