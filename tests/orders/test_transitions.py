"""Every pair of statuses through transition_order: allowed ones move and leave a history row,
refused ones change nothing; a paid order's lines and totals are frozen; staff notes."""

from decimal import Decimal
from itertools import product as pairs

import pytest
from django_tenants.utils import tenant_context

from tenant_apps.commerce.errors import (
    InvalidOrderTransition,
    OrderError,
    OrderFrozen,
    TransitionFollowsPayments,
)
from tenant_apps.commerce.models import Order, OrderEvent, OrderNote
from tenant_apps.commerce.order_actions import (
    add_note,
    change_line_quantity,
    transition_order,
)
from tenant_apps.commerce.order_state import (
    ORDER_TRANSITIONS,
    PAYMENT_DRIVEN_TARGETS,
    OrderStatus,
    allowed_targets,
)

from .helpers import placed_order

pytestmark = pytest.mark.django_db

ALL_PAIRS = list(pairs(OrderStatus, OrderStatus))
ALLOWED = [(source, target) for source, target in ALL_PAIRS
           if target in ORDER_TRANSITIONS[source]]
REFUSED = [(source, target) for source, target in ALL_PAIRS
           if target not in ORDER_TRANSITIONS[source]]


def test_the_table_names_every_status_and_the_happy_path_is_in_it():
    assert set(ORDER_TRANSITIONS) == set(OrderStatus)
    path = ["placed", "paid", "processing", "shipped", "delivered", "completed"]
    assert all(OrderStatus(b) in ORDER_TRANSITIONS[OrderStatus(a)]
               for a, b in zip(path, path[1:], strict=False))
    assert not ORDER_TRANSITIONS[OrderStatus.CANCELLED]
    assert not ORDER_TRANSITIONS[OrderStatus.REFUNDED]


def _order_in(tenant, status: str) -> Order:  # type: ignore[no-untyped-def]
    order = placed_order(tenant)
    with tenant_context(tenant):
        Order.objects.filter(pk=order.pk).update(status=status)
        order.refresh_from_db()
    return order


@pytest.mark.parametrize(("source", "target"), ALLOWED)
def test_allowed_transition(tenant_a, source, target):
    order = _order_in(tenant_a, source)
    with tenant_context(tenant_a):
        transition_order(order, target, actor_email="desk@alpha.test",
                         by_payments=target in PAYMENT_DRIVEN_TARGETS)
        assert Order.objects.get(pk=order.pk).status == target
        event = OrderEvent.objects.filter(order=order).last()
        assert event is not None
        assert (event.from_status, event.to_status, event.actor_email) == (
            source, target, "desk@alpha.test")


@pytest.mark.parametrize(("source", "target"), REFUSED)
def test_refused_transition(tenant_a, source, target):
    order = _order_in(tenant_a, source)
    with tenant_context(tenant_a):
        events = OrderEvent.objects.filter(order=order).count()
        with pytest.raises(InvalidOrderTransition) as refused:
            transition_order(order, target, actor_email="desk@alpha.test", by_payments=True)
        assert refused.value.field == "status" and refused.value.status == 409
        assert Order.objects.get(pk=order.pk).status == source
        assert OrderEvent.objects.filter(order=order).count() == events


@pytest.mark.parametrize("target", sorted(PAYMENT_DRIVEN_TARGETS))
def test_staff_cannot_set_a_payment_driven_status(tenant_a, target):
    # given an order from which the table allows the move (paid from placed, refunded from paid)
    source = OrderStatus.PLACED if target == OrderStatus.PAID else OrderStatus.PAID
    order = _order_in(tenant_a, source)
    with tenant_context(tenant_a):
        # when staff ask for it by hand / then it is refused and nothing moves
        with pytest.raises(TransitionFollowsPayments) as refused:
            transition_order(order, target, actor_email="desk@alpha.test")
        assert (refused.value.code, refused.value.status) == ("follows_payments", 409)
        assert Order.objects.get(pk=order.pk).status == source
    assert target not in allowed_targets(source)
    assert target in allowed_targets(source, by_payments=True)


def test_an_unknown_status_is_refused(tenant_a):
    order = placed_order(tenant_a)
    with tenant_context(tenant_a), pytest.raises(OrderError) as refused:
        transition_order(order, "teleported", actor_email="desk@alpha.test")
    assert (refused.value.code, refused.value.field) == ("invalid_status", "status")


def test_the_lock_rereads_the_status(tenant_a):
    # given a stale copy: the order was paid since it was read
    order = placed_order(tenant_a)
    with tenant_context(tenant_a):
        Order.objects.filter(pk=order.pk).update(status=OrderStatus.PAID)
        # when / then: "placed -> cancelled" is judged on the saved status, not the stale one
        with pytest.raises(InvalidOrderTransition):
            transition_order(order, OrderStatus.CANCELLED, actor_email="desk@alpha.test")
        assert Order.objects.get(pk=order.pk).status == OrderStatus.PAID


def test_a_placed_order_line_can_change_and_totals_follow(tenant_a):
    order = placed_order(tenant_a, price="12.00")
    with tenant_context(tenant_a):
        line = order.lines.get()
        change_line_quantity(order, line.pk, 5, actor_email="desk@alpha.test")
        saved = Order.objects.get(pk=order.pk)
        assert saved.total_gross == Decimal("60.00")
        assert saved.total_net + saved.total_tax == saved.total_gross


@pytest.mark.parametrize("status", sorted(set(OrderStatus) - {OrderStatus.PLACED}))
def test_a_paid_or_closed_order_cannot_be_modified(tenant_a, status):
    order = _order_in(tenant_a, status)
    with tenant_context(tenant_a):
        line = order.lines.get()
        with pytest.raises(OrderFrozen) as refused:
            change_line_quantity(order, line.pk, 1, actor_email="desk@alpha.test")
        assert refused.value.code == "order_frozen"
        line.refresh_from_db()
        saved = Order.objects.get(pk=order.pk)
        assert line.quantity == 2 and saved.total_gross == Decimal("24.00")


def test_notes_are_kept_in_order_and_empty_ones_refused(tenant_a):
    order = placed_order(tenant_a)
    with tenant_context(tenant_a):
        add_note(order, "  Customer called ", author_email="desk@alpha.test")
        add_note(order, "Parcel ready", author_email="boss@alpha.test")
        with pytest.raises(OrderError) as refused:
            add_note(order, "   ", author_email="desk@alpha.test")
        assert refused.value.field == "text"
        assert list(OrderNote.objects.filter(order=order).values_list("author_email", "text")) \
            == [("desk@alpha.test", "Customer called"), ("boss@alpha.test", "Parcel ready")]
