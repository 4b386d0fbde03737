"""A completed package repair carries the package's warranty, once."""

import pytest
from django.utils import timezone

from tenant_apps.repairs.actions import transition_repair_order
from tenant_apps.repairs.models import RepairOrder
from tenant_apps.repairs.signals import repair_status_changed
from tenant_apps.repairs.state import RepairPath, RepairStatus
from tenant_apps.warranties.actions import create_repair_warranty
from tenant_apps.warranties.models import Warranty
from tenant_apps.warranties.periods import warranty_end
from tests.repairs.helpers import at_status, new_repair

pytestmark = pytest.mark.django_db


def test_completion_creates_the_repair_warranty_once(in_a):
    repair = at_status(new_repair(RepairPath.PACKAGE), RepairStatus.SHIPPED_BACK)
    transition_repair_order(repair, RepairStatus.COMPLETED, actor_email="carrier")
    warranty = Warranty.objects.get(repair_order=repair)
    today = timezone.localdate()
    assert (warranty.kind, warranty.months, warranty.starts_on, warranty.ends_on) == (
        "repair", 12, today, warranty_end(today, 12))
    assert (warranty.device_id, warranty.plan, bool(warranty.purchase_invoice)) == (
        repair.device_id, None, False)
    # Heard again (a replayed signal): still one warranty.
    repair_status_changed.send(sender=RepairOrder, repair=repair, from_status="shipped_back",
                               to_status="completed", actor_email="carrier")
    assert create_repair_warranty(repair) == warranty
    assert Warranty.objects.filter(repair_order=repair).count() == 1


def test_other_moves_carry_nothing(in_a):
    repair = at_status(new_repair(RepairPath.PACKAGE), RepairStatus.RECEIVED)
    transition_repair_order(repair, RepairStatus.REPAIRING, actor_email="desk@alpha.test")
    assert not Warranty.objects.exists()


def test_repairs_without_a_package_or_months_carry_none(in_a):
    diagnosis = at_status(new_repair(RepairPath.DIAGNOSIS), RepairStatus.SHIPPED_BACK)
    transition_repair_order(diagnosis, RepairStatus.COMPLETED, actor_email="carrier")
    package_repair = new_repair(RepairPath.PACKAGE)
    package = package_repair.package
    package.warranty_months = 0
    package.save(update_fields=["warranty_months"])
    at_status(package_repair, RepairStatus.SHIPPED_BACK)
    transition_repair_order(package_repair, RepairStatus.COMPLETED, actor_email="carrier")
    assert not Warranty.objects.exists()
