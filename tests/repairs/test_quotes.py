"""Quotes: lines and VAT, sending and revising, the customer's answer, expiry (R4, R7)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenant_apps.repairs.errors import InvalidQuoteTransition, QuoteError, QuoteExpired, RepairError
from tenant_apps.repairs.models import Quote, QuoteEvent, RepairEvent, RepairOrder, RepairSettings
from tenant_apps.repairs.quote_actions import (
    QuoteLineInput,
    accept_quote,
    create_quote,
    decline_quote,
    expire_quotes,
    send_quote,
    set_quote_lines,
)
from tenant_apps.repairs.settings_actions import update_repair_settings
from tenant_apps.repairs.state import QUOTE_TRANSITIONS, QuoteStatus, can_transition_quote
from tenant_apps.repairs.tasks import expire_quotes_everywhere

from .helpers import STAFF_EMAIL, at_status, lines, new_repair, sent_quote

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def diagnosed(path="diagnosis"):
    return at_status(new_repair(path), "diagnosing" if path == "diagnosis" else "visited")


def test_lines_are_priced_with_vat(tenant_a):
    with tenant_context(tenant_a):
        extra = QuoteLineInput(kind="part", description="Seal", quantity=3,
                               unit_net=Decimal("1.99"), vat_rate="reduced")
        quote = create_quote(diagnosed(), [*lines(), extra], actor_email=STAFF_EMAIL)
        rows = list(quote.lines.values_list("position", "line_net", "line_tax", "line_gross"))
    assert rows == [(1, Decimal("20.00"), Decimal("4.00"), Decimal("24.00")),
                    (2, Decimal("45.50"), Decimal("9.10"), Decimal("54.60")),
                    (3, Decimal("5.97"), Decimal("0.33"), Decimal("6.30"))]
    assert (quote.total_net, quote.total_tax, quote.total_gross) == (
        Decimal("71.47"), Decimal("13.43"), Decimal("84.90"))
    assert (quote.version, quote.status) == (1, "draft")


@pytest.mark.parametrize(("change", "field"), [
    ({"kind": "fee"}, "lines.0.kind"),
    ({"description": "  "}, "lines.0.description"),
    ({"quantity": 0}, "lines.0.quantity"),
    ({"quantity": True}, "lines.0.quantity"),
    ({"unit_net": Decimal("-1")}, "lines.0.unit_net"),
    ({"unit_net": Decimal("1.005")}, "lines.0.unit_net"),
    ({"unit_net": Decimal("NaN")}, "lines.0.unit_net"),
    ({"vat_rate": "19"}, "lines.0.vat_rate"),
])
def test_invalid_lines_are_refused_by_field(tenant_a, change, field):
    values = {"kind": "part", "description": "Screen", "quantity": 1,
              "unit_net": Decimal("10.00"), **change}
    with tenant_context(tenant_a):
        repair = diagnosed()
        with pytest.raises(QuoteError) as refused:
            create_quote(repair, [QuoteLineInput(**values)], actor_email=STAFF_EMAIL)
        assert not Quote.objects.filter(repair_order=repair).exists()
    assert refused.value.field == field


def test_quotes_only_where_a_quote_is_due(tenant_a):
    with tenant_context(tenant_a):
        with pytest.raises(QuoteError) as package:
            create_quote(at_status(new_repair("package"), "received"), lines(),
                         actor_email=STAFF_EMAIL)
        with pytest.raises(QuoteError) as early:
            create_quote(new_repair("diagnosis"), lines(), actor_email=STAFF_EMAIL)
        repair = diagnosed()
        with pytest.raises(QuoteError) as empty:
            create_quote(repair, [], actor_email=STAFF_EMAIL)
        create_quote(repair, lines(), actor_email=STAFF_EMAIL)
        with pytest.raises(QuoteError) as second:
            create_quote(repair, lines(), actor_email=STAFF_EMAIL)
    assert [package.value.code, early.value.code, empty.value.code, second.value.code] == [
        "not_quotable", "not_quotable", "invalid_lines", "draft_exists"]


def test_sending_sets_validity_from_the_tenant_setting(tenant_a):
    with tenant_context(tenant_a):
        first = sent_quote(diagnosed(), today=TODAY)
        update_repair_settings(quote_validity_days=10)
        second = sent_quote(diagnosed(), today=TODAY)
        for days in (0, 366, True):
            with pytest.raises(RepairError):
                update_repair_settings(quote_validity_days=days)
        assert RepairSettings.current().quote_validity_days == 10
    assert first.valid_until == TODAY + timedelta(days=30)
    assert second.valid_until == TODAY + timedelta(days=10)
    assert first.status == "sent" and first.sent_at is not None


def test_a_revision_replaces_the_sent_quote(tenant_a):
    with tenant_context(tenant_a):
        # given a repair with quote 1 sent
        repair = diagnosed()
        first = sent_quote(repair)
        # when quote 2 is drafted (quote 1 still answerable) and then sent
        draft = create_quote(repair, lines()[:1], actor_email=STAFF_EMAIL)
        assert Quote.objects.get(pk=first.pk).status == "sent"
        second = send_quote(draft, actor_email=STAFF_EMAIL)
        # then quote 1 is superseded, quote 2 is the one to answer
        statuses = dict(Quote.objects.filter(repair_order=repair).values_list("version",
                                                                               "status"))
        moves = list(RepairEvent.objects.filter(repair_order=repair)
                     .values_list("from_status", "to_status"))
        history = list(QuoteEvent.objects.filter(quote=first).values_list("to_status",
                                                                           flat=True))
        with pytest.raises(InvalidQuoteTransition):
            accept_quote(first, actor_email="c@example.test")
        with pytest.raises(QuoteError) as frozen:
            set_quote_lines(second, lines(), actor_email=STAFF_EMAIL)
    assert statuses == {1: "superseded", 2: "sent"}
    assert second.version == 2
    assert moves == [("", "awaiting_payment"), ("diagnosing", "quote_sent")]
    assert history == ["draft", "sent", "superseded"]
    assert frozen.value.code == "quote_frozen"


def test_the_database_holds_one_sent_quote_per_repair(tenant_a):
    with tenant_context(tenant_a):
        repair = diagnosed()
        first = sent_quote(repair)
        with pytest.raises(IntegrityError), transaction.atomic():
            Quote.objects.create(repair_order=repair, version=first.version + 1, status="sent",
                                 sent_at=timezone.now(), valid_until=TODAY)


def test_a_draft_is_edited_in_place(tenant_a):
    with tenant_context(tenant_a):
        quote = create_quote(diagnosed(), lines(), actor_email=STAFF_EMAIL)
        set_quote_lines(quote, lines()[1:], actor_email=STAFF_EMAIL)
        quote.refresh_from_db()
        assert quote.lines.count() == 1
    assert quote.total_gross == Decimal("54.60")


def test_accepting_awaits_the_quote_payment(tenant_a):
    with tenant_context(tenant_a):
        quote = sent_quote(diagnosed())
        accepted = accept_quote(quote, actor_email="c@example.test")
        repair = RepairOrder.objects.get(pk=quote.repair_order_id)
        with pytest.raises(InvalidQuoteTransition):
            accept_quote(quote, actor_email="c@example.test")
        with pytest.raises(InvalidQuoteTransition):
            decline_quote(quote, actor_email="c@example.test")
    assert (accepted.status, repair.status) == ("accepted", "awaiting_quote_payment")
    assert accepted.answered_at is not None


def test_an_overdue_quote_cannot_be_accepted_even_before_the_task_ran(tenant_a):
    with tenant_context(tenant_a):
        quote = sent_quote(diagnosed(), today=TODAY - timedelta(days=31))
        with pytest.raises(QuoteExpired):
            accept_quote(quote, actor_email="c@example.test")
        quote.refresh_from_db()
        repair = RepairOrder.objects.get(pk=quote.repair_order_id)
    assert (quote.status, repair.status) == ("sent", "quote_sent")


@pytest.mark.parametrize(("path", "after"), [("diagnosis", "returning"), ("on_site", "closed")])
def test_declining_sends_the_device_back_or_ends_the_visit(tenant_a, path, after):
    with tenant_context(tenant_a):
        quote = sent_quote(diagnosed(path))
        declined = decline_quote(quote, actor_email="c@example.test")
        repair = RepairOrder.objects.get(pk=quote.repair_order_id)
    assert (declined.status, repair.status) == ("declined", after)


def test_expiry_run_twice_changes_things_once(tenant_a):
    with tenant_context(tenant_a):
        # given an overdue quote, one due today, and an accepted overdue one
        overdue = sent_quote(diagnosed(), today=TODAY - timedelta(days=31))
        due_today = sent_quote(diagnosed(), today=TODAY - timedelta(days=30))
        accepted = accept_quote(sent_quote(diagnosed(), today=TODAY - timedelta(days=29)),
                                actor_email="c@example.test")
        Quote.objects.filter(pk=accepted.pk).update(valid_until=TODAY - timedelta(days=5))
        # when expiry runs twice
        runs = [expire_quotes(today=TODAY), expire_quotes(today=TODAY)]
        statuses = {quote.pk: Quote.objects.get(pk=quote.pk).status
                    for quote in (overdue, due_today, accepted)}
        events = QuoteEvent.objects.filter(quote=overdue, to_status="expired").count()
        repair_status = RepairOrder.objects.get(pk=overdue.repair_order_id).status
    assert runs == [1, 0]
    assert statuses == {overdue.pk: "expired", due_today.pk: "sent", accepted.pk: "accepted"}
    assert events == 1
    assert repair_status == "quote_sent"


def test_the_beat_task_expires_each_tenant_once(tenant_a, tenant_b):
    with tenant_context(tenant_a):
        quote_a = sent_quote(diagnosed(), today=TODAY - timedelta(days=40))
    with tenant_context(tenant_b):
        quote_b = sent_quote(diagnosed(), today=TODAY - timedelta(days=40))
    for _ in range(2):
        assert expire_quotes_everywhere.delay().get() >= 2
    for tenant, quote in ((tenant_a, quote_a), (tenant_b, quote_b)):
        with tenant_context(tenant):
            assert Quote.objects.get(pk=quote.pk).status == "expired"
            assert QuoteEvent.objects.filter(quote=quote, to_status="expired").count() == 1


# Every quote status pair, through the action that aims at the target.
def _aim(quote, target):
    if target == QuoteStatus.SENT:
        send_quote(quote, actor_email=STAFF_EMAIL)
    elif target == QuoteStatus.ACCEPTED:
        accept_quote(quote, actor_email="c@example.test")
    elif target == QuoteStatus.DECLINED:
        decline_quote(quote, actor_email="c@example.test")
    elif target == QuoteStatus.EXPIRED:
        if not expire_quotes(today=TODAY + timedelta(days=400)):
            raise InvalidQuoteTransition(quote.status, target)
    elif target == QuoteStatus.SUPERSEDED:
        send_quote(create_quote(quote.repair_order, lines(), actor_email=STAFF_EMAIL),
                   actor_email=STAFF_EMAIL)
        # A revision supersedes the quote only if it was the one to answer.
        if quote.status == target or Quote.objects.get(pk=quote.pk).status != target:
            raise InvalidQuoteTransition(quote.status, target)


EXPECTED_QUOTE_MOVES = {("draft", "sent"), ("sent", "accepted"), ("sent", "declined"),
                        ("sent", "expired"), ("sent", "superseded")}


def test_the_quote_table_is_exactly_the_expected_one():
    table = {(source, target) for source, targets in QUOTE_TRANSITIONS.items()
             for target in targets}
    assert table == EXPECTED_QUOTE_MOVES
    for source in QuoteStatus.values:
        for target in QuoteStatus.values:
            assert can_transition_quote(source, target) is ((source, target)
                                                            in EXPECTED_QUOTE_MOVES)


@pytest.mark.parametrize("source", QuoteStatus.values)
@pytest.mark.parametrize("target", [s for s in QuoteStatus.values if s != "draft"])
def test_every_quote_move_through_the_actions(tenant_a, source, target):
    with tenant_context(tenant_a):
        # given a quote in `source` (a draft on a diagnosed repair, else a sent one moved on)
        repair = diagnosed()
        quote = create_quote(repair, lines(), actor_email=STAFF_EMAIL)
        if source != "draft":
            quote = send_quote(quote, actor_email=STAFF_EMAIL, today=TODAY)
            Quote.objects.filter(pk=quote.pk).update(status=source)
        quote.refresh_from_db()
        events = QuoteEvent.objects.filter(quote=quote).count()
        # when
        try:
            with transaction.atomic():
                _aim(quote, target)
            moved = True
        except (InvalidQuoteTransition, QuoteError):
            moved = False
        # then
        after = Quote.objects.get(pk=quote.pk)
        new_events = QuoteEvent.objects.filter(quote=quote).count() - events
    if (source, target) in EXPECTED_QUOTE_MOVES:
        assert moved and after.status == target and new_events == 1
    else:
        assert not moved and after.status == source and new_events == 0
