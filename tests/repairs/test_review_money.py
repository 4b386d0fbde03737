"""Review: a repair that ends before its money came must not leave an order the customer can
still pay (a cancelled repair, an accepted quote left unpaid that staff end by hand)."""

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenant_apps.commerce.order_actions import transition_order
from tenant_apps.commerce.order_state import OrderStatus
from tenant_apps.customers.models import Customer
from tenant_apps.payments.actions import start_payment
from tenant_apps.payments.errors import OrderNotPayable
from tenant_apps.repairs.actions import transition_repair_order
from tenant_apps.repairs.payment_flow import (
    TermsAcceptance,
    accept_and_order_quote,
    open_paid_repair,
    record_order_paid,
)
from tenant_apps.repairs.state import RepairStatus

from .helpers import (
    STAFF_EMAIL,
    at_status,
    new_device,
    new_repair,
    screen_package,
    sent_quote,
    visit,
)
from .journey_helpers import fees

pytestmark = pytest.mark.django_db

TERMS = TermsAcceptance("2026-11", timezone.now())


def _customer() -> Customer:
    return Customer.objects.create(guest_email="money@example.test", guest_name="M")


def _accepted(path: str):
    repair = at_status(new_repair(path), "visited" if path == "on_site" else "diagnosing")
    quote = sent_quote(repair)
    order = accept_and_order_quote(quote, email="money@example.test", terms=TERMS,
                                   actor_email="money@example.test")
    repair.refresh_from_db()
    return repair, order


def test_cancelling_a_repair_cancels_its_unpaid_order(tenant_a):
    with tenant_context(tenant_a):
        repair = open_paid_repair(new_device(_customer()), path="package",
                                  package=screen_package(), email="money@example.test",
                                  terms=TERMS)
        transition_repair_order(repair, RepairStatus.CANCELLED, actor_email=STAFF_EMAIL)
        repair.order.refresh_from_db()
        assert repair.order.status == OrderStatus.CANCELLED
        with pytest.raises(OrderNotPayable):
            start_payment(repair.order, "dummy")
        assert record_order_paid(repair.order).status == RepairStatus.CANCELLED


@pytest.mark.parametrize(("path", "target"), [("diagnosis", RepairStatus.RETURNING),
                                              ("on_site", RepairStatus.CLOSED)])
def test_ending_a_repair_whose_quote_is_unpaid_cancels_the_quote_order(tenant_a, path, target):
    with tenant_context(tenant_a):
        fees()
        repair, order = _accepted(path)
        assert repair.status == RepairStatus.AWAITING_QUOTE_PAYMENT
        transition_repair_order(repair, target, actor_email=STAFF_EMAIL)
        order.refresh_from_db()
        assert order.status == OrderStatus.CANCELLED
        with pytest.raises(OrderNotPayable):
            start_payment(order, "dummy")


def test_a_paid_order_is_left_to_refunds(tenant_a):
    with tenant_context(tenant_a):
        device = new_device(_customer(), travels=False)
        fees()
        repair = open_paid_repair(device, path="on_site", visit=visit(),
                                  email="money@example.test", terms=TERMS)
        transition_order(repair.order, OrderStatus.PAID, actor_email="payments",
                         by_payments=True)
        record_order_paid(repair.order)
        repair.refresh_from_db()
        assert repair.status == RepairStatus.VISIT_SCHEDULED
        transition_repair_order(repair, RepairStatus.CANCELLED, actor_email=STAFF_EMAIL)
        repair.order.refresh_from_db()
        assert repair.order.status == OrderStatus.PAID
