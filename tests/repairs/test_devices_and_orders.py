"""Devices (R2) and opening a repair along the right path (R3, R4, R7)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenant_apps.catalog import actions as catalog
from tenant_apps.repairs.actions import VisitRequest, VisitSlot, create_repair_order
from tenant_apps.repairs.device_actions import DeviceDetails, normalise_serial, update_device
from tenant_apps.repairs.errors import DeviceError, RepairError
from tenant_apps.repairs.models import RepairOrder
from tenant_apps.repairs.state import RepairStatus
from tests.catalog.helpers import package

from .helpers import (
    at_status,
    fixed_category,
    new_customer,
    new_device,
    new_repair,
    screen_package,
    travelling_category,
    visit,
)

pytestmark = pytest.mark.django_db
TOMORROW = timezone.localdate() + timedelta(days=1)


def test_imei_is_checked_serials_are_free():
    assert normalise_serial(" 49-015420-323751-8 ") == "490154203237518"
    assert normalise_serial("SN-ABC 123/4") == "SN-ABC 123/4"
    assert normalise_serial("") == ""
    for wrong in ("490154203237519", "x" * 65, "<script>"):
        with pytest.raises(DeviceError) as refused:
            normalise_serial(wrong)
        assert refused.value.field == "serial_or_imei"


def test_a_device_from_the_catalogue_or_typed(tenant_a):
    with tenant_context(tenant_a):
        phones = travelling_category()
        maker = catalog.create_brand(name="Fairphone", slug="fairphone")
        model = catalog.create_device_model(category=phones, brand=maker, name="5")
        listed = new_device(device_model_id=model.pk, brand_name="ignored",
                            serial_or_imei="490154203237518")
        typed = new_device(brand_name="Obscura", model_name="X1",
                           purchase_date=timezone.localdate())
        washers = fixed_category()
        other = catalog.create_device_model(category=washers, brand=maker, name="W")
        refusals = []
        for details in ({"device_model_id": other.pk}, {"category_id": 0},
                        {"purchase_date": TOMORROW}, {"brand_id": 0}):
            with pytest.raises(DeviceError) as refused:
                new_device(**details)
            refusals.append(refused.value.field)
    assert (listed.brand, listed.brand_name, str(listed)) == (maker, "", "Fairphone 5")
    assert str(typed) == "Obscura X1"
    assert refusals == ["device_model", "category", "purchase_date", "brand"]


def test_the_category_is_fixed_while_a_repair_is_open(tenant_a):
    with tenant_context(tenant_a):
        repair = new_repair("diagnosis")
        device = repair.device
        with pytest.raises(DeviceError) as refused:
            update_device(device, DeviceDetails(category_id=fixed_category().pk))
        update_device(device, DeviceDetails(category_id=device.category_id, model_name="Z"))
        device.refresh_from_db()
    assert refused.value.code == "repair_open"
    assert device.model_name == "Z"


def test_the_path_follows_whether_the_device_travels(tenant_a):
    with tenant_context(tenant_a):
        phone, washer = new_device(), new_device(travels=False)
        codes = []
        for device, path in ((washer, "diagnosis"), (washer, "package"), (phone, "on_site"),
                             (phone, "teleport")):
            with pytest.raises(RepairError) as refused:
                create_repair_order(device, path=path, fault_description="Broken",
                                    package=screen_package(), visit=visit())
            codes.append((refused.value.code, refused.value.field))
        assert not RepairOrder.objects.filter(device__in=[phone, washer]).exists()
    assert codes == [("on_site_only", "path"), ("on_site_only", "path"),
                     ("device_travels", "path"), ("invalid_choice", "path")]


def test_a_package_must_cover_the_device(tenant_a):
    with tenant_context(tenant_a):
        phones = travelling_category()
        maker = catalog.create_brand(name="Acme", slug="acme")
        model_a = catalog.create_device_model(category=phones, brand=maker, name="A")
        model_b = catalog.create_device_model(category=phones, brand=maker, name="B")
        for_b = package("Battery B", device_model=model_b)
        tablets = package("Tablet screen", category=catalog.create_category(name="Tablet",
                                                                            slug="tablet"))
        device = new_device(device_model_id=model_a.pk)
        for wrong in (for_b, tablets, None):
            with pytest.raises(RepairError) as refused:
                create_repair_order(device, path="package", package=wrong)
            assert refused.value.field == "package"
        for_a = package("Battery A", device_model=model_a)
        repair = create_repair_order(device, path="package", package=for_a)
    assert (repair.path, repair.status, repair.package) == ("package", "awaiting_payment", for_a)


def test_a_diagnosis_needs_the_fault_and_a_visit_needs_address_and_slots(tenant_a):
    with tenant_context(tenant_a):
        with pytest.raises(RepairError) as no_fault:
            create_repair_order(new_device(), path="diagnosis", fault_description="  ")
        washer = new_device(travels=False)
        today = timezone.localdate()
        bad_visits = [
            None,
            VisitRequest(street="", postal_code="69003", city="Lyon",
                         slots=(VisitSlot(TOMORROW, "morning"),)),
            VisitRequest(street="1 rue", postal_code="69003", city="Lyon", slots=()),
            VisitRequest(street="1 rue", postal_code="69003", city="Lyon",
                         slots=(VisitSlot(today, "morning"),)),
            VisitRequest(street="1 rue", postal_code="69003", city="Lyon",
                         slots=(VisitSlot(TOMORROW, "night"),)),
        ]
        fields = []
        for request in bad_visits:
            with pytest.raises(RepairError) as refused:
                create_repair_order(washer, path="on_site", visit=request)
            fields.append(refused.value.field)
        later = TOMORROW + timedelta(days=1)
        repair = create_repair_order(washer, path="on_site", visit=VisitRequest(
            street="1 rue", postal_code="69003", city="Lyon",
            slots=(VisitSlot(later, "afternoon"), VisitSlot(TOMORROW, "morning"))))
    assert no_fault.value.field == "fault_description"
    assert fields == ["visit", "visit_street", "preferred_slots", "preferred_slots",
                      "preferred_slots"]
    assert repair.preferred_slots == [
        {"date": TOMORROW.isoformat(), "period": "morning"},
        {"date": later.isoformat(), "period": "afternoon"}]


def test_one_open_repair_per_device_numbered_in_sequence(tenant_a):
    with tenant_context(tenant_a):
        device = new_device(new_customer())
        first = new_repair("diagnosis", device=device)
        with pytest.raises(RepairError) as refused:
            new_repair("diagnosis", device=device)
        at_status(first, RepairStatus.CANCELLED)
        second = new_repair("diagnosis", device=device)
    assert refused.value.code == "repair_open"
    number = int(first.reference.split("-")[1])
    assert second.reference == f"R-{number + 1:06d}"
    assert first.customer_id == device.customer_id
