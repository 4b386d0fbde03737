"""Payment providers a tenant may offer at checkout."""

from ..errors import ProviderUnavailable
from .base import PaymentProvider
from .dummy import DummyProvider
from .stripe_checkout import StripeProvider

# In display order.
PROVIDERS: dict[str, PaymentProvider] = {
    "stripe": StripeProvider(),
    "dummy": DummyProvider(),
}


def available_providers() -> list[tuple[str, str]]:
    """(code, label) of the providers this tenant offers, in display order.

    ``dummy`` when the settings allow it (dev, tests, a demo); ``stripe`` when the platform has
    Stripe keys and this tenant's connected account may take charges.
    """
    return [(code, provider.label) for code, provider in PROVIDERS.items()
            if provider.is_available()]


def get_provider(code: str) -> PaymentProvider:
    """A provider offered here now, for a new payment."""
    provider = PROVIDERS.get(code)
    if provider is None or not provider.is_available():
        raise ProviderUnavailable(code)
    return provider


def provider_for_refunds(code: str) -> PaymentProvider:
    """The provider that took a payment, to give money back (even if no longer offered)."""
    provider = PROVIDERS.get(code)
    if provider is None:
        raise ProviderUnavailable(code)
    return provider


def dashboard_url(payment) -> str:  # type: ignore[no-untyped-def]
    provider = PROVIDERS.get(payment.provider)
    return provider.dashboard_url(payment) if provider else ""
