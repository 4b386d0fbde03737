"""Every state change of a job and its offers (N3, N4). Routing rules live in routing.py."""

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from shared_apps.repairers.models import Repairer, normalise_code
from tenants.models import Tenant

from .errors import DispatchError, InvalidJobTransition, OfferUnavailable
from .models import DeclineReason, DispatchSettings, Job, JobEvent, JobOffer, TenantDispatchSettings
from .relay import relay_to_tenant
from .routing import rank_candidates
from .state import (
    HELD_STATUSES,
    PROGRESS_STATUSES,
    ROUTABLE_STATUSES,
    JobStatus,
    OfferStatus,
    can_move_job,
)

CUSTOMER_FIELDS = ("customer_name", "customer_phone", "customer_email", "customer_address")


def _event(job: Job, kind: str, *, at: datetime, repairer: Repairer | None = None,
           repairer_id: int | None = None, actor_email: str = "", **detail: object) -> None:
    JobEvent.objects.create(
        job=job, kind=kind, repairer_id=repairer.pk if repairer else repairer_id,
        actor_email=actor_email, detail=detail, created_at=at,
    )


def _one_less_job() -> Greatest:
    # Never below zero, even if an operator corrected the counter by hand in between.
    return Greatest(F("active_jobs") - 1, 0)


def _move(job: Job, target: str, now: datetime, **fields: object) -> None:
    """Validate and apply a job transition on a row the caller has locked."""
    if not can_move_job(job.status, target):
        raise InvalidJobTransition(f"A job cannot go from {job.status} to {target}.",
                                   field="status")
    job.status = target
    job.status_changed_at = now
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=["status", "status_changed_at", *fields])


def offer_expiry_minutes(tenant: Tenant, settings: DispatchSettings) -> int:
    override = TenantDispatchSettings.objects.filter(tenant=tenant).values_list(
        "offer_expiry_minutes", flat=True).first()
    return override or settings.offer_expiry_minutes


