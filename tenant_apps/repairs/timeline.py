"""The customer's timeline of a repair order: every status, quote, payment, document and parcel
event in one chronological list, in the customer's words.

Nothing staff-only ever reaches an entry: no actor e-mails, no notes, no drafts. The list is read
in a fixed number of queries however long the repair's history is.

The timeline opens for its owner signed in (``/track/repair/<reference>/``) and for anyone holding
the signed link e-mailed to them (``/track/<token>/``). The token is signed with a salt naming the
tenant's schema, so a link of one tenant means nothing on another, and it lasts
``LINK_MAX_AGE_DAYS`` (every e-mail carries a fresh one).
"""

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core import signing
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse

from tenant_apps.commerce.order_models import Order
from tenants.context import current_schema, current_tenant
from tenants.urls import tenant_url

from .models import Quote, QuoteEvent, RepairEvent, RepairOrder
from .state import QuoteStatus, RepairPath, RepairStatus

LINK_MAX_AGE_DAYS = 90
MAX_TOKEN_LENGTH = 200
_SALT = "tenant_apps.repairs.timeline"
SHIPPING_MODULE = "tenant_apps.logistics.repair_shipping"


class EntryKind:
    STATUS = "status"
    QUOTE = "quote"
    PAYMENT = "payment"
    REFUND = "refund"
    DOCUMENT = "document"
    SHIPMENT = "shipment"
    TRACKING = "tracking"

    ALL = (STATUS, QUOTE, PAYMENT, REFUND, DOCUMENT, SHIPMENT, TRACKING)


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the timeline: what happened, when, and where to read more."""

    at: datetime
    kind: str  # one of EntryKind.ALL
    title: str
    detail: str = ""
    amount: Decimal | None = None
    currency: str = ""
    link: str = ""  # a path on the tenant's domain, or an anchor of the timeline page
    link_label: str = ""


# --- Words -------------------------------------------------------------------------------------

S = RepairStatus

STATUS_WORDS: dict[str, str] = {
    S.AWAITING_PAYMENT: "Waiting for your payment",
    S.AWAITING_DEVICE: "We are waiting for your device",
    S.RECEIVED: "Your device has arrived at our repair centre",
    S.DIAGNOSING: "A technician is examining your device",
    S.VISIT_SCHEDULED: "Your technician's visit is being scheduled",
    S.VISITED: "The technician has visited",
    S.QUOTE_SENT: "Your quote is ready",
    S.AWAITING_QUOTE_PAYMENT: "Quote accepted: waiting for your payment",
    S.REPAIRING: "Your device is being repaired",
    S.REPAIRED: "Your device is repaired",
    S.SHIPPED_BACK: "Your device is on its way back to you",
    S.RETURNING: "Your device is coming back to you unrepaired",
    S.COMPLETED: "Your repair is complete",
    S.CLOSED: "Your repair is closed without repair",
    S.CANCELLED: "Your repair is cancelled",
}

QUOTE_WORDS: dict[str, str] = {
    QuoteStatus.SENT: "Quote {version} sent to you",
    QuoteStatus.ACCEPTED: "You accepted quote {version}",
    QuoteStatus.DECLINED: "You declined quote {version}",
    QuoteStatus.EXPIRED: "Quote {version} expired",
}

DOCUMENT_WORDS = {"invoice": "Your invoice", "receipt": "Your receipt",
                  "credit_note": "Your credit note"}

PATH_WORDS: dict[str, str] = {
    RepairPath.PACKAGE: "flat-rate repair",
    RepairPath.DIAGNOSIS: "diagnosis",
    RepairPath.ON_SITE: "on-site visit",
}

_CAPTURED = ("succeeded", "partially_refunded", "refunded")


def status_words(status: str) -> str:
    """The repair's status as the customer reads it."""
    return STATUS_WORDS.get(status, str(status))


# --- Building ----------------------------------------------------------------------------------


def _status_entries(repair: RepairOrder, events: Iterable[RepairEvent]) -> list[TimelineEntry]:
    entries = []
    for event in events:
        if not event.from_status:
            title = f"Repair request {repair.reference} opened"
            detail = PATH_WORDS.get(repair.path, "").capitalize()
        else:
            title, detail = status_words(event.to_status), ""
        entries.append(TimelineEntry(event.created_at, EntryKind.STATUS, title, detail))
    return entries


def _quote_entries(quotes: Iterable[Quote], page_path: str) -> list[TimelineEntry]:
    entries = []
    for quote in quotes:
        events: list[QuoteEvent] = list(quote.events.all())
        for event in events:
            words = QUOTE_WORDS.get(event.to_status)
            if words is None:  # drafting and superseding are the workshop's business
                continue
            detail = (f"Valid until {quote.valid_until:%d/%m/%Y}"
                      if event.to_status == QuoteStatus.SENT and quote.valid_until else "")
            entries.append(TimelineEntry(
                event.created_at, EntryKind.QUOTE, words.format(version=quote.version), detail,
                quote.total_gross, quote.currency, f"{page_path}#quote-{quote.version}",
                "See the quote"))
    return entries


def _document_link(document: Any, order: Order, *, guest: bool) -> str:
    if guest:
        return reverse("documents:guest_download",
                       kwargs={"token": order.public_token, "document_id": document.pk})
    return reverse("documents:download", kwargs={"document_id": document.pk})


