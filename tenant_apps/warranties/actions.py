"""Every change to warranties and claims: registering, the repair warranty, voiding, claims.

Each action is one transaction that locks the row it changes; claims write their history row
with every move. Accepting a claim opens the no-charge repair in the same transaction, so a
refused repair leaves the claim submitted.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import IO

from django.db import IntegrityError, transaction
from django.utils import timezone

from tenant_apps.accounts.models import User
from tenant_apps.catalog.models import ItemKind, SellableItem
from tenant_apps.repairs.actions import (
    MAX_SLOT_DAYS_AHEAD,
    VisitRequest,
    VisitSlot,
    create_repair_order,
)
from tenant_apps.repairs.models import Device, RepairOrder
from tenant_apps.repairs.state import RepairPath
from tenant_apps.repairs.uploads import PROOF_KINDS, check_upload

from .errors import InvalidClaimTransition, WarrantyError, WarrantyNotActive
from .models import ClaimEvent, Warranty, WarrantyClaim
from .periods import warranty_end
from .state import (
    COMMERCIAL_MONTHS,
    LEGAL_CONFORMITY_MONTHS,
    VOIDABLE_STATUSES,
    ClaimStatus,
    WarrantyKind,
    WarrantyStatus,
    can_transition_claim,
)

INVOICE_FIELD = "purchase_invoice"
MAX_DESCRIPTION_LENGTH = 4000
MAX_REASON_LENGTH = 1000
MAX_VOID_REASON_LENGTH = 500
VISIT_PERIODS = ("morning", "afternoon")
REGISTRABLE_KINDS = (WarrantyKind.COMMERCIAL, WarrantyKind.LEGAL_CONFORMITY)


@dataclass(frozen=True)
class WarrantyRequest:
    """What a customer says when putting a device under warranty."""

    kind: str
    starts_on: date  # the purchase date on the invoice
    months: int | None = None  # commercial only: 3, 6 or 12 (the plan's when one is named)
    plan: SellableItem | None = None


@dataclass(frozen=True)
class ClaimVisit:
    """For a device that cannot travel: where the technician goes and the day preferred."""

    street: str
    postal_code: str
    city: str
    day: date | None
    period: str


def _months(request: WarrantyRequest) -> int:
    if request.kind == WarrantyKind.LEGAL_CONFORMITY:
        if request.plan is not None:
            raise WarrantyError("The legal guarantee is not a plan one buys.",
                                code="invalid_choice", field="plan")
        return LEGAL_CONFORMITY_MONTHS
    plan = request.plan
    if plan is not None and (plan.kind != ItemKind.WARRANTY_PLAN or not plan.is_active):
        raise WarrantyError("Choose one of the store's warranty plans.", code="invalid_choice",
                            field="plan")
    months = request.months if request.months is not None else (
        plan.warranty_months if plan is not None else None)
    if months not in COMMERCIAL_MONTHS:
        raise WarrantyError("A warranty lasts 3, 6 or 12 months.", code="invalid_choice",
                            field="months")
    if plan is not None and plan.warranty_months != months:
        raise WarrantyError(f"This plan lasts {plan.warranty_months} months.",
                            code="plan_mismatch", field="months")
    return months


def register_warranty(device: Device, request: WarrantyRequest, invoice: IO[bytes], *,
                      invoice_name: str, actor_email: str = "",
                      today: date | None = None) -> Warranty:
    """Put ``device`` under a commercial warranty or record its legal conformity guarantee,
    proven by the purchase invoice (PDF, JPEG or PNG, recognised by content).

    The period starts on the purchase date, which may not be in the future, and must still
    be running today. A device has one live legal conformity guarantee.
    """
    today = today or timezone.localdate()
    if request.kind not in REGISTRABLE_KINDS:
        raise WarrantyError("Choose a commercial warranty or the legal guarantee.",
                            code="invalid_choice", field="kind")
    months = _months(request)
    if request.starts_on > today:
        raise WarrantyError("The purchase date cannot be in the future.", code="future_date",
                            field="starts_on")
    ends_on = warranty_end(request.starts_on, months)
    if ends_on < today:
        raise WarrantyError(f"This warranty ended on {ends_on:%d/%m/%Y}.", code="already_ended",
                            field="starts_on")
    checked = check_upload(invoice, name=invoice_name, field=INVOICE_FIELD, kinds=PROOF_KINDS)
    warranty = Warranty(device=device, kind=request.kind, months=months,
                        starts_on=request.starts_on, ends_on=ends_on, plan=request.plan,
                        invoice_content_type=checked.content_type,
                        registered_by_email=actor_email)
    with transaction.atomic():
        Device.objects.select_for_update().filter(pk=device.pk).first()  # serialises them
        if request.kind == WarrantyKind.LEGAL_CONFORMITY and Warranty.objects.legal_conformity(
                ).filter(device=device, voided_at__isnull=True).exists():
            raise WarrantyError("This device's legal guarantee is already recorded.",
                                code="legal_conformity_exists", field="kind", status=409)
        warranty.purchase_invoice.save(checked.file.name or "", checked.file, save=False)
        warranty.save()
    return warranty


def create_repair_warranty(repair: RepairOrder, *, today: date | None = None) -> Warranty | None:
    """The warranty a completed package repair carries: the package's months from today.

    Idempotent: a repair carries one warranty however often this runs. Repairs without a
    package (diagnosis, on-site, warranty repairs) or whose package grants none carry nothing.
    """
    package = repair.package
    if repair.path != RepairPath.PACKAGE or package is None or not package.warranty_months:
        return None
    existing = Warranty.objects.filter(repair_order=repair, kind=WarrantyKind.REPAIR).first()
    if existing is not None:
        return existing
    starts_on = today or timezone.localdate()
    warranty = Warranty(device_id=repair.device_id, kind=WarrantyKind.REPAIR,
                        months=package.warranty_months, starts_on=starts_on,
                        ends_on=warranty_end(starts_on, package.warranty_months),
                        repair_order=repair)
    try:
        with transaction.atomic():
            warranty.save()
    except IntegrityError:  # heard twice at once: the first one wins
        return Warranty.objects.get(repair_order=repair, kind=WarrantyKind.REPAIR)
    return warranty


def void_warranty(warranty: Warranty, reason: str, *, actor: User) -> Warranty:
    """Staff void an active warranty (a forged or unrelated invoice): it covers nothing more."""
    if not actor.is_manager:
        raise WarrantyError("Only managers void warranties.", code="forbidden", field="reason",
                            status=403)
    reason = (reason or "").strip()
    if not reason:
        raise WarrantyError("Say why the warranty is void.", code="required", field="reason")
    if len(reason) > MAX_VOID_REASON_LENGTH:
        raise WarrantyError(f"At most {MAX_VOID_REASON_LENGTH} characters.", code="too_long",
                            field="reason")
    with transaction.atomic():
        locked = Warranty.objects.select_for_update().get(pk=warranty.pk)
        status = locked.status_on(timezone.localdate())
        if status not in VOIDABLE_STATUSES:
            raise WarrantyError(f"A warranty that is {status} cannot be voided.",
                                code="invalid_transition", field="status", status=409)
        locked.voided_at = timezone.now()
        locked.void_reason = reason
        locked.voided_by_email = actor.email
        locked.save(update_fields=["voided_at", "void_reason", "voided_by_email"])
    return locked


def _clean_text(text: str, *, field: str, limit: int, missing: str) -> str:
    text = (text or "").strip()
    if not text:
        raise WarrantyError(missing, code="required", field=field)
    if len(text) > limit:
        raise WarrantyError(f"At most {limit} characters.", code="too_long", field=field)
    return text


def _visit_fields(device: Device, visit: ClaimVisit | None, today: date) -> dict[str, object]:
    if device.category.can_travel:
        return {}
    if visit is None:
        raise WarrantyError("Give the address of the visit.", code="required",
                            field="visit_street")
    values = {"visit_street": visit.street.strip(), "visit_postal_code": visit.postal_code.strip(),
              "visit_city": visit.city.strip()}
    for name, value in values.items():
        if not value:
            raise WarrantyError("Give the address of the visit.", code="required", field=name)
    if visit.day is None or not 0 < (visit.day - today).days <= MAX_SLOT_DAYS_AHEAD:
        raise WarrantyError(f"Choose a day from tomorrow on, within {MAX_SLOT_DAYS_AHEAD} days.",
                            code="invalid_slot", field="visit_date")
    if visit.period not in VISIT_PERIODS:
        raise WarrantyError("Choose the morning or the afternoon.", code="invalid_choice",
                            field="visit_period")
    return {**values, "visit_date": visit.day, "visit_period": visit.period}


def file_claim(warranty: Warranty, description: str, *, visit: ClaimVisit | None = None,
               actor_email: str = "", today: date | None = None) -> WarrantyClaim:
    """The customer reports a fault covered by ``warranty``: it must be active, and without a
    claim awaiting the staff's decision. A device that cannot travel needs a visit address."""
    today = today or timezone.localdate()
    description = _clean_text(description, field="description", limit=MAX_DESCRIPTION_LENGTH,
                              missing="Describe the fault.")
    visit_fields = _visit_fields(warranty.device, visit, today)
    with transaction.atomic():
        locked = Warranty.objects.select_for_update().get(pk=warranty.pk)
        status = locked.status_on(today)
        if status != WarrantyStatus.ACTIVE:
            raise WarrantyNotActive(status)
        claim = WarrantyClaim(warranty=locked, description=description,
                              filed_by_email=actor_email, **visit_fields)
        try:
            with transaction.atomic():
                claim.save()
        except IntegrityError:
            raise WarrantyError("A claim on this warranty already awaits a decision.",
                                code="claim_open", field="warranty", status=409) from None
        ClaimEvent.objects.create(claim=claim, to_status=claim.status, actor_email=actor_email)
    return claim


