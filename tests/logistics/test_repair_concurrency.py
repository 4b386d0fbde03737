"""Racing runs of the demo carrier on committed rows, each on its own connection."""

import threading

import pytest
from django.db import connection
from django.db.models import F
from django_tenants.utils import tenant_context

from tenant_apps.catalog.models import DeviceCategory
from tenant_apps.customers.models import Customer
from tenant_apps.logistics.actions import mark_delivered
from tenant_apps.logistics.errors import InvalidShipmentTransition
from tenant_apps.logistics.models import Leg, Shipment, ShipmentEvent
from tenant_apps.logistics.repair_shipping import create_repair_shipment
from tenant_apps.logistics.simulation import STEPS, advance_due_shipments
from tenant_apps.repairs.actions import create_repair_order
from tenant_apps.repairs.device_actions import DeviceDetails, register_device
from tenant_apps.repairs.models import Device, RepairCounter, RepairEvent, RepairOrder
from tests.threads import on_own_connection

pytestmark = pytest.mark.django_db
EMAIL = "parcel-racer@concurrency.test"


def committed_parcel(tenant, step: int) -> Shipment:  # type: ignore[no-untyped-def]
    """A repair awaiting its device with a demo parcel ``step`` steps into its journey."""
    with tenant_context(tenant):
        phones = DeviceCategory.objects.create(name="Parcel race", slug="parcel-race")
        customer = Customer.objects.create(guest_email=EMAIL, guest_name="Racer")
        device = register_device(customer, DeviceDetails(category_id=phones.pk))
        repair = create_repair_order(device, path="diagnosis", fault_description="Dead")
        RepairOrder.objects.filter(pk=repair.pk).update(status="awaiting_device")
        shipment = create_repair_shipment(repair, leg=Leg.TO_REPAIR_CENTRE, actor_email=EMAIL)
        Shipment.objects.filter(pk=shipment.pk).update(
            simulation_step=step, status="in_transit" if step else "created")
        shipment.refresh_from_db()
        return shipment


def remove(tenant) -> None:  # type: ignore[no-untyped-def]
    with tenant_context(tenant):
        Shipment.objects.filter(created_by_email=EMAIL).delete()
        RepairOrder.objects.filter(customer__guest_email=EMAIL).delete()
        Device.objects.filter(customer__guest_email=EMAIL).delete()
        Customer.objects.filter(guest_email=EMAIL).delete()
        DeviceCategory.objects.filter(slug="parcel-race").delete()
        # give back the one number taken, so numbering tests still start at 1
        RepairCounter.objects.filter(pk=1).update(last_number=F("last_number") - 1)


def _race(tenant, actions: dict) -> dict[str, str]:  # type: ignore[no-untyped-def, type-arg]
    start = threading.Barrier(len(actions))
    outcomes: dict[str, str] = {}

    def run(name: str) -> None:
        try:
            with tenant_context(tenant):
                start.wait()
                outcomes[name] = repr(actions[name]())
        except InvalidShipmentTransition as refused:
            outcomes[name] = refused.code
        except Exception as error:  # noqa: BLE001 - shown by the assertions
            outcomes[name] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(name,)) for name in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _state(tenant, shipment: Shipment) -> tuple:  # type: ignore[no-untyped-def, type-arg]
    with tenant_context(tenant):
        stored = Shipment.objects.get(pk=shipment.pk)
        received = RepairEvent.objects.filter(repair_order_id=stored.repair_order_id,
                                              to_status="received").count()
        return (stored.status, stored.simulation_step,
                ShipmentEvent.objects.filter(shipment=stored).count(), received)


def test_three_runs_at_once_play_one_step(tenant_a):
    shipment = on_own_connection(committed_parcel, tenant_a, 0)
    try:
        due = shipment.next_step_at
        outcomes = _race(tenant_a, {f"run{index}": lambda: advance_due_shipments(now=due)
                                    for index in range(3)})
        assert sorted(outcomes.values()) == ["0", "0", "1"], outcomes
        assert on_own_connection(_state, tenant_a, shipment) == ("in_transit", 1, 2, 0)
    finally:
        on_own_connection(remove, tenant_a)


def test_the_last_step_and_staff_deliver_once(tenant_a):
    shipment = on_own_connection(committed_parcel, tenant_a, len(STEPS) - 1)
    try:
        due = shipment.next_step_at
        outcomes = _race(tenant_a, {
            "carrier": lambda: advance_due_shipments(now=due),
            "staff": lambda: str(mark_delivered(shipment, actor_email=EMAIL).status),
        })
        assert outcomes in ({"carrier": "1", "staff": "invalid_transition"},
                            {"carrier": "0", "staff": "'delivered'"}), outcomes
        status, _, events, received = on_own_connection(_state, tenant_a, shipment)
        assert (status, events, received) == ("delivered", 2, 1)
    finally:
        on_own_connection(remove, tenant_a)
