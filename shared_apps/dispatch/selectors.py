"""What a repairer may see of a job (N4): nothing personal before acceptance, and after it only
what the job needs (the address only for on-site work)."""

import uuid
from typing import Any

from django.db.models import QuerySet

from shared_apps.repairers.models import Repairer

from .models import Job, JobOffer
from .state import HELD_STATUSES, OfferStatus

PUBLIC_JOB_FIELDS = ("uid", "order_reference", "category", "brand", "model", "fault_summary",
                     "postal_code", "is_on_site", "due_date", "status")


def offers_for(repairer: Repairer, *, live_only: bool = True) -> QuerySet[JobOffer]:
    offers = JobOffer.objects.filter(repairer=repairer).select_related("job", "job__tenant__brand")
    if live_only:
        offers = offers.filter(status=OfferStatus.OFFERED)
    return offers.order_by("expires_at")


def jobs_for(repairer: Repairer) -> QuerySet[Job]:
    return (Job.objects.filter(repairer=repairer).select_related("tenant__brand")
            .order_by("-accepted_at"))


def access_job(repairer: Repairer, job_uid: str) -> Job | None:
    """The job if it was offered to or is held by this repairer; None for anything else, so
    a missing job and someone else's job look the same (a malformed id too)."""
    try:
        uid = uuid.UUID(str(job_uid))
    except ValueError:
        return None
    return (Job.objects.filter(uid=uid, offers__repairer=repairer)
            .select_related("tenant__brand", "repairer").distinct().first())


def job_view(job: Job, repairer: Repairer) -> dict[str, Any]:
    view: dict[str, Any] = {name: getattr(job, name) for name in PUBLIC_JOB_FIELDS}
    view["tenant_name"] = job.tenant.brand.display_name if hasattr(job.tenant, "brand") else ""
    if job.repairer_id == repairer.pk:
        view.update(quote_amount=job.quote_amount, quote_note=job.quote_note)
    # Personal data only while the repairer holds the job: not before, not once it is over.
    if job.repairer_id == repairer.pk and job.status in HELD_STATUSES:
        view.update(customer_name=job.customer_name, customer_phone=job.customer_phone)
        if job.is_on_site:
            view["customer_address"] = job.customer_address
    return view
