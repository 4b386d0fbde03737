"""Stripe events, once routed to the tenant that owns the connected account.

Runs in that tenant's schema (shared_apps.payments_platform.webhooks switches into it). Each
handler finds our payment from what the event carries (our token in the metadata, the Checkout
Session id, the PaymentIntent id) and calls the same actions as every other path, which are
idempotent and follow the transition table: a replayed event, or a "failed" arriving after a
success, changes nothing.
"""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db.models import Q

from tenant_apps.commerce.order_models import is_token_shaped
from tenant_apps.pricing.money import Money

from . import actions
from .models import Payment, Provider
from .providers.stripe_checkout import refund_status
from .state import PaymentStatus

Object = dict[str, Any]

PROCESSED, IGNORED, UNKNOWN_PAYMENT, RETRY = "processed", "ignored", "unknown_payment", "retry"


def _metadata(obj: Object) -> dict[str, str]:
    metadata = obj.get("metadata")
    return metadata if isinstance(metadata, dict) else {}


def _text(obj: Object, key: str) -> str:
    value = obj.get(key)
    return value if isinstance(value, str) else ""


def find_payment(obj: Object, *, session_id: str = "", intent_id: str = "") -> Payment | None:
    """Our Stripe payment named by the object: token, then session id, then PaymentIntent id."""
    token = _metadata(obj).get("awal_payment") or _text(obj, "client_reference_id")
    conditions = Q(pk__in=[])
    if is_token_shaped(token):
        conditions |= Q(token=token)
    if session_id:
        conditions |= Q(provider_reference=session_id)
    if intent_id:
        conditions |= Q(payment_intent_id=intent_id)
    return (Payment.objects.select_related("order")
            .filter(conditions, provider=Provider.STRIPE).order_by("pk").first())


def _amount(obj: Object, key: str, payment: Payment) -> Decimal | None:
    units = obj.get(key)
    if isinstance(units, bool) or not isinstance(units, int):
        return None
    return Money.from_minor_units(units, payment.currency).quantized().amount


def _session_paid(obj: Object, source: str) -> str:
    payment = find_payment(obj, session_id=_text(obj, "id"))
    if payment is None:
        return UNKNOWN_PAYMENT
    if obj.get("payment_status") != "paid":
        return IGNORED  # an asynchronous method: its own event follows
    _, changed = actions.confirm_payment(payment, source=source,
                                         captured=_amount(obj, "amount_total", payment),
                                         payment_intent_id=_text(obj, "payment_intent"))
    return PROCESSED if changed else IGNORED


def _session_failed(obj: Object, source: str, target: str) -> str:
    payment = find_payment(obj, session_id=_text(obj, "id"))
    if payment is None:
        return UNKNOWN_PAYMENT
    _, changed = actions.fail_payment(payment, source=source, target=target)
    return PROCESSED if changed else IGNORED


def _intent_succeeded(obj: Object, source: str) -> str:
    payment = find_payment(obj, intent_id=_text(obj, "id"))
    if payment is None:
        return UNKNOWN_PAYMENT
    _, changed = actions.confirm_payment(payment, source=source,
                                         captured=_amount(obj, "amount_received", payment),
                                         payment_intent_id=_text(obj, "id"))
    return PROCESSED if changed else IGNORED


def _intent_failed(obj: Object, source: str) -> str:
    payment = find_payment(obj, intent_id=_text(obj, "id"))
    if payment is None:
        return UNKNOWN_PAYMENT
    _, changed = actions.fail_payment(payment, source=source, payment_intent_id=_text(obj, "id"))
    return PROCESSED if changed else IGNORED


def _refund(obj: Object, source: str) -> str:
    """A refund (ours or made in the dashboard) was created or changed status.

    When its payment is not known yet (its PaymentIntent id arrives with the payment's own
    event), the caller asks Stripe to send it again later.
    """
    payment = find_payment(obj, intent_id=_text(obj, "payment_intent"))
    if payment is None:
        return RETRY
    amount = _amount(obj, "amount", payment)
    reference = _text(obj, "id")
    if amount is None or amount <= 0 or not reference:
        return IGNORED
    actions.record_provider_refund(payment, reference=reference, amount=amount,
                                   status=refund_status(_text(obj, "status")), source=source,
                                   idempotency_key=_metadata(obj).get("awal_refund", ""),
                                   payment_intent_id=_text(obj, "payment_intent"))
    return PROCESSED


HANDLERS: dict[str, Callable[[Object, str], str]] = {
    "checkout.session.completed": _session_paid,
    "checkout.session.async_payment_succeeded": _session_paid,
    "checkout.session.async_payment_failed":
        lambda obj, source: _session_failed(obj, source, PaymentStatus.FAILED),
    "checkout.session.expired":
        lambda obj, source: _session_failed(obj, source, PaymentStatus.CANCELLED),
    "payment_intent.succeeded": _intent_succeeded,
    "payment_intent.payment_failed": _intent_failed,
    "refund.created": _refund,
    "refund.updated": _refund,
    "refund.failed": _refund,
}


def handle_event(event: Object) -> str:
    """Apply one verified event to this tenant's payments; returns the outcome's code."""
    handler = HANDLERS.get(_text(event, "type"))
    data = event.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    if handler is None or not isinstance(obj, dict):
        return IGNORED
    return handler(obj, f"stripe {_text(event, 'id')}"[:120])
