"""Every change to a quote: drafting, sending (a revision supersedes the quote it replaces), the
customer's answer, and expiry.

Actions lock the repair order first, then its quotes, so two of them never wait on each other
in opposite orders; ``expire_quotes`` locks only quotes.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from tenant_apps.pricing.money import DEFAULT_CURRENCY, Money, quantize
from tenant_apps.pricing.tax import VAT_PERCENT, TaxedPrice, VatRate

from .actions import move_locked
from .errors import InvalidQuoteTransition, QuoteError, QuoteExpired
from .models import Quote, QuoteEvent, QuoteLine, QuoteLineKind, RepairOrder, RepairSettings
from .state import (
    DECLINED_TARGET,
    QUOTABLE_STATUSES,
    QuoteStatus,
    RepairPath,
    RepairStatus,
    can_transition_quote,
)

MAX_LINES = 50
MAX_QUANTITY = 999
MAX_UNIT_NET = Decimal("99999.99")


@dataclass(frozen=True)
class QuoteLineInput:
    """One line as the technician enters it: a unit price excluding VAT."""

    kind: str
    description: str
    quantity: int
    unit_net: Decimal
    vat_rate: str = VatRate.STANDARD


def _line_error(index: int, name: str, detail: str) -> QuoteError:
    return QuoteError(detail, code="invalid_line", field=f"lines.{index}.{name}")


def _check_line(index: int, line: QuoteLineInput) -> tuple[str, TaxedPrice]:
    if line.kind not in QuoteLineKind.values:
        raise _line_error(index, "kind", "Choose part or labour.")
    description = " ".join((line.description or "").split())
    if not description or len(description) > 200:
        raise _line_error(index, "description", "Describe the line (at most 200 characters).")
    quantity = line.quantity
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not (
            1 <= quantity <= MAX_QUANTITY):
        raise _line_error(index, "quantity", f"Enter a whole number from 1 to {MAX_QUANTITY}.")
    try:
        unit = Decimal(line.unit_net)
        exact = unit == quantize(unit)
    except (InvalidOperation, TypeError, ValueError):
        exact = False
    if not exact or not Decimal("0") <= unit <= MAX_UNIT_NET:
        raise _line_error(index, "unit_net", f"Enter a price from 0.00 to {MAX_UNIT_NET}.")
    if line.vat_rate not in VatRate.values:
        raise _line_error(index, "vat_rate", "Choose a VAT rate.")
    unit_price = TaxedPrice.from_net(Money(unit, DEFAULT_CURRENCY), VAT_PERCENT[line.vat_rate])
    return description, unit_price


def _replace_lines(quote: Quote, lines: Sequence[QuoteLineInput]) -> None:
    if not 1 <= len(lines) <= MAX_LINES:
        raise QuoteError(f"A quote has from 1 to {MAX_LINES} lines.", code="invalid_lines",
                         field="lines")
    rows = []
    total_net, total_tax = Money.zero(quote.currency), Money.zero(quote.currency)
    for index, line in enumerate(lines):
        description, unit_price = _check_line(index, line)
        total = unit_price * line.quantity
        rows.append(QuoteLine(
            quote=quote, position=index + 1, kind=line.kind, description=description,
            quantity=line.quantity, unit_net=unit_price.net.amount, vat_rate=line.vat_rate,
            vat_percent=unit_price.rate, line_net=total.net.amount, line_tax=total.tax.amount,
            line_gross=total.gross.amount))
        total_net, total_tax = total_net + total.net, total_tax + total.tax
    quote.lines.all().delete()
    QuoteLine.objects.bulk_create(rows)
    quote.total_net, quote.total_tax = total_net.amount, total_tax.amount
    quote.total_gross = (total_net + total_tax).amount
    quote.save(update_fields=["total_net", "total_tax", "total_gross", "updated_at"])


def _lock_quotable(repair: RepairOrder) -> RepairOrder:
    locked = RepairOrder.objects.select_for_update().get(pk=repair.pk)
    if locked.path == RepairPath.PACKAGE or locked.status not in QUOTABLE_STATUSES:
        raise QuoteError("This repair cannot take a quote now.", code="not_quotable",
                         field="repair_order", status=409)
    return locked


def _set_status(quote: Quote, target: str, *, actor_email: str, **fields: object) -> None:
    if not can_transition_quote(quote.status, target):
        raise InvalidQuoteTransition(quote.status, target)
    QuoteEvent.objects.create(quote=quote, from_status=quote.status, to_status=target,
                              actor_email=actor_email)
    quote.status = target
    for name, value in fields.items():
        setattr(quote, name, value)
    quote.save(update_fields=["status", "updated_at", *fields])


def create_quote(repair: RepairOrder, lines: Sequence[QuoteLineInput], *,
                 actor_email: str) -> Quote:
    """A draft quote, numbered after the repair's earlier ones (a revision when one was sent).

    Only a diagnosed or visited repair, or one whose quote is out, takes a quote; it has at most
    one draft at a time (edit it with ``set_quote_lines``).
    """
    with transaction.atomic():
        locked = _lock_quotable(repair)
        if locked.quotes.filter(status=QuoteStatus.DRAFT).exists():
            raise QuoteError("This repair already has a draft quote.", code="draft_exists",
                             field="repair_order", status=409)
        last = locked.quotes.aggregate(last=Max("version"))["last"] or 0
        quote = Quote.objects.create(repair_order=locked, version=last + 1,
                                     created_by_email=actor_email)
        _replace_lines(quote, lines)
        QuoteEvent.objects.create(quote=quote, to_status=QuoteStatus.DRAFT,
                                  actor_email=actor_email)
    return quote


def set_quote_lines(quote: Quote, lines: Sequence[QuoteLineInput], *, actor_email: str) -> Quote:
    """Replace a draft's lines; a sent quote is never edited (send a revision instead)."""
    with transaction.atomic():
        RepairOrder.objects.select_for_update().filter(pk=quote.repair_order_id).first()
        locked = Quote.objects.select_for_update().get(pk=quote.pk)
        if locked.status != QuoteStatus.DRAFT:
            raise QuoteError("Only a draft quote can be edited.", code="quote_frozen",
                             field="lines", status=409)
        _replace_lines(locked, lines)
    return locked


