"""Repair parcels: legs and directions, who may travel when, and the repair following its parcel."""

import itertools
import logging
import re

import pytest
from django.db import IntegrityError, transaction
from django_tenants.utils import tenant_context

from tenant_apps.logistics import actions as logistics_actions
from tenant_apps.logistics.actions import mark_delivered, transition_shipment
from tenant_apps.logistics.errors import (
    InvalidLeg,
    InvalidShipmentTransition,
    InvalidTrackingNumber,
    ParcelAlreadyTravelling,
    RepairNotShippable,
    TrackingNumberTaken,
    UnknownCarrier,
)
from tenant_apps.logistics.models import Direction, Leg, Shipment, ShipmentEvent
from tenant_apps.logistics.repair_shipping import create_repair_shipment, shipments_of
from tenant_apps.logistics.state import SHIPMENT_TRANSITIONS, ShipmentStatus
from tenant_apps.repairs.errors import RepairError
from tenant_apps.repairs.models import RepairEvent, RepairOrder
from tests.orders.helpers import placed_order

from .repair_helpers import DESK, inbound, outbound, repair_at

pytestmark = pytest.mark.django_db


def _status(repair: RepairOrder) -> str:
    return RepairOrder.objects.get(pk=repair.pk).status


def test_an_inbound_demo_parcel_gets_its_own_number_and_a_label_event(tenant_a):
    with tenant_context(tenant_a):
        repair = repair_at("awaiting_device")
        shipment = inbound(repair)
        assert re.fullmatch(r"SIM\d{10}", shipment.tracking_number)
        assert (shipment.leg, shipment.direction, shipment.status, shipment.repair_order_id) == (
            Leg.TO_REPAIR_CENTRE, Direction.INBOUND, "created", repair.pk)
        assert shipment.next_step_at is not None and shipment.order_id is None
        assert shipment.reference == f"S-{shipment.pk:06d}"
        assert list(shipment.events.values_list("status", "message", "actor_email")) == [
            ("created", "Label created: Demo Express awaits the parcel.", DESK)]
        assert _status(repair) == "awaiting_device"  # the device is not there yet


def test_asking_again_returns_the_parcel_on_its_way_and_another_number_is_refused(tenant_a):
    with tenant_context(tenant_a):
        repair = repair_at("awaiting_payment")
        first = inbound(repair)
        assert inbound(repair).pk == first.pk
        assert inbound(repair, tracking_number=first.tracking_number).pk == first.pk
        with pytest.raises(ParcelAlreadyTravelling) as refused:
            inbound(repair, carrier="colissimo", tracking_number="6A12345678901")
        assert refused.value.status == 409
        assert Shipment.objects.filter(repair_order=repair).count() == 1


def test_a_manual_carrier_needs_a_valid_number_of_its_own(tenant_a):
    with tenant_context(tenant_a):
        repair = repair_at("awaiting_device")
        for number in ("", "junk"):
            with pytest.raises(InvalidTrackingNumber):
                inbound(repair, carrier="colissimo", tracking_number=number)
        with pytest.raises(UnknownCarrier):
            inbound(repair, carrier="pigeon")
        with pytest.raises(InvalidTrackingNumber):
            inbound(repair, tracking_number="SIM12")  # a demo number has ten digits
        shipment = inbound(repair, carrier="colissimo", tracking_number="6a 12345678901")
        assert (shipment.carrier, shipment.tracking_number, shipment.next_step_at) == (
            "colissimo", "6A12345678901", None)
        assert shipment.events.get().message == (
            "Label created: La Poste Colissimo awaits the parcel.")
        other = repair_at("awaiting_device")
        with pytest.raises(TrackingNumberTaken):
            inbound(other, carrier="colissimo", tracking_number="6A12345678901")
        assert not Shipment.objects.filter(repair_order=other).exists()


@pytest.mark.parametrize("leg", ["order_delivery", "to_the_moon", ""])
def test_only_repair_legs_are_accepted(tenant_a, leg):
    with tenant_context(tenant_a):
        repair = repair_at("awaiting_device")
        with pytest.raises(InvalidLeg) as refused:
            create_repair_shipment(repair, leg=leg, actor_email=DESK)
        assert refused.value.field == "leg"
        assert not Shipment.objects.exists()


@pytest.mark.parametrize("status", ["received", "diagnosing", "repairing", "completed",
                                    "cancelled"])