def create_job(tenant: Tenant, *, order_reference: str, category: str, brand: str = "",
               model: str = "", fault_summary: str, postal_code: str, is_on_site: bool = False,
               due_date=None, customer: dict[str, str] | None = None,  # type: ignore[no-untyped-def]
               now: datetime | None = None) -> Job:
    """The one way a tenant's repair order enters the network; routes it at once."""
    now = now or timezone.now()
    customer = customer or {}
    unknown = set(customer) - set(CUSTOMER_FIELDS)
    if unknown:
        raise DispatchError("Unknown customer field.", code="unknown_field",
                            field=f"customer.{sorted(unknown)[0]}")
    job = Job(tenant=tenant, order_reference=(order_reference or "").strip(),
              category=normalise_code(category or ""), brand=normalise_code(brand or ""),
              model=(model or "").strip(), fault_summary=(fault_summary or "").strip(),
              postal_code="".join((postal_code or "").split()).upper(), is_on_site=is_on_site,
              due_date=due_date, **customer)
    try:
        job.full_clean(exclude=["tenant", "repairer", "status"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DispatchError(messages[0], code="invalid_job", field=field) from None
    if not job.category:
        raise DispatchError("A device category is required.", code="invalid_job",
                            field="category")
    with transaction.atomic():
        job.created_at = job.status_changed_at = now
        try:
            # The unique constraint decides, so two requests at once cannot both create a job.
            with transaction.atomic():
                job.save()
        except IntegrityError:
            raise DispatchError("This order already has a job.", code="job_exists",
                                field="order_reference", status=409) from None
        _event(job, "created", at=now, category=job.category, postal_code=job.postal_code)
        route_job(job, now=now)
    job.refresh_from_db()
    return job


def route_job(job: Job, *, now: datetime | None = None) -> list[JobOffer]:
    """Offer the job to the next best candidates, or send it to the operator's queue.

    Does nothing while an offer is still live, so calling it twice cascades once.
    """
    now = now or timezone.now()
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.status not in ROUTABLE_STATUSES:
            return []
        if job.offers.filter(status=OfferStatus.OFFERED).exists():
            return []
        settings = DispatchSettings.current()
        candidates = rank_candidates(job, now, weights=settings)[: settings.broadcast_size]
        if not candidates:
            if job.status != JobStatus.UNASSIGNED:
                _move(job, JobStatus.UNASSIGNED, now)
                _event(job, "unassigned", at=now)
                relay_to_tenant(job, "unassigned")
            return []
        expires_at = now + timedelta(minutes=offer_expiry_minutes(job.tenant, settings))
        offers = JobOffer.objects.bulk_create([
            JobOffer(job=job, repairer_id=candidate.repairer_id, score=candidate.score,
                     offered_at=now, expires_at=expires_at)
            for candidate in candidates
        ])
        Repairer.objects.filter(pk__in=[c.repairer_id for c in candidates]).update(
            offers_received=F("offers_received") + 1)
        _move(job, JobStatus.OFFERED, now)
        for offer in offers:
            _event(job, "offered", at=now, repairer_id=offer.repairer_id, score=offer.score,
                   expires_at=expires_at.isoformat())
    return offers


def _lock_job_of_offer(offer_id: int, repairer: Repairer) -> Job:
    """Lock the job behind one of this repairer's offers.

    Every action locks the job row before its offers, so two actions on one job queue up on
    the job instead of deadlocking on each other's offers.
    """
    job_id = JobOffer.objects.filter(pk=offer_id, repairer=repairer).values_list(
        "job_id", flat=True).first()
    if job_id is None:
        raise OfferUnavailable("This offer is no longer available.")
    return Job.objects.select_for_update(of=("self",)).select_related("tenant").get(pk=job_id)


def accept_offer(offer_id: int, repairer: Repairer, *, actor_email: str = "",
                 now: datetime | None = None) -> Job:
    """First accept wins: the job row is locked, then the offer is taken only while it is
    still live and the job still on offer.

    Any other caller, at the same moment or later, gets OfferUnavailable (409); a repairer
    already at capacity gets a 409 "no_capacity".
    """
    now = now or timezone.now()
    with transaction.atomic():
        job = _lock_job_of_offer(offer_id, repairer)
        if job.status != JobStatus.OFFERED:
            raise OfferUnavailable("Another repairer took this job.")
        taken = JobOffer.objects.filter(
            pk=offer_id, status=OfferStatus.OFFERED, expires_at__gt=now,
        ).update(status=OfferStatus.ACCEPTED, responded_at=now)
        if not taken:
            raise OfferUnavailable("This offer is no longer available.")
        if not Repairer.objects.filter(pk=repairer.pk, is_active=True).exists():
            # Deactivated while the offer was live: it may not take the job any more.
            raise OfferUnavailable("This offer is no longer available.")
        has_room = Repairer.objects.filter(pk=repairer.pk, active_jobs__lt=F("capacity")).update(
            active_jobs=F("active_jobs") + 1, offers_accepted=F("offers_accepted") + 1)
        if not has_room:
            raise DispatchError("All your repair slots are taken.", code="no_capacity",
                                status=409)
        _move(job, JobStatus.ACCEPTED, now, repairer=repairer, accepted_at=now)
        JobOffer.objects.filter(job=job, status=OfferStatus.OFFERED).update(
            status=OfferStatus.WITHDRAWN, responded_at=now)
        _event(job, "accepted", at=now, repairer=repairer, actor_email=actor_email)
        relay_to_tenant(job, "accepted")
    return job


def decline_offer(offer_id: int, repairer: Repairer, *, reason: str, note: str = "",
                  actor_email: str = "", now: datetime | None = None) -> JobOffer:
    """Record the decline and move the job on to the next candidate."""
    now = now or timezone.now()
    if reason not in DeclineReason.values:
        raise DispatchError(f"Choose a reason among {', '.join(DeclineReason.values)}.",
                            code="invalid_reason", field="reason")
    with transaction.atomic():
        job = _lock_job_of_offer(offer_id, repairer)
        declined = JobOffer.objects.filter(
            pk=offer_id, status=OfferStatus.OFFERED, expires_at__gt=now,
        ).update(status=OfferStatus.DECLINED, responded_at=now, decline_reason=reason,
                 decline_note=(note or "")[:500])
        if not declined:
            raise OfferUnavailable("This offer is no longer available.")
        _event(job, "declined", at=now, repairer=repairer, actor_email=actor_email, reason=reason)
        route_job(job, now=now)
    return JobOffer.objects.select_related("job").get(pk=offer_id)


def expire_due_offers(*, now: datetime | None = None) -> int:
    """Expire the offers whose time is up and re-route their jobs. Safe to run twice or at once
    on two workers: each job is handled under its row lock (SKIP LOCKED), and its offers are
    expired and the job routed again in one transaction, so a crash leaves nothing half done."""
    now = now or timezone.now()
    job_ids = set(JobOffer.objects.filter(status=OfferStatus.OFFERED, expires_at__lte=now)
                  .values_list("job_id", flat=True))
    return sum(_expire_offers_of(job_id, now) for job_id in sorted(job_ids))


def _expire_offers_of(job_id: int, now: datetime) -> int:
    with transaction.atomic():
        job = Job.objects.select_for_update(skip_locked=True).filter(pk=job_id).first()
        if job is None:
            return 0
        due = list(JobOffer.objects.select_for_update(of=("self",)).filter(
            job=job, status=OfferStatus.OFFERED, expires_at__lte=now).select_related("repairer"))
        for offer in due:
            offer.status = OfferStatus.EXPIRED
            offer.responded_at = now
            offer.save(update_fields=["status", "responded_at"])
            _event(job, "expired", at=now, repairer=offer.repairer)
        if due:
            route_job(job, now=now)
    return len(due)


def offers_to_remind(*, now: datetime | None = None) -> list[JobOffer]:
    """Mark and return the live offers that expire soon and were not reminded yet."""
    now = now or timezone.now()
    settings = DispatchSettings.current()
    horizon = now + timedelta(minutes=settings.reminder_minutes_before_expiry)
    with transaction.atomic():
        # Lock the offers only: the joined jobs and repairers stay free for accepts meanwhile.
        offers = list(JobOffer.objects.select_for_update(skip_locked=True, of=("self",)).filter(
            status=OfferStatus.OFFERED, reminded_at__isnull=True, expires_at__gt=now,
            expires_at__lte=horizon).select_related("repairer", "job"))
        JobOffer.objects.filter(pk__in=[offer.pk for offer in offers]).update(reminded_at=now)
    return offers


def report_progress(job: Job, repairer: Repairer, status: str, *, actor_email: str = "",
                    quote_amount: Decimal | None = None, quote_note: str = "",
                    now: datetime | None = None) -> Job:
    """The repairer holding the job reports received, diagnosed (with a quote), repairing,
    repaired or shipped back; each step flows back to the tenant."""
    now = now or timezone.now()
    if status not in PROGRESS_STATUSES:
        raise DispatchError("Unknown progress status.", code="invalid_status", field="status")
    if status == JobStatus.DIAGNOSED and (quote_amount is None or quote_amount < 0):
        raise DispatchError("A diagnosis comes with a quote amount.", code="quote_required",
                            field="quote_amount")
    with transaction.atomic():
        locked = Job.objects.select_for_update(of=("self",)).select_related("tenant").get(pk=job.pk)
        if locked.repairer_id != repairer.pk:
            raise DispatchError("Job not found.", code="not_found", status=404)
        fields: dict[str, object] = {}
        if status == JobStatus.DIAGNOSED:
            fields = {"quote_amount": quote_amount, "quote_note": quote_note[:2000]}
        if status == JobStatus.SHIPPED_BACK:
            fields["completed_at"] = now
        was_held = locked.status in HELD_STATUSES
        _move(locked, status, now, **fields)
        if status == JobStatus.SHIPPED_BACK and was_held:
            hours = Decimal((now - (locked.accepted_at or now)).total_seconds() / 3600)
            Repairer.objects.filter(pk=repairer.pk).update(
                active_jobs=_one_less_job(), jobs_completed=F("jobs_completed") + 1,
                turnaround_hours_total=F("turnaround_hours_total") + round(hours, 2))
        detail: dict[str, Any] = {}
        if quote_amount is not None:
            detail["quote_amount"] = str(quote_amount)
        _event(locked, status, at=now, repairer=repairer, actor_email=actor_email, **detail)
        relay_to_tenant(locked, status)
    return locked


def cancel_job(job: Job, *, actor_email: str = "", now: datetime | None = None) -> Job:
    now = now or timezone.now()
    with transaction.atomic():
        locked = Job.objects.select_for_update(of=("self",)).select_related("tenant").get(pk=job.pk)
        was_held = locked.status in HELD_STATUSES
        _move(locked, JobStatus.CANCELLED, now)
        JobOffer.objects.filter(job=locked, status=OfferStatus.OFFERED).update(
            status=OfferStatus.WITHDRAWN, responded_at=now)
        if was_held and locked.repairer_id:
            Repairer.objects.filter(pk=locked.repairer_id).update(active_jobs=_one_less_job())
        _event(locked, "cancelled", at=now, actor_email=actor_email)
        relay_to_tenant(locked, "cancelled")
    return locked


def reroute_unassigned(job: Job, *, actor_email: str = "", now: datetime | None = None
                       ) -> list[JobOffer]:
    """The operator tries again for a job in the queue (after the network changed)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        if locked.status != JobStatus.UNASSIGNED:
            raise InvalidJobTransition("Only unassigned jobs can be routed again.",
                                       field="status")
        _event(locked, "rerouted", at=now, actor_email=actor_email)
        return route_job(locked, now=now)