def send_quote(quote: Quote, *, actor_email: str, today: date | None = None) -> Quote:
    """Send a draft to the customer, valid for the tenant's validity days from ``today``.

    The quote the customer had (if any) is superseded in the same transaction, and the repair
    order moves to "quote sent" (it may already be there, for a revision).
    """
    today = today or timezone.localdate()
    validity = RepairSettings.current().quote_validity_days
    with transaction.atomic():
        repair = _lock_quotable(quote.repair_order)
        locked = Quote.objects.select_for_update().get(pk=quote.pk)
        if locked.status != QuoteStatus.DRAFT:
            raise InvalidQuoteTransition(locked.status, QuoteStatus.SENT)
        for previous in repair.quotes.select_for_update().filter(status=QuoteStatus.SENT):
            _set_status(previous, QuoteStatus.SUPERSEDED, actor_email=actor_email)
        _set_status(locked, QuoteStatus.SENT, actor_email=actor_email, sent_at=timezone.now(),
                    valid_until=today + timedelta(days=validity))
        if repair.status != RepairStatus.QUOTE_SENT:
            move_locked(repair, RepairStatus.QUOTE_SENT, actor_email=actor_email)
        else:
            # A revision moves no status, so no signal: the customer still hears of it.
            from .notifications import notify_customer

            notify_customer(repair, RepairStatus.QUOTE_SENT)
    return locked


def _lock_answerable(quote: Quote, target: str) -> tuple[RepairOrder, Quote]:
    repair = RepairOrder.objects.select_for_update().get(pk=quote.repair_order_id)
    locked = Quote.objects.select_for_update().get(pk=quote.pk)
    if locked.status != QuoteStatus.SENT:
        raise InvalidQuoteTransition(locked.status, target)
    return repair, locked


def accept_quote(quote: Quote, *, actor_email: str, today: date | None = None) -> Quote:
    """The customer accepts a sent quote still valid ``today``; the repair awaits its payment."""
    today = today or timezone.localdate()
    with transaction.atomic():
        repair, locked = _lock_answerable(quote, QuoteStatus.ACCEPTED)
        if locked.valid_until is not None and locked.valid_until < today:
            raise QuoteExpired()
        _set_status(locked, QuoteStatus.ACCEPTED, actor_email=actor_email,
                    answered_at=timezone.now())
        move_locked(repair, RepairStatus.AWAITING_QUOTE_PAYMENT, actor_email=actor_email)
    return locked


def decline_quote(quote: Quote, *, actor_email: str) -> Quote:
    """The customer declines a sent quote: a shipped device comes back, a visit ends there."""
    with transaction.atomic():
        repair, locked = _lock_answerable(quote, QuoteStatus.DECLINED)
        _set_status(locked, QuoteStatus.DECLINED, actor_email=actor_email,
                    answered_at=timezone.now())
        move_locked(repair, DECLINED_TARGET[RepairPath(repair.path)], actor_email=actor_email)
    return locked


def expire_quotes(*, today: date | None = None) -> int:
    """Expire the sent quotes whose last valid day is before ``today``; returns how many.

    Idempotent: only quotes still "sent" are touched, under lock, so a second run (or a run
    racing an acceptance) changes nothing more. The repair stays "quote sent": staff may send
    a revision or end it.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        due = list(Quote.objects.select_for_update(skip_locked=True)
                   .filter(status=QuoteStatus.SENT, valid_until__lt=today))
        for quote in due:
            _set_status(quote, QuoteStatus.EXPIRED, actor_email="")
    return len(due)