def test_a_device_goes_to_the_repair_centre_only_before_it_is_received(tenant_a, status):
    with tenant_context(tenant_a):
        repair = repair_at(status)
        with pytest.raises(RepairNotShippable) as refused:
            inbound(repair)
        assert refused.value.status == 409 and refused.value.code == "repair_not_shippable"
        assert not Shipment.objects.exists()


@pytest.mark.parametrize("status", ["awaiting_device", "received", "repairing", "quote_sent",
                                    "completed"])
def test_a_device_goes_back_only_once_repaired_or_returned(tenant_a, status):
    with tenant_context(tenant_a):
        repair = repair_at(status)
        with pytest.raises(RepairNotShippable):
            outbound(repair)
        assert not Shipment.objects.exists() and _status(repair) == status


def test_on_site_repairs_never_ship(tenant_a):
    with tenant_context(tenant_a):
        repair = repair_at("repaired", path="on_site")
        with pytest.raises(RepairNotShippable):
            outbound(repair)
        assert _status(repair) == "repaired"


@pytest.mark.parametrize("leg", [Leg.FROM_REPAIR_CENTRE, Leg.TO_POST_OFFICE, Leg.TO_STORE])
def test_shipping_back_a_repaired_device_moves_the_repair_to_shipped_back(tenant_a, leg):
    with tenant_context(tenant_a):
        repair = repair_at("repaired", path="package")
        shipment = create_repair_shipment(repair, leg=leg, actor_email=DESK)
        assert shipment.direction == Direction.OUTBOUND and shipment.leg == leg
        assert repair.status == "shipped_back" and _status(repair) == "shipped_back"
        event = RepairEvent.objects.filter(repair_order=repair).latest("id")
        assert (event.from_status, event.to_status, event.actor_email) == (
            "repaired", "shipped_back", DESK)


def test_a_refused_parcel_leaves_the_repair_where_it_was(tenant_a):
    with tenant_context(tenant_a):
        taken = repair_at("awaiting_device")
        inbound(taken, carrier="colissimo", tracking_number="6A12345678901")
        repair = repair_at("repaired")
        with pytest.raises(TrackingNumberTaken):
            outbound(repair, carrier="colissimo", tracking_number="6A12345678901")
        assert _status(repair) == "repaired"
        assert not RepairEvent.objects.filter(repair_order=repair,
                                              to_status="shipped_back").exists()


def test_delivered_at_the_repair_centre_the_repair_is_received(tenant_a):
    with tenant_context(tenant_a):
        repair = repair_at("awaiting_device")
        shipment = inbound(repair)
        transition_shipment(shipment, "in_transit")
        assert _status(repair) == "awaiting_device"
        transition_shipment(shipment, "delivered")
        assert _status(repair) == "received"
        event = RepairEvent.objects.filter(repair_order=repair).latest("id")
        assert (event.to_status, event.actor_email) == ("received", "carrier")


def test_staff_reporting_the_delivery_sign_the_repair_move(tenant_a):
    with tenant_context(tenant_a):
        repair = repair_at("awaiting_device")
        mark_delivered(inbound(repair), actor_email="boss@alpha.test")
        event = RepairEvent.objects.filter(repair_order=repair).latest("id")
        assert (event.to_status, event.actor_email) == ("received", "boss@alpha.test")


def test_delivered_back_to_the_customer_the_repair_is_completed(tenant_a):
    with tenant_context(tenant_a):
        repair = repair_at("repaired")
        shipment = outbound(repair)
        mark_delivered(shipment, actor_email="")
        assert _status(repair) == "completed"


def test_a_device_returned_unrepaired_closes_the_repair_once_delivered(tenant_a):
    with tenant_context(tenant_a):
        repair = repair_at("returning")
        shipment = outbound(repair)
        assert _status(repair) == "returning"
        mark_delivered(shipment, actor_email="")
        assert _status(repair) == "closed"


def test_a_delivery_the_repair_cannot_follow_still_stands(tenant_a, caplog):
    with tenant_context(tenant_a):
        repair = repair_at("awaiting_payment")  # paid later: "received" is not allowed yet
        shipment = inbound(repair)
        with caplog.at_level(logging.INFO, logger="tenant_apps.logistics.actions"):
            mark_delivered(shipment, actor_email="")
        assert Shipment.objects.get(pk=shipment.pk).status == "delivered"
        assert _status(repair) == "awaiting_payment"
        assert "moves nothing" in caplog.text


