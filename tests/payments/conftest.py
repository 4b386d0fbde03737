import pytest

from shared_apps.payments_platform import stripe_api

from .helpers import WEBHOOK_SECRET, StubStripe


@pytest.fixture
def stub_stripe(settings, monkeypatch) -> StubStripe:
    """Stripe configured with test keys; every API call answered by a stub, never the network."""
    settings.STRIPE_SECRET_KEY = "sk_test_stub"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.PAYMENT_PROVIDERS = ["dummy", "stripe"]
    settings.PLATFORM_FEE_PERCENT = "2.0"
    settings.PLATFORM_FEE_FIXED = "0.25"
    stub = StubStripe()
    monkeypatch.setattr(stripe_api, "HTTP_CLIENT", stub)
    return stub
