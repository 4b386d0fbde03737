"""Refused payment changes: a stable code, a sentence for people, the offending field."""

from decimal import Decimal

from tenants.errors import DomainError


class PaymentError(DomainError):
    code = "payment_error"
    status = 400


class InvalidPaymentTransition(PaymentError):
    code = "invalid_transition"
    status = 409

    def __init__(self, source: str, target: str) -> None:
        super().__init__(f"A payment that is {source} cannot become {target}.", field="status")


class InvalidRefundTransition(PaymentError):
    code = "invalid_transition"
    status = 409

    def __init__(self, source: str, target: str) -> None:
        super().__init__(f"A refund that is {source} cannot become {target}.", field="status")


class ProviderUnavailable(PaymentError):
    code = "provider_unavailable"

    def __init__(self, provider: str) -> None:
        super().__init__(f"Payment by {provider or 'this method'} is not available.",
                         field="provider")


class OrderNotPayable(PaymentError):
    code = "order_not_payable"
    status = 409

    def __init__(self, detail: str) -> None:
        super().__init__(detail, field="order")


class NotRefundable(PaymentError):
    code = "not_refundable"
    status = 409

    def __init__(self, status: str) -> None:
        super().__init__(f"A payment that is {status} cannot be refunded.", field="payment")


class RefundTooLarge(PaymentError):
    code = "refund_too_large"
    status = 409

    def __init__(self, refundable: Decimal, currency: str) -> None:
        super().__init__(f"At most {refundable} {currency} can still be refunded.",
                         field="amount")


class ProviderFailed(PaymentError):
    """The provider refused the call or could not be reached: nothing was charged or refunded."""

    code = "provider_failed"
    status = 502

    def __init__(self, detail: str, *, field: str = "provider") -> None:
        super().__init__(detail, field=field)