def _money_entries(orders: Iterable[Order], *, guest: bool) -> list[TimelineEntry]:
    entries = []
    for order in orders:
        for payment in order.payments.all():  # type: ignore[attr-defined]
            if payment.status not in _CAPTURED:
                continue
            entries.append(TimelineEntry(
                payment.captured_at or payment.updated_at, EntryKind.PAYMENT,
                "Payment received", f"Order {order.reference}", payment.captured_amount,
                payment.currency))
            for refund in payment.refunds.all():
                if refund.status == "succeeded":
                    entries.append(TimelineEntry(
                        refund.completed_at or refund.updated_at, EntryKind.REFUND,
                        "Refund sent to you", f"Order {order.reference}", refund.amount,
                        payment.currency))
        for document in order.documents.all():  # type: ignore[attr-defined]
            entries.append(TimelineEntry(
                document.issued_at, EntryKind.DOCUMENT,
                f"{DOCUMENT_WORDS.get(document.kind, 'Your document')} {document.number}", "",
                document.total_gross, document.currency,
                _document_link(document, order, guest=guest), "Download (PDF)"))
    return entries


def _label_link(shipment: Any) -> str:
    try:
        return reverse("shipping:label", kwargs={"shipment_id": shipment.pk})
    except NoReverseMatch:
        return ""


def _shipment_title(shipment: Any) -> str:
    leg = getattr(shipment, "leg", "")
    if leg == "to_repair_centre":
        return "Your return label is ready"
    if leg == "from_repair_centre":
        return "Your device has been handed to the carrier"
    return f"Parcel: {shipment.get_leg_display()}"


def _shipment_entries(shipments: Iterable[Any]) -> list[TimelineEntry]:
    entries = []
    for shipment in shipments:
        inbound = getattr(shipment, "direction", "") == "inbound"
        link = _label_link(shipment) if inbound else shipment.tracking_url
        entries.append(TimelineEntry(
            shipment.created_at, EntryKind.SHIPMENT, _shipment_title(shipment),
            f"{shipment.carrier_label} {shipment.tracking_number}".strip(), link=link,
            link_label=("Download the return label" if inbound else "Track the parcel")
            if link else ""))
        for event in shipment.events.all():
            place = f" ({event.location})" if event.location else ""
            entries.append(TimelineEntry(
                event.occurred_at, EntryKind.TRACKING,
                f"Parcel {shipment.tracking_number}: {event.get_status_display().lower()}",
                f"{event.message}{place}".strip()))
    return entries


def repair_shipments(repair: RepairOrder) -> list[Any]:
    """The repair's parcels with their events (logistics' ``shipments_of``), or none when the
    logistics side of repairs is not installed."""
    try:
        module = importlib.import_module(SHIPPING_MODULE)
    except ImportError:
        return []
    shipments_of = getattr(module, "shipments_of", None)
    return list(shipments_of(repair)) if shipments_of is not None else []


def _orders_of(repair: RepairOrder, quotes: list[Quote]) -> list[Order]:
    order_ids = {order_id for order_id in (repair.order_id, *(q.order_id for q in quotes))
                 if order_id is not None}
    if not order_ids:
        return []
    return list(Order.objects.filter(pk__in=order_ids).order_by("placed_at", "id")
                .prefetch_related("payments__refunds", "documents"))


def customer_quotes(repair: RepairOrder) -> list[Quote]:
    """The quotes the customer was sent (never drafts), newest first, with events and lines."""
    return list(Quote.objects.filter(repair_order=repair).exclude(status=QuoteStatus.DRAFT)
                .order_by("-version").prefetch_related("events", "lines"))


def build_timeline(repair: RepairOrder, *, page_path: str, guest: bool = False,
                   quotes: list[Quote] | None = None) -> list[TimelineEntry]:
    """Every entry of the repair's timeline, oldest first.

    ``page_path`` is the page the entries are shown on (quote links are its anchors); a
    ``guest`` (signed link) gets document links that open without an account. Pass ``quotes``
    when the caller already loaded ``customer_quotes(repair)``.
    """
    quotes = customer_quotes(repair) if quotes is None else quotes
    events = list(RepairEvent.objects.filter(repair_order=repair).order_by("created_at", "id"))
    entries = [
        *_status_entries(repair, events),
        *_quote_entries(quotes, page_path),
        *_money_entries(_orders_of(repair, quotes), guest=guest),
        *_shipment_entries(repair_shipments(repair)),
    ]
    order = {kind: index for index, kind in enumerate(EntryKind.ALL)}
    return sorted(entries, key=lambda entry: (entry.at, order.get(entry.kind, 0)))


# --- Signed links ------------------------------------------------------------------------------


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"{_SALT}:{current_schema()}")


def timeline_token(repair: RepairOrder) -> str:
    """The signed token of the repair's public timeline, valid on this tenant only."""
    return _signer().sign(str(repair.pk))


def repair_from_token(token: str) -> RepairOrder | None:
    """The repair a token of this tenant names, or None if it is forged, altered, of another
    tenant or older than ``LINK_MAX_AGE_DAYS``."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        value = _signer().unsign(token, max_age=LINK_MAX_AGE_DAYS * 24 * 3600)
    except signing.BadSignature:
        return None
    if not value.isdigit():
        return None
    return timeline_repairs().filter(pk=int(value)).first()


def timeline_repairs() -> QuerySet[RepairOrder]:
    return RepairOrder.objects.select_related("device__category", "device__brand",
                                              "device__device_model", "package")


def timeline_path(repair: RepairOrder) -> str:
    return reverse("timeline:signed", kwargs={"token": timeline_token(repair)})


def timeline_link(repair: RepairOrder) -> str:
    """The absolute signed link of the repair's timeline on the tenant's primary domain, for
    e-mails; it opens without logging in for ``LINK_MAX_AGE_DAYS``."""
    tenant = current_tenant()
    if tenant is None:
        raise LookupError("Timeline links exist only on a tenant's domain.")
    return tenant_url(tenant, timeline_path(repair))
