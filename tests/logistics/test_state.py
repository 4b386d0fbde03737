"""Every move of the shipment state machine, allowed and refused, through the action."""

import itertools

import pytest
from django_tenants.utils import tenant_context

from tenant_apps.logistics.actions import transition_shipment
from tenant_apps.logistics.errors import InvalidShipmentTransition, ShipmentError
from tenant_apps.logistics.models import Shipment, ShipmentEvent
from tenant_apps.logistics.state import (
    FINAL_STATUSES,
    SHIPMENT_TRANSITIONS,
    ShipmentStatus,
    allowed_targets,
)

from .helpers import shipment_in

pytestmark = pytest.mark.django_db

PAIRS = list(itertools.product(ShipmentStatus.values, repeat=2))
ALLOWED = {(source.value, target.value) for source, targets in SHIPMENT_TRANSITIONS.items()
           for target in targets}


def test_the_table_is_the_one_documented():
    assert {
        ("created", "in_transit"), ("created", "delivered"), ("created", "returned"),
        ("created", "lost"), ("in_transit", "delivered"), ("in_transit", "returned"),
        ("in_transit", "lost"),
    } == ALLOWED
    assert {"delivered", "returned", "lost"} == FINAL_STATUSES
    assert allowed_targets("in_transit") == ["delivered", "returned", "lost"]


@pytest.mark.parametrize("source, target", sorted(ALLOWED))
def test_allowed_moves_change_the_status_and_write_the_timeline(tenant_a, source, target):
    shipment = shipment_in(tenant_a, source)
    with tenant_context(tenant_a):
        transition_shipment(shipment, target, actor_email="desk@alpha.test",
                            location="Paris PFC")
        assert Shipment.objects.get(pk=shipment.pk).status == target
        event = ShipmentEvent.objects.get(shipment=shipment)
        assert (event.status, event.location, event.actor_email) == (
            target, "Paris PFC", "desk@alpha.test")


@pytest.mark.parametrize("source, target", sorted(set(PAIRS) - ALLOWED))
def test_refused_moves_change_nothing(tenant_a, source, target):
    shipment = shipment_in(tenant_a, source)
    with tenant_context(tenant_a):
        with pytest.raises(InvalidShipmentTransition) as refused:
            transition_shipment(shipment, target, actor_email="desk@alpha.test")
        assert refused.value.status == 409 and refused.value.field == "status"
        assert Shipment.objects.get(pk=shipment.pk).status == source
        assert not ShipmentEvent.objects.exists()


def test_unknown_statuses_and_overlong_texts_are_refused(tenant_a):
    shipment = shipment_in(tenant_a, "created")
    with tenant_context(tenant_a):
        with pytest.raises(ShipmentError) as unknown:
            transition_shipment(shipment, "teleported")
        assert (unknown.value.code, unknown.value.field) == ("invalid_status", "status")
        with pytest.raises(ShipmentError) as too_long:
            transition_shipment(shipment, "in_transit", message="x" * 201)
        assert too_long.value.field == "message"
        assert Shipment.objects.get(pk=shipment.pk).status == "created"
