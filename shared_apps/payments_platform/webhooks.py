"""Stripe events in: stored once by id, processed once, routed to the tenant owning the account.

The event row is inserted first (insert-or-ignore, its own commit), then locked while it is
processed: two deliveries of one event wait for each other and the second finds it processed.
Processing runs in the owning tenant's schema and in the same transaction as ``processed_at``,
so an event is either fully applied and marked, or neither (Stripe then sends it again). This is
the one door through which Stripe reaches a tenant's schema.
"""

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import stripe
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenant_apps.payments.stripe_events import handle_event

from .models import ConnectedAccount, EventOutcome, StripeEvent
from .selectors import account_owner

# How long a refund for a payment we do not know yet is sent back for a retry (its payment's
# event may still be on its way); older ones are recorded as unknown.
RETRY_WINDOW = timedelta(hours=1)


class InvalidEvent(Exception):
    """A payload whose signature or shape is wrong: answered 400, never stored."""


@dataclass(frozen=True)
class Received:
    outcome: str
    status: int = 200


def _without_nul(value: Any) -> Any:
    """``value`` with NUL characters dropped from its strings: PostgreSQL's jsonb cannot
    store them, and a customer's or a dashboard's text may hold one."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    if isinstance(value, dict):
        return {_without_nul(key): _without_nul(item) for key, item in value.items()}
    return value


def verify(payload: bytes, signature: str) -> dict[str, Any]:
    """The event, if Stripe signed it with our endpoint's secret (and recently)."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        raise InvalidEvent("Webhooks are not configured.")
    try:
        text = payload.decode("utf-8")
        stripe.WebhookSignature.verify_header(text, signature, secret,
                                              stripe.Webhook.DEFAULT_TOLERANCE)
        event = _without_nul(json.loads(text))
    except (stripe.SignatureVerificationError, UnicodeDecodeError, ValueError) as error:
        raise InvalidEvent(str(error)) from None
    if not isinstance(event, dict):  # signed, but a list, a string, a number
        raise InvalidEvent("Not a Stripe event.")
    data = event.get("data")
    if (not isinstance(event.get("id"), str) or not event["id"].startswith("evt_")
            or not isinstance(event.get("type"), str) or not isinstance(data, dict)
            or not isinstance(data.get("object"), dict)):
        raise InvalidEvent("Not a Stripe event.")
    return event


def _created(event: dict[str, Any]) -> datetime | None:
    created = event.get("created")
    if isinstance(created, bool) or not isinstance(created, int):
        return None
    return datetime.fromtimestamp(created, tz=UTC)


def _store(event: dict[str, Any]) -> None:
    account = event.get("account")
    StripeEvent.objects.bulk_create([StripeEvent(
        event_id=event["id"][:255], account=account[:64] if isinstance(account, str) else "",
        type=event["type"][:100], created=_created(event), payload=event,
    )], ignore_conflicts=True)


def _account_updated(stored: StripeEvent) -> str:
    obj = stored.payload["data"]["object"]
    ConnectedAccount.objects.filter(account_id=stored.account).update(
        charges_enabled=bool(obj.get("charges_enabled")),
        details_submitted=bool(obj.get("details_submitted")), updated_at=timezone.now())
    return EventOutcome.ACCOUNT_UPDATED


def _route(stored: StripeEvent) -> str:
    if not stored.account:
        return EventOutcome.PLATFORM_EVENT
    if stored.type == "account.updated":
        return _account_updated(stored)
    tenant = account_owner(stored.account)
    if tenant is None:
        return EventOutcome.UNKNOWN_ACCOUNT
    stored.schema_name = tenant.schema_name
    with tenant_context(tenant):
        outcome = handle_event(stored.payload)
    if outcome == EventOutcome.RETRY and (
            stored.created is None or timezone.now() - stored.created > RETRY_WINDOW):
        return EventOutcome.UNKNOWN_PAYMENT
    return outcome


def receive_event(event: dict[str, Any]) -> Received:
    """Store a verified event once and process it once; say how it went."""
    _store(event)
    with transaction.atomic():
        stored = StripeEvent.objects.select_for_update().get(event_id=event["id"][:255])
        if stored.processed_at is not None:
            return Received(EventOutcome.DUPLICATE)
        outcome = _route(stored)
        stored.outcome = outcome
        fields = ["outcome", "schema_name"]
        if outcome != EventOutcome.RETRY:
            stored.processed_at = timezone.now()
            fields.append("processed_at")
        stored.save(update_fields=fields)
    # Not ours to apply yet: a non-2xx answer makes Stripe send it again later.
    return Received(outcome, 409 if outcome == EventOutcome.RETRY else 200)