def _staff_only(actor: User, field: str) -> None:
    if not actor.is_store_staff:
        raise WarrantyError("Only staff decide claims.", code="forbidden", field=field,
                            status=403)


def _locked_for(claim: WarrantyClaim, target: ClaimStatus) -> WarrantyClaim:
    locked = WarrantyClaim.objects.select_for_update().select_related(
        "warranty__device__category").get(pk=claim.pk)
    if not can_transition_claim(locked.status, target):
        raise InvalidClaimTransition(locked.status, target)
    return locked


def _visit_request(claim: WarrantyClaim, today: date) -> VisitRequest:
    # The preferred day is a wish; once it has passed, the visit is asked for the next day and
    # arranged as for any on-site repair.
    day = claim.visit_date if claim.visit_date and claim.visit_date > today else (
        today + timedelta(days=1))
    return VisitRequest(street=claim.visit_street, postal_code=claim.visit_postal_code,
                        city=claim.visit_city, slots=(VisitSlot(day, claim.visit_period),))


def _decide(locked: WarrantyClaim, target: ClaimStatus, actor: User,
            fields: list[str]) -> None:
    source = locked.status
    locked.status = target
    locked.decided_by_email = actor.email
    locked.decided_at = timezone.now()
    locked.save(update_fields=[*fields, "status", "decided_by_email", "decided_at",
                               "updated_at"])
    ClaimEvent.objects.create(claim=locked, from_status=source, to_status=target,
                              actor_email=actor.email)


