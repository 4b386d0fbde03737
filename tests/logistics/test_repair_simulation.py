"""The demo carrier: its numbers, parcels that travel by themselves once per due step, the beat
task in every tenant, and the back office's "next step now" button."""

import re

import pytest
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.logistics.addresses import repair_centre
from tenant_apps.logistics.carriers import (
    MANUAL,
    SIMULATED_CARRIER,
    carrier_choices,
    carrier_for,
)
from tenant_apps.logistics.errors import InvalidTrackingNumber
from tenant_apps.logistics.models import Shipment, ShipmentEvent
from tenant_apps.logistics.simulation import STEPS, advance_due_shipments
from tenant_apps.logistics.tasks import advance_simulated_shipments_everywhere
from tenant_apps.repairs.models import RepairOrder
from tests.commerce.helpers import logged_in
from tests.orders.helpers import customer_user, staff

from .repair_helpers import customer_with_address, inbound, outbound, repair_at

pytestmark = pytest.mark.django_db

STEP = SIMULATED_CARRIER.step_interval


def test_the_demo_carrier_issues_and_checks_its_numbers():
    carrier = carrier_for("simulated")
    numbers = {carrier.new_tracking_number() for _ in range(20)}
    assert all(re.fullmatch(r"SIM\d{10}", number) for number in numbers) and len(numbers) > 1
    assert carrier.validate_tracking_number(" sim 0123456789 ") == "SIM0123456789"
    for junk in ("", "SIM123", "6A12345678901", "SIM01234567890"):
        with pytest.raises(InvalidTrackingNumber):
            carrier.validate_tracking_number(junk)
    assert carrier.tracking_url("SIM0123456789") == ""  # followed on the repair timeline
    assert "simulated" not in dict(carrier_choices(family=MANUAL))  # staff never type its numbers


def _centre_city() -> str:
    """The repair centre's city as labels print it (the seller identity, the brand's blanks)."""
    return repair_centre().city


def _journey(shipment: Shipment) -> list[tuple[str, str, str]]:
    return list(ShipmentEvent.objects.filter(shipment=shipment).order_by("occurred_at", "id")
                .values_list("status", "message", "location"))


def test_a_parcel_plays_one_step_per_due_run_and_the_repair_receives_it(tenant_a):
    with tenant_context(tenant_a):
        customer = customer_with_address()
        repair = repair_at("awaiting_device", customer=customer)
        shipment = inbound(repair)
        start = shipment.next_step_at - STEP
        assert advance_due_shipments(now=start + STEP / 2) == 0  # not due yet
        runs = []
        for step in range(1, len(STEPS) + 1):
            now = start + step * STEP
            runs.append((advance_due_shipments(now=now), advance_due_shipments(now=now)))
        assert runs == [(1, 0)] * len(STEPS)
        assert advance_due_shipments(now=start + 10 * STEP) == 0
        stored = Shipment.objects.get(pk=shipment.pk)
        assert (stored.status, stored.simulation_step, stored.next_step_at) == (
            "delivered", len(STEPS), None)
        assert _journey(shipment) == [
            ("created", "Label created: Demo Express awaits the parcel.", ""),
            ("in_transit", "Parcel picked up.", "Lyon"),
            ("in_transit", "In transit: sorted at the regional hub.", "Sorting centre"),
            ("in_transit", "Out for delivery.", _centre_city()),
            ("delivered", "Delivered to the repair centre.", _centre_city()),
        ]
        assert RepairOrder.objects.get(pk=repair.pk).status == "received"


def test_a_parcel_going_back_completes_the_repair(tenant_a):
    with tenant_context(tenant_a):
        repair = repair_at("repaired", customer=customer_with_address())
        shipment = outbound(repair)
        assert RepairOrder.objects.get(pk=repair.pk).status == "shipped_back"
        now = shipment.next_step_at
        for _ in STEPS:
            assert advance_due_shipments(now=now) == 1
            now += STEP
        assert _journey(shipment)[-1] == ("delivered", "Delivered to the customer.", "Lyon")
        assert RepairOrder.objects.get(pk=repair.pk).status == "completed"


def test_a_parcel_staff_wrote_off_travels_no_further(tenant_a):
    with tenant_context(tenant_a):
        shipment = inbound(repair_at("awaiting_device"))
        Shipment.objects.filter(pk=shipment.pk).update(status="lost")
        assert advance_due_shipments(now=shipment.next_step_at + 10 * STEP) == 0
        assert ShipmentEvent.objects.filter(shipment=shipment).count() == 1


