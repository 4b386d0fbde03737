"""Refused checkout choices: a stable code, a sentence for people, the offending field."""

from tenants.errors import DomainError


class CheckoutError(DomainError):
    code = "checkout_error"
    status = 400


class GuestCheckoutClosed(CheckoutError):
    code = "guest_checkout_closed"
    status = 403

    def __init__(self) -> None:
        super().__init__("This store takes orders from registered customers only: log in or "
                         "sign up.", field="email")
