"""What a payment provider does for us: open a hosted payment page, refund."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from ..state import RefundStatus

if TYPE_CHECKING:
    from ..models import Payment, Refund


@dataclass(frozen=True)
class StartedPayment:
    redirect_url: str  # the hosted page to send the customer to
    reference: str  # the provider's id for it (Checkout Session id)


@dataclass(frozen=True)
class RefundResult:
    reference: str
    status: RefundStatus


class PaymentProvider(Protocol):
    code: str
    label: str

    def is_available(self) -> bool:
        """Offered to this tenant's customers now."""

    def start(self, payment: "Payment") -> StartedPayment:
        """Open the hosted page for ``payment``; raises ProviderFailed when refused."""

    def close(self, payment: "Payment") -> None:
        """Close ``payment``'s hosted page so it can no longer take money; raises
        ProviderFailed when the provider will not (it may be being paid right now)."""

    def refund(self, refund: "Refund") -> RefundResult:
        """Refund with ``refund.idempotency_key``; raises ProviderFailed when refused."""

    def dashboard_url(self, payment: "Payment") -> str:
        """The payment in the provider's dashboard, or ""."""