def test_the_beat_task_advances_each_tenants_parcels_once_per_due_step(tenant_a, tenant_b):
    parcels = {}
    for tenant in (tenant_a, tenant_b):
        with tenant_context(tenant):
            shipment = inbound(repair_at("awaiting_device"))
            parcels[tenant.pk] = (shipment.pk, shipment.next_step_at)
    due = max(next_step for _, next_step in parcels.values())
    for _ in range(2):
        assert advance_simulated_shipments_everywhere.delay(due.isoformat()).get() >= 2
    for tenant in (tenant_a, tenant_b):
        with tenant_context(tenant):
            stored = Shipment.objects.get(pk=parcels[tenant.pk][0])
            assert (stored.status, stored.simulation_step) == ("in_transit", 1)
            assert ShipmentEvent.objects.filter(shipment=stored).count() == 2


@pytest.fixture
def desk_a(client_a, tenant_a):  # type: ignore[no-untyped-def]
    return logged_in(client_a, tenant_a, staff(tenant_a, "desk@alpha.test"))


def test_staff_play_the_next_step_now_and_a_double_click_counts_once(desk_a, tenant_a):
    with tenant_context(tenant_a):
        repair = repair_at("awaiting_device")
        shipment = inbound(repair)
    listing = desk_a.get("/backoffice/shipments/").content.decode()
    assert shipment.tracking_number in listing and f'data-advance="{shipment.pk}"' in listing
    url = f"/backoffice/shipments/{shipment.pk}/advance/"
    first = desk_a.post(url, {"step": 0})
    again = desk_a.post(url, {"step": 0})
    assert first.status_code == again.status_code == 302
    assert first["Location"] == "/backoffice/shipments/"
    with tenant_context(tenant_a):
        assert Shipment.objects.get(pk=shipment.pk).simulation_step == 1
        for step in range(1, len(STEPS)):
            desk_a.post(url, {"step": step, "next": f"/backoffice/shipments/?from={step}"})
        stored = Shipment.objects.get(pk=shipment.pk)
        assert (stored.status, stored.simulation_step) == ("delivered", len(STEPS))
        assert RepairOrder.objects.get(pk=repair.pk).status == "received"
    assert desk_a.post(url, {"step": len(STEPS)}).status_code == 409
    assert desk_a.post(url, {"step": "x"}).status_code == 400


def test_the_button_refuses_other_carriers_and_unsafe_returns(desk_a, tenant_a):
    with tenant_context(tenant_a):
        manual = inbound(repair_at("awaiting_device"), carrier="colissimo",
                         tracking_number="6A12345678901")
        demo = inbound(repair_at("awaiting_device"))
    assert desk_a.post(f"/backoffice/shipments/{manual.pk}/advance/",
                       {"step": 0}).status_code == 409
    response = desk_a.post(f"/backoffice/shipments/{demo.pk}/advance/",
                           {"step": 0, "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/backoffice/shipments/"


def test_customers_and_other_tenants_cannot_move_parcels(client_a, client_b, tenant_a,
                                                          tenant_b):
    with tenant_context(tenant_a):
        shipment = inbound(repair_at("awaiting_device"))
    logged_in(client_a, tenant_a, customer_user(tenant_a, "shopper@example.com"))
    assert client_a.post(f"/backoffice/shipments/{shipment.pk}/advance/",
                         {"step": 0}).status_code == 403
    assert client_a.get("/backoffice/shipments/").status_code == 403
    logged_in(client_b, tenant_b, staff(tenant_b, "desk@beta.test", Role.MANAGER))
    with tenant_context(tenant_b):
        assert not Shipment.objects.filter(pk=shipment.pk).exists()
    assert client_b.post(f"/backoffice/shipments/{shipment.pk}/advance/",
                         {"step": 0}).status_code == 404
    assert shipment.tracking_number not in client_b.get("/backoffice/shipments/").content.decode()
    with tenant_context(tenant_a):
        assert Shipment.objects.get(pk=shipment.pk).simulation_step == 0


def test_staff_marking_a_repair_parcel_return_to_the_parcel_list(desk_a, tenant_a):
    with tenant_context(tenant_a):
        repair = repair_at("awaiting_device")
        shipment = inbound(repair)
    response = desk_a.post(f"/backoffice/shipments/{shipment.pk}/status/",
                           {"status": "delivered"})
    assert response.status_code == 302 and response["Location"] == "/backoffice/shipments/"
    with tenant_context(tenant_a):
        assert RepairOrder.objects.get(pk=repair.pk).status == "received"
