"""Every (path, source, target) of the repair order, allowed and refused, through the actions."""

import pytest
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.repairs.actions import add_repair_note, transition_repair_order
from tenant_apps.repairs.errors import (
    InvalidRepairTransition,
    QuoteError,
    RepairError,
    TransitionFollowsQuote,
)
from tenant_apps.repairs.models import Quote, RepairEvent, RepairNote, RepairOrder
from tenant_apps.repairs.quote_actions import accept_quote, expire_quotes
from tenant_apps.repairs.state import (
    REPAIR_TRANSITIONS,
    RepairPath,
    RepairStatus,
    allowed_targets,
    can_transition,
    is_quote_driven,
)
from tests.conftest import make_user

from .helpers import STAFF_EMAIL, at_status, new_repair, sent_quote

pytestmark = pytest.mark.django_db

# The journeys as the product describes them (R3, R4, R7), written out independently of state.py.
EXPECTED = {
    "package": """
        awaiting_payment>awaiting_device awaiting_payment>cancelled
        awaiting_device>received awaiting_device>cancelled received>repairing
        repairing>repaired repaired>shipped_back shipped_back>completed""",
    "diagnosis": """
        awaiting_payment>awaiting_device awaiting_payment>cancelled
        awaiting_device>received awaiting_device>cancelled received>diagnosing
        diagnosing>quote_sent quote_sent>awaiting_quote_payment quote_sent>returning
        awaiting_quote_payment>repairing awaiting_quote_payment>returning
        repairing>repaired repaired>shipped_back shipped_back>completed returning>closed""",
    "on_site": """
        awaiting_payment>visit_scheduled awaiting_payment>cancelled
        visit_scheduled>visited visit_scheduled>cancelled visited>quote_sent
        quote_sent>awaiting_quote_payment quote_sent>closed
        awaiting_quote_payment>repairing awaiting_quote_payment>closed
        repairing>repaired repaired>completed""",
}
ALLOWED = {(path, *move.split(">")) for path, moves in EXPECTED.items()
           for move in moves.split()}
PATH_SOURCES = [(path, source) for path in RepairPath.values for source in RepairStatus.values]


def test_the_table_is_exactly_the_journeys():
    table = {(path, source, target) for path, rows in REPAIR_TRANSITIONS.items()
             for source, targets in rows.items() for target in targets}
    assert table == ALLOWED
    every = [(p, s, t) for p in RepairPath.values for s in RepairStatus.values
             for t in RepairStatus.values]
    assert len(every) == 675
    for triple in every:
        assert can_transition(*triple) is (triple in ALLOWED)
    assert not can_transition("teleport", "received", "repairing")
    assert not can_transition("package", "received", "fixed")


def test_staff_are_not_offered_quote_moves():
    assert allowed_targets("diagnosis", "diagnosing") == []
    assert allowed_targets("diagnosis", "quote_sent") == [RepairStatus.RETURNING]
    assert allowed_targets("diagnosis", "quote_sent", via_quote=True) == [
        RepairStatus.AWAITING_QUOTE_PAYMENT, RepairStatus.RETURNING]
    assert allowed_targets("on_site", "awaiting_payment") == [
        RepairStatus.VISIT_SCHEDULED, RepairStatus.CANCELLED]


def _snapshot(repair):
    row = RepairOrder.objects.get(pk=repair.pk)
    return row.status, RepairEvent.objects.filter(repair_order=repair).count()


def _attempt(repair, source, target) -> bool:
    """Try source -> target through the action that owns it; True when it moved."""
    if not is_quote_driven(target):
        try:
            transition_repair_order(repair, target, actor_email=STAFF_EMAIL)
        except InvalidRepairTransition:
            return False
        return True
    with pytest.raises(TransitionFollowsQuote):
        transition_repair_order(repair, target, actor_email=STAFF_EMAIL)
    try:
        if target == RepairStatus.QUOTE_SENT:
            if source == RepairStatus.QUOTE_SENT:
                return False  # a revision is not a move (tested with quotes)
            sent_quote(repair)
        else:
            # A sent quote whatever the repair's status, to show the table refuses the move.
            quote = Quote.objects.create(repair_order=repair, version=99, status="sent",
                                         sent_at="2026-11-22T10:00Z", valid_until="2099-01-01")
            accept_quote(quote, actor_email="c@example.test")
    except (InvalidRepairTransition, QuoteError):
        return False
    return True


@pytest.mark.parametrize(("path", "source"), PATH_SOURCES)
def test_every_target_from_each_status(tenant_a, path, source):
    with tenant_context(tenant_a):
        repair = new_repair(path)
        for target in RepairStatus.values:
            # given the repair at `source`, with no history and no quote
            at_status(repair, source)
            RepairEvent.objects.filter(repair_order=repair).delete()
            Quote.objects.filter(repair_order=repair).delete()
            # when
            moved = _attempt(repair, source, target)
            # then
            status, events = _snapshot(repair)
            if (path, source, target) in ALLOWED and not (
                    source == target == RepairStatus.QUOTE_SENT):
                assert moved, (path, source, target)
                assert status == target
                event = RepairEvent.objects.get(repair_order=repair)
                assert (event.from_status, event.to_status) == (source, target)
            else:
                assert not moved, (path, source, target)
                assert (status, events) == (source, 0)


def test_opening_writes_the_first_history_row(tenant_a):
    with tenant_context(tenant_a):
        repair = new_repair("diagnosis")
        event = RepairEvent.objects.get(repair_order=repair)
    assert (event.from_status, event.to_status) == ("", "awaiting_payment")


def test_unknown_target_is_a_field_error(tenant_a):
    with tenant_context(tenant_a):
        repair = new_repair("package")
        with pytest.raises(RepairError) as refused:
            transition_repair_order(repair, "fixed", actor_email=STAFF_EMAIL)
    assert (refused.value.code, refused.value.field) == ("invalid_status", "status")


def test_a_pending_quote_is_answered_not_bypassed(tenant_a):
    with tenant_context(tenant_a):
        # given a diagnosed repair with a sent quote
        repair = at_status(new_repair("diagnosis"), "diagnosing")
        quote = sent_quote(repair)
        # when staff try to send the device back by hand, then it is refused
        with pytest.raises(RepairError) as refused:
            transition_repair_order(repair, "returning", actor_email=STAFF_EMAIL)
        assert refused.value.code == "quote_pending"
        assert _snapshot(repair) == ("quote_sent", 2)
        # once the quote has expired, staff may end the repair
        assert expire_quotes(today=quote.valid_until.replace(year=quote.valid_until.year + 1))
        transition_repair_order(repair, "returning", actor_email=STAFF_EMAIL)
        assert RepairOrder.objects.get(pk=repair.pk).status == "returning"


def test_notes_are_written_by_staff_only(tenant_a):
    staff = make_user(tenant_a, "counter@alpha.test", Role.COUNTER_STAFF)
    customer = make_user(tenant_a, "someone@alpha.test", Role.CUSTOMER)
    with tenant_context(tenant_a):
        repair = new_repair("diagnosis")
        note = add_repair_note(repair, "  Customer called, back on Monday. ", author=staff)
        assert (note.text, note.author_email) == ("Customer called, back on Monday.",
                                                  "counter@alpha.test")
        with pytest.raises(RepairError) as refused:
            add_repair_note(repair, "hello", author=customer)
        assert refused.value.status == 403
        with pytest.raises(RepairError):
            add_repair_note(repair, "   ", author=staff)
        assert RepairNote.objects.filter(repair_order=repair).count() == 1
