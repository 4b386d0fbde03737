"""Claims: every move allowed and refused, the no-charge repair opened in the same transaction."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from tenant_apps.accounts.models import Role
from tenant_apps.repairs.errors import RepairError
from tenant_apps.repairs.models import RepairOrder
from tenant_apps.repairs.state import RepairPath
from tenant_apps.warranties import actions
from tenant_apps.warranties.actions import (
    accept_claim,
    file_claim,
    reject_claim,
    void_warranty,
)
from tenant_apps.warranties.errors import InvalidClaimTransition, WarrantyError
from tenant_apps.warranties.models import ClaimEvent, Warranty, WarrantyClaim
from tenant_apps.warranties.state import CLAIM_TRANSITIONS, ClaimStatus, can_transition_claim
from tests.repairs.helpers import new_repair

from .helpers import commercial, new_device, staff, visit

pytestmark = pytest.mark.django_db

ALLOWED = {("submitted", "accepted"), ("submitted", "rejected")}
PAIRS = [(source, target) for source in ClaimStatus.values for target in ClaimStatus.values]


def test_the_table_is_exactly_the_claim_journey():
    table = {(source, target) for source, targets in CLAIM_TRANSITIONS.items()
             for target in targets}
    assert table == ALLOWED
    for source, target in PAIRS:
        assert can_transition_claim(source, target) is ((source, target) in ALLOWED)
    assert not can_transition_claim("submitted", "approved")


def _claim_at(status: str) -> WarrantyClaim:
    claim = file_claim(commercial(), "The screen flickers.", actor_email="owner@example.test")
    if status == ClaimStatus.ACCEPTED:
        accept_claim(claim, actor=staff())
    elif status == ClaimStatus.REJECTED:
        reject_claim(claim, "Dropped in water.", actor=staff())
    claim.refresh_from_db()
    return claim


def _move(claim: WarrantyClaim, target: str) -> WarrantyClaim:
    if target == ClaimStatus.ACCEPTED:
        return accept_claim(claim, actor=staff())
    if target == ClaimStatus.REJECTED:
        return reject_claim(claim, "Not covered.", actor=staff())
    raise InvalidClaimTransition(claim.status, target)  # nothing moves a claim back


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_every_claim_move_allowed_or_refused(in_a, source, target):
    claim = _claim_at(source)
    events = claim.events.count()
    if (source, target) in ALLOWED:
        moved = _move(claim, target)
        assert moved.status == target
        assert claim.events.count() == events + 1
        assert claim.events.last().from_status == source
        return
    before = WarrantyClaim.objects.values().get(pk=claim.pk)
    repairs = RepairOrder.objects.count()
    with pytest.raises(InvalidClaimTransition) as refused:
        _move(claim, target)
    assert (refused.value.status, refused.value.field) == (409, "status")
    assert WarrantyClaim.objects.values().get(pk=claim.pk) == before
    assert (claim.events.count(), RepairOrder.objects.count()) == (events, repairs)


def test_filing_writes_the_history(in_a):
    claim = _claim_at(ClaimStatus.SUBMITTED)
    assert [(e.from_status, e.to_status, e.actor_email) for e in claim.events.all()] == [
        ("", "submitted", "owner@example.test")]


def test_an_accepted_claim_opens_a_no_charge_diagnosis(in_a):
    claim = _claim_at(ClaimStatus.SUBMITTED)
    clerk = staff()
    accepted = accept_claim(claim, actor=clerk)
    repair = accepted.repair_order
    assert repair is not None
    assert (repair.is_warranty, repair.path, repair.device_id, repair.fault_description) == (
        True, RepairPath.DIAGNOSIS, claim.warranty.device_id, "The screen flickers.")
    assert repair.events.first().actor_email == clerk.email
    assert (accepted.decided_by_email, accepted.decided_at is not None) == (clerk.email, True)


def test_a_device_that_cannot_travel_gets_a_visit(in_a):
    tomorrow = timezone.localdate() + timedelta(days=1)
    warranty = commercial(new_device(travels=False))
    with pytest.raises(WarrantyError) as no_address:
        file_claim(warranty, "Leaks.")
    assert no_address.value.field == "visit_street"
    with pytest.raises(WarrantyError) as past:
        file_claim(warranty, "Leaks.", visit=visit(timezone.localdate()))
    assert past.value.field == "visit_date"
    claim = file_claim(warranty, "Leaks.", visit=visit(tomorrow))
    repair = accept_claim(claim, actor=staff()).repair_order
    assert (repair.path, repair.is_warranty, repair.visit_city) == (
        RepairPath.ON_SITE, True, "Lyon")
    assert repair.preferred_slots == [{"date": tomorrow.isoformat(), "period": "morning"}]


def test_a_preferred_day_that_has_passed_moves_to_tomorrow(in_a):
    claim = file_claim(commercial(new_device(travels=False)), "Leaks.",
                       visit=visit(timezone.localdate() + timedelta(days=3)))
    WarrantyClaim.objects.filter(pk=claim.pk).update(visit_date=date(2026, 1, 5))
    repair = accept_claim(claim, actor=staff()).repair_order
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert repair.preferred_slots == [{"date": tomorrow.isoformat(), "period": "morning"}]


def test_a_failing_repair_leaves_the_claim_submitted(in_a):
    warranty = commercial()
    new_repair(RepairPath.DIAGNOSIS, device=warranty.device)  # one repair already open
    claim = file_claim(warranty, "Broken again.")
    with pytest.raises(RepairError) as refused:
        accept_claim(claim, actor=staff())
    assert (refused.value.code, refused.value.status) == ("repair_open", 409)
    claim.refresh_from_db()
    assert (claim.status, claim.repair_order_id, claim.events.count()) == ("submitted", None, 1)


def test_acceptance_is_one_transaction(in_a, monkeypatch):
    claim = _claim_at(ClaimStatus.SUBMITTED)
    repairs = RepairOrder.objects.count()

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(actions, "_decide", broken)
    with pytest.raises(RuntimeError):
        accept_claim(claim, actor=staff())
    claim.refresh_from_db()
    assert (claim.status, RepairOrder.objects.count()) == ("submitted", repairs)


def test_claims_on_expired_or_void_warranties_are_refused(in_a):
    expired = commercial()
    Warranty.objects.filter(pk=expired.pk).update(starts_on=date(2025, 1, 1),
                                                  ends_on=date(2025, 7, 1))
    with pytest.raises(WarrantyError) as late:
        file_claim(expired, "Broken.")
    assert (late.value.code, late.value.status, late.value.field) == (
        "warranty_not_active", 409, "warranty")
    voided = void_warranty(commercial(), "Forged invoice", actor=staff(Role.MANAGER))
    with pytest.raises(WarrantyError) as void:
        file_claim(voided, "Broken.")
    assert (void.value.status, void.value.field) == (409, "warranty")
    assert not WarrantyClaim.objects.exists()


def test_a_claim_on_a_warranty_voided_since_is_not_accepted(in_a):
    claim = _claim_at(ClaimStatus.SUBMITTED)
    void_warranty(claim.warranty, "Forged invoice", actor=staff(Role.MANAGER))
    with pytest.raises(WarrantyError) as refused:
        accept_claim(claim, actor=staff())
    assert refused.value.field == "warranty"
    assert not RepairOrder.objects.exists()


def test_one_open_claim_per_warranty(in_a):
    claim = _claim_at(ClaimStatus.SUBMITTED)
    with pytest.raises(WarrantyError) as twice:
        file_claim(claim.warranty, "Again.")
    assert (twice.value.code, twice.value.status, twice.value.field) == (
        "claim_open", 409, "warranty")
    with pytest.raises(IntegrityError), transaction.atomic():
        WarrantyClaim.objects.create(warranty=claim.warranty, description="Sneaky")
    reject_claim(claim, "Not covered.", actor=staff())
    assert file_claim(claim.warranty, "Again.").status == ClaimStatus.SUBMITTED


def test_decisions_need_staff_and_a_reason(in_a):
    claim = _claim_at(ClaimStatus.SUBMITTED)
    customer_user = staff(Role.CUSTOMER)
    with pytest.raises(WarrantyError) as customer:
        accept_claim(claim, actor=customer_user)
    assert customer.value.status == 403
    with pytest.raises(WarrantyError) as customer_rejects:
        reject_claim(claim, "No", actor=customer_user)
    assert customer_rejects.value.status == 403
    with pytest.raises(WarrantyError) as silent:
        reject_claim(claim, " ", actor=staff())
    assert silent.value.field == "reason"
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    assert ClaimEvent.objects.filter(claim=claim).count() == 1


def test_description_is_required(in_a):
    with pytest.raises(WarrantyError) as refused:
        file_claim(commercial(), "   ")
    assert refused.value.field == "description"