def test_a_refused_repair_move_is_logged_and_the_carrier_news_kept(tenant_a, caplog,
                                                                   monkeypatch):
    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        RepairEvent.objects.create(repair_order=repair, to_status="received")  # rolled back
        raise RepairError("Not now.", code="refused", field="status", status=409)

    with tenant_context(tenant_a):
        repair = repair_at("awaiting_device")
        shipment = inbound(repair)
        monkeypatch.setattr(logistics_actions, "transition_repair_order", refuse)
        with caplog.at_level(logging.WARNING, logger="tenant_apps.logistics.actions"):
            mark_delivered(shipment, actor_email="")
        assert Shipment.objects.get(pk=shipment.pk).status == "delivered"
        assert ShipmentEvent.objects.filter(shipment=shipment, status="delivered").count() == 1
        assert _status(repair) == "awaiting_device"
        assert not RepairEvent.objects.filter(repair_order=repair, to_status="received").exists()
        assert "Not now." in caplog.text


PAIRS = list(itertools.product(ShipmentStatus.values, repeat=2))
ALLOWED = {(source.value, target.value) for source, targets in SHIPMENT_TRANSITIONS.items()
           for target in targets}


@pytest.mark.parametrize("source, target", PAIRS)
def test_every_move_of_a_repair_parcel_follows_the_table(tenant_a, source, target):
    with tenant_context(tenant_a):
        repair = repair_at("awaiting_device")
        shipment = inbound(repair)
        Shipment.objects.filter(pk=shipment.pk).update(status=source)
        shipment.refresh_from_db()
        events = shipment.events.count()
        if (source, target) in ALLOWED:
            transition_shipment(shipment, target, actor_email=DESK)
            assert Shipment.objects.get(pk=shipment.pk).status == target
            assert shipment.events.count() == events + 1
            assert _status(repair) == ("received" if target == "delivered"
                                       else "awaiting_device")
        else:
            with pytest.raises(InvalidShipmentTransition):
                transition_shipment(shipment, target, actor_email=DESK)
            assert Shipment.objects.get(pk=shipment.pk).status == source
            assert shipment.events.count() == events
            assert _status(repair) == "awaiting_device"


def test_final_statuses_end_the_demo_parcels_journey(tenant_a):
    with tenant_context(tenant_a):
        shipment = inbound(repair_at("awaiting_device"))
        transition_shipment(shipment, "lost", actor_email=DESK)
        assert Shipment.objects.get(pk=shipment.pk).next_step_at is None


def test_shipments_of_lists_the_repairs_parcels_with_their_events(
        tenant_a, django_assert_num_queries):
    with tenant_context(tenant_a):
        repair = repair_at("awaiting_device")
        first = inbound(repair)
        transition_shipment(first, "delivered")
        repair = RepairOrder.objects.get(pk=repair.pk)
        RepairOrder.objects.filter(pk=repair.pk).update(status="repaired")
        second = outbound(repair)
        inbound(repair_at("awaiting_device"))  # another repair's parcel
        with django_assert_num_queries(2):
            parcels = shipments_of(repair)
            timelines = [[event.status for event in parcel.events.all()] for parcel in parcels]
        assert [parcel.pk for parcel in parcels] == [first.pk, second.pk]
        assert timelines == [["created", "delivered"], ["created"]]


def test_the_database_keeps_owner_and_direction_consistent(tenant_a):
    with tenant_context(tenant_a):
        repair = repair_at("awaiting_device")
        order = placed_order(tenant_a)
    with tenant_context(tenant_a):
        rows = [
            {"order": order, "repair_order": repair, "leg": Leg.TO_REPAIR_CENTRE,
             "direction": Direction.INBOUND},
            {"leg": Leg.TO_REPAIR_CENTRE, "direction": Direction.OUTBOUND},
            {"leg": Leg.FROM_REPAIR_CENTRE, "direction": Direction.INBOUND},
            {"repair_order": repair, "leg": Leg.ORDER_DELIVERY},
            {"carrier": "colissimo", "next_step_at": "2026-11-22T10:00:00Z"},
        ]
        for number, fields in enumerate(rows):
            values = {"carrier": "other", "tracking_number": f"ROW{number}XYZ", **fields}
            with pytest.raises(IntegrityError), transaction.atomic():
                Shipment.objects.create(**values)
