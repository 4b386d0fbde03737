"""Placing an order: how long the "Place the order" request takes, at the median, for a guest.

Each run is a new visitor on the bench tenant who puts two accessories in the cart,
walks the checkout steps as a guest (a new address, home delivery, the dummy provider) and
submits the review page. Only that last request is timed: it locks the cart, re-prices it,
takes the order number and the stock, writes the order, its lines and history, empties the cart
and schedules the confirmation e-mail. Requests go through the test client in-process (tenant
routing included); the e-mail backend is the in-memory one.
"""

import re
import statistics
import time
from decimal import Decimal

from django.test import Client, override_settings
from django_tenants.utils import tenant_context

from tenant_apps.catalog.actions import create_item
from tenant_apps.commerce.checkout_actions import ensure_checkout
from tenants.models import Tenant

RUNS = 40
FIELD = re.compile(r'name="(place_token|terms_version|expected_total)" value="([^"]*)"')
ADDRESS = {
    "destination": "new", "delivery_option": "colissimo", "delivery_name": "Bench Buyer",
    "delivery_street": "3 rue de la Paix", "delivery_postal_code": "75002",
    "delivery_city": "Paris", "delivery_country": "FR", "billing": "same",
}


def _items(tenant: Tenant) -> tuple[int, int]:
    with tenant_context(tenant):
        ensure_checkout()
        package = create_item(kind="product", name="Bench screen kit", price=Decimal("89.00"),
                              stock=RUNS * 2)
        accessory = create_item(kind="product", name="Bench cable", price=Decimal("9.90"),
                                stock=RUNS * 2)
    return package.pk, accessory.pk


def _expect(response, status: int, step: str) -> None:  # type: ignore[no-untyped-def]
    if response.status_code != status:
        raise RuntimeError(f"checkout {step} answered {response.status_code}")


def _place_once(host: str, items: tuple[int, int], run: int) -> float:
    client = Client(HTTP_HOST=host)
    for item in items:
        _expect(client.post("/shop/cart/add/", {"item": item, "quantity": 1}), 302, "cart")
    _expect(client.post("/shop/checkout/who/", {"email": f"bench-{run}@bench.test",
                                                "full_name": "Bench Buyer"}), 302, "who")
    _expect(client.post("/shop/checkout/delivery/", ADDRESS), 302, "delivery")
    _expect(client.post("/shop/checkout/payment/", {"payment_provider": "dummy"}), 302,
            "payment")
    review = client.get("/shop/checkout/review/")
    _expect(review, 200, "review")
    form = dict(FIELD.findall(review.content.decode()))
    started = time.perf_counter()
    placed = client.post("/shop/checkout/place/", {**form, "terms_accepted": "on"})
    elapsed = time.perf_counter() - started
    _expect(placed, 302, "place")
    if not placed["Location"].startswith("/pay/"):
        raise RuntimeError(f"placing went to {placed['Location']}, not the payment page")
    return elapsed


def measure_place_order(tenant: Tenant) -> dict[str, object]:
    """{"place_order_ms_p50": ms, "place_order_ms_p90": ms, "runs": n} for ``tenant``."""
    host = tenant.get_primary_domain().domain
    items = _items(tenant)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        _place_once(host, items, 0)  # warm-up: imports, templates, host cache
        runs = [_place_once(host, items, run) for run in range(1, RUNS + 1)]
    ordered = sorted(runs)
    return {
        "place_order_ms_p50": round(statistics.median(runs) * 1000, 1),
        "place_order_ms_p90": round(ordered[int(len(ordered) * 0.9) - 1] * 1000, 1),
        "runs": RUNS,
    }
