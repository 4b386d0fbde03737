"""What payments move: the paid first order or quote order, heard once or twice; the return
label asked of logistics; warranty repairs that cost nothing."""

import importlib
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenant_apps.commerce.order_actions import ItemLine, ServiceLine, place_order_for_items
from tenant_apps.customers.models import Customer
from tenant_apps.pricing.money import Money
from tenant_apps.pricing.tax import TaxedPrice
from tenant_apps.repairs import inbound
from tenant_apps.repairs.actions import create_repair_order, transition_repair_order
from tenant_apps.repairs.models import RepairOrder
from tenant_apps.repairs.payment_flow import (
    TermsAcceptance,
    open_paid_repair,
    record_order_paid,
)
from tenant_apps.repairs.state import RepairStatus

from .helpers import new_device, screen_package, visit
from .journey_helpers import pay_with_dummy, signed_in_customer

pytestmark = pytest.mark.django_db


def _package_repair(customer) -> RepairOrder:
    return open_paid_repair(new_device(customer), path="package", package=screen_package(),
                            email=customer.email,
                            terms=TermsAcceptance("2026-11", timezone.now()))


def test_the_paid_order_asks_logistics_for_the_return_label(client_a, tenant_a, monkeypatch):
    asked = []
    monkeypatch.setattr(inbound, "_create_repair_shipment", lambda: lambda repair, **kw: (
        asked.append((repair.reference, kw))))
    customer = signed_in_customer(tenant_a, client_a, "label@example.test")
    with tenant_context(tenant_a):
        repair = _package_repair(customer)
    pay_with_dummy(client_a, repair.order)
    assert asked == [(repair.reference, {"leg": "to_repair_centre", "actor_email": "payments"})]


def test_a_label_that_fails_never_undoes_the_payment(client_a, tenant_a, monkeypatch):
    def broken():
        def create(repair, **kwargs):
            raise RuntimeError("carrier down")
        return create

    monkeypatch.setattr(inbound, "_create_repair_shipment", broken)
    customer = signed_in_customer(tenant_a, client_a, "broken@example.test")
    with tenant_context(tenant_a):
        repair = _package_repair(customer)
    pay_with_dummy(client_a, repair.order)
    with tenant_context(tenant_a):
        repair.refresh_from_db()
        repair.order.refresh_from_db()
        assert (repair.status, repair.order.status) == ("awaiting_device", "paid")


def test_with_the_logistics_module_the_paid_package_gets_its_inbound_shipment(client_a,
                                                                              tenant_a):
    shipping = pytest.importorskip(inbound.SHIPPING_MODULE)
    customer = signed_in_customer(tenant_a, client_a, "parcel@example.test")
    with tenant_context(tenant_a):
        repair = _package_repair(customer)
    pay_with_dummy(client_a, repair.order)
    with tenant_context(tenant_a):
        shipments = shipping.shipments_of(repair)
        assert [shipment.leg for shipment in shipments] == ["to_repair_centre"]


def test_the_paid_signal_heard_twice_moves_the_repair_once(tenant_a):
    with tenant_context(tenant_a):
        customer = Customer.objects.create(guest_email="twice@example.test", guest_name="T")
        repair = _package_repair(customer)
        with transaction.atomic():
            assert record_order_paid(repair.order).status == "awaiting_device"
            assert record_order_paid(repair.order).status == "awaiting_device"
        assert repair.events.filter(to_status="awaiting_device").count() == 1


def test_an_order_of_the_shop_moves_no_repair(tenant_a):
    with tenant_context(tenant_a):
        customer = Customer.objects.create(guest_email="shop@example.test", guest_name="S")
        order = place_order_for_items(customer, [ItemLine(screen_package())],
                                      email="shop@example.test")
        assert record_order_paid(order) is None


def test_a_cancelled_repair_stays_cancelled_when_its_order_is_paid(tenant_a):
    with tenant_context(tenant_a):
        customer = Customer.objects.create(guest_email="cancel@example.test", guest_name="C")
        repair = _package_repair(customer)
        transition_repair_order(repair, "cancelled", actor_email="desk@alpha.test")
        assert record_order_paid(repair.order).status == "cancelled"


@pytest.mark.parametrize(("travels", "path", "expected"), [
    (True, "diagnosis", RepairStatus.AWAITING_DEVICE),
    (False, "on_site", RepairStatus.VISIT_SCHEDULED),
])
def test_a_warranty_repair_costs_nothing_and_starts_where_payment_would_take_it(
        tenant_a, monkeypatch, travels, path, expected):
    asked = []
    monkeypatch.setattr(inbound, "_create_repair_shipment", lambda: lambda repair, **kw: (
        asked.append(kw["leg"])))
    with tenant_context(tenant_a):
        device = new_device(travels=travels)
        repair = create_repair_order(device, path=path, fault_description="Dead again.",
                                     visit=visit() if path == "on_site" else None,
                                     is_warranty=True, actor_email="desk@alpha.test")
        assert repair.status == expected and repair.order is None
        assert list(repair.events.values_list("from_status", "to_status")) == [("", expected)]
    assert asked == (["to_repair_centre"] if travels else [])


def test_service_lines_follow_the_customers_pricing_policy(tenant_a):
    with tenant_context(tenant_a):
        customer = Customer.objects.create(guest_email="lines@example.test", guest_name="L")
        unit = TaxedPrice.from_net(Money(Decimal("10.00"), "EUR"), Decimal("20"))
        order = place_order_for_items(customer, [ItemLine(screen_package())],
                                      services=[ServiceLine("Part: Screen", 2, unit)],
                                      email="lines@example.test")
        rows = list(order.lines.values_list("description", "quantity", "line_net", "line_gross",
                                            "item_id"))
        assert rows[1] == ("Part: Screen", 2, Decimal("20.00"), Decimal("24.00"), None)
        assert order.total_gross == Decimal("129.00") + Decimal("24.00")
        assert order.total_net + order.total_tax == order.total_gross


def test_without_the_logistics_module_no_label_is_asked(tenant_a, monkeypatch):
    real_import = importlib.import_module

    def missing(name, *args):
        if name == inbound.SHIPPING_MODULE:
            raise ModuleNotFoundError(name=name)
        return real_import(name, *args)

    monkeypatch.setattr(importlib, "import_module", missing)
    assert inbound._create_repair_shipment() is None
