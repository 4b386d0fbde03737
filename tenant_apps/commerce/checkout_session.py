"""The storefront checkout's progress, kept in the visitor's session between steps.

The state is keyed by the tenant's schema, holds only choices (ids, codes, typed addresses) and
is re-validated whenever it is used: prices and stock are read live, never from the session.
"""

import secrets
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from tenant_apps.accounts.models import User
from tenant_apps.customers.actions import ensure_customer_for_user
from tenants.context import current_schema

from .checkout_choices import BillingChoice, Buyer, DeliveryChoice
from .selectors import is_customer_account

# How many placed orders a session remembers, for repeated "place order" submits.
MAX_REMEMBERED = 5


@dataclass
class CheckoutState:
    guest_email: str = ""
    guest_name: str = ""
    delivery: dict[str, Any] | None = None
    billing: dict[str, Any] | None = None
    payment_provider: str = ""
    place_token: str = ""
    placed: dict[str, str] = field(default_factory=dict)  # place token -> order public token

    @property
    def delivery_choice(self) -> DeliveryChoice | None:
        try:
            return DeliveryChoice.from_data(self.delivery) if self.delivery else None
        except (TypeError, ValueError):
            return None

    @property
    def billing_choice(self) -> BillingChoice | None:
        try:
            return BillingChoice.from_data(self.billing) if self.billing else None
        except (TypeError, ValueError):
            return None

    def new_place_token(self) -> str:
        if not self.place_token:
            self.place_token = secrets.token_urlsafe(24)
        return self.place_token

    def remember_order(self, token: str, public_token: str) -> None:
        kept = list(self.placed.items())[-(MAX_REMEMBERED - 1):]
        self.placed = {**dict(kept), token: public_token}
        self.delivery = self.billing = None
        self.payment_provider = self.place_token = ""


def _key() -> str:
    return f"checkout:{current_schema()}"


def load(request: HttpRequest) -> CheckoutState:
    raw = request.session.get(_key())
    if not isinstance(raw, dict):
        return CheckoutState()
    try:
        return CheckoutState(**raw)
    except TypeError:
        return CheckoutState()


def save(request: HttpRequest, state: CheckoutState) -> None:
    request.session[_key()] = {
        "guest_email": state.guest_email, "guest_name": state.guest_name,
        "delivery": state.delivery, "billing": state.billing,
        "payment_provider": state.payment_provider, "place_token": state.place_token,
        "placed": state.placed,
    }


def customer_user(request: HttpRequest) -> User | None:
    user = getattr(request, "user", None)
    return user if is_customer_account(user) else None  # type: ignore[return-value]


def buyer_of(request: HttpRequest, state: CheckoutState) -> Buyer | None:
    """The signed-in customer, else the guest named in the session, else nobody yet."""
    user = customer_user(request)
    if user is not None:
        return Buyer(ensure_customer_for_user(user), user.email, user.full_name or user.email)
    if state.guest_email:
        return Buyer(None, state.guest_email, state.guest_name)
    return None
