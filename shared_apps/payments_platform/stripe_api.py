"""The one place that builds a Stripe client: the platform's key, our HTTP client.

Tests set ``HTTP_CLIENT`` to a stub (a ``stripe.HTTPClient`` subclass answering canned JSON), so
no test ever reaches the network.
"""

from decimal import Decimal

import stripe
from django.conf import settings

from tenant_apps.pricing.money import Money, quantize

HTTP_CLIENT: stripe.HTTPClient | None = None
MAX_NETWORK_RETRIES = 2


def is_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY) and "stripe" in settings.PAYMENT_PROVIDERS


def client() -> stripe.StripeClient:
    if not settings.STRIPE_SECRET_KEY:
        raise LookupError("STRIPE_SECRET_KEY is not set.")
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, http_client=HTTP_CLIENT,
                               max_network_retries=MAX_NETWORK_RETRIES)


def application_fee(amount: Money) -> Money:
    """The platform's cut of a charge: a percentage plus a fixed part, never above the charge."""
    fee = quantize(amount.amount * Decimal(settings.PLATFORM_FEE_PERCENT) / 100
                   + Decimal(settings.PLATFORM_FEE_FIXED))
    return Money(min(fee, amount.amount), amount.currency)
