"""Shared by the payment tests: orders, a stubbed Stripe HTTP client, locally signed webhooks."""

import hashlib
import hmac
import json
import time
from contextlib import contextmanager
from decimal import Decimal
from urllib.parse import parse_qsl, urlparse

import stripe
from django.test import Client
from django_tenants.utils import schema_context, tenant_context

from shared_apps.payments_platform.models import ConnectedAccount
from tenant_apps.commerce.models import Order, OrderLine
from tenant_apps.commerce.signals import order_paid, order_refunded
from tenant_apps.customers.models import Customer
from tenants.models import Tenant
from tests.conftest import PUBLIC_HOST

WEBHOOK_SECRET = "whsec_test_secret"
ACCOUNTS = {"alpha": "acct_alpha0000001", "beta": "acct_beta00000002"}
WEBHOOK_URL = "/payments/webhooks/stripe/"


def make_order(tenant: Tenant, *, total: str = "24.00", email: str = "buyer@example.com",
               provider: str = "dummy") -> Order:
    gross = Decimal(total)
    net = (gross / Decimal("1.2")).quantize(Decimal("0.01"))
    with tenant_context(tenant):
        customer = Customer.objects.create(guest_email=email, guest_name="Ann Buyer")
        count = Order.objects.count()
        order = Order.objects.create(
            reference=f"T-{count + 1:06d}-{tenant.slug}", customer=customer, email=email,
            customer_name="Ann Buyer", vat_status="national", vat_treatment="charged",
            shows_vat_included=True, total_net=net, total_tax=gross - net, total_gross=gross,
            payment_provider=provider)
        OrderLine.objects.create(order=order, position=1, description="Screen repair",
                                 kind="product", quantity=1, unit_net=net, unit_gross=gross,
                                 vat_rate=Decimal("20.00"), line_net=net, line_tax=gross - net,
                                 line_gross=gross)
        return order


class StubStripe(stripe.HTTPClient):
    """Answers Stripe API calls with canned objects and remembers every request."""

    name = "stub"

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[dict] = []
        self.answers: dict[str, dict] = {}
        self.status = 200

    def request(self, method, url, headers, post_data=None, *, _usage=None):  # type: ignore[no-untyped-def]
        body = dict(parse_qsl(post_data or "", keep_blank_values=True))
        path = urlparse(url).path
        self.calls.append({"method": method, "path": path, "headers": dict(headers or {}),
                           "body": body})
        answer = self.answers.get(path, {"error": {"message": "not stubbed"}})
        return json.dumps(answer), self.status, {"Request-Id": "req_stub"}

    def close(self) -> None:
        pass


def sign(payload: str, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(),
                         hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={signature}"


def event(event_id: str, kind: str, obj: dict, *, account: str | None) -> dict:
    body = {"id": event_id, "object": "event", "type": kind, "created": int(time.time()),
            "data": {"object": obj}, "livemode": False, "api_version": "2025-01-27.acacia"}
    if account:
        body["account"] = account
    return body


def post_event(body: dict, *, secret: str = WEBHOOK_SECRET):  # type: ignore[no-untyped-def]
    payload = json.dumps(body)
    return Client(HTTP_HOST=PUBLIC_HOST).post(WEBHOOK_URL, payload,
                                              content_type="application/json",
                                              HTTP_STRIPE_SIGNATURE=sign(payload, secret))


def link_account(tenant: Tenant, *, charges_enabled: bool = True) -> ConnectedAccount:
    with schema_context("public"):
        return ConnectedAccount.objects.create(tenant=tenant, account_id=ACCOUNTS[tenant.slug],
                                               charges_enabled=charges_enabled)


@contextmanager
def heard_signals():
    """Every order_paid / order_refunded sent inside the block, as (signal name, kwargs)."""
    heard: list[tuple[str, dict]] = []

    def on_paid(sender, **kwargs):  # type: ignore[no-untyped-def]
        heard.append(("paid", kwargs))

    def on_refunded(sender, **kwargs):  # type: ignore[no-untyped-def]
        heard.append(("refunded", kwargs))

    order_paid.connect(on_paid, dispatch_uid="tests.payments.paid")
    order_refunded.connect(on_refunded, dispatch_uid="tests.payments.refunded")
    try:
        yield heard
    finally:
        order_paid.disconnect(dispatch_uid="tests.payments.paid")
        order_refunded.disconnect(dispatch_uid="tests.payments.refunded")