def accept_claim(claim: WarrantyClaim, *, actor: User) -> WarrantyClaim:
    """Staff accept the claim: a no-charge repair of the device opens in the same transaction
    (diagnosis for a device that travels, a visit otherwise). If the repair cannot open (one is
    already in progress, say), nothing changes and the claim stays submitted."""
    _staff_only(actor, "status")
    today = timezone.localdate()
    with transaction.atomic():
        locked = _locked_for(claim, ClaimStatus.ACCEPTED)
        warranty = locked.warranty
        if warranty.voided_at is not None:
            raise WarrantyNotActive(WarrantyStatus.VOID)
        device = warranty.device
        travels = device.category.can_travel
        locked.repair_order = create_repair_order(
            device, path=RepairPath.DIAGNOSIS if travels else RepairPath.ON_SITE,
            fault_description=locked.description,
            visit=None if travels else _visit_request(locked, today),
            is_warranty=True, actor_email=actor.email)
        _decide(locked, ClaimStatus.ACCEPTED, actor, ["repair_order"])
    return locked


def reject_claim(claim: WarrantyClaim, reason: str, *, actor: User) -> WarrantyClaim:
    """Staff reject the claim, saying why (the customer reads the reason)."""
    _staff_only(actor, "reason")
    reason = _clean_text(reason, field="reason", limit=MAX_REASON_LENGTH,
                         missing="Say why the claim is rejected.")
    with transaction.atomic():
        locked = _locked_for(claim, ClaimStatus.REJECTED)
        locked.rejection_reason = reason
        _decide(locked, ClaimStatus.REJECTED, actor, ["rejection_reason"])
    return locked
