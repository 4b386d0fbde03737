"""Read models of the operator console for the repairer network: repairers with their figures,
jobs by status, stuck jobs and the operator's queue."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from shared_apps.dispatch.models import DispatchSettings, Job, JobEvent, JobOffer
from shared_apps.dispatch.state import HELD_STATUSES, JobStatus
from shared_apps.repairers.models import Repairer, RepairerMember

LIST_LIMIT = 200


@dataclass(frozen=True)
class RepairerRow:
    repairer: Repairer
    skills: list[str]
    zones: list[str]
    acceptance_rate: float | None
    average_turnaround_hours: float | None
    warranty_return_share: float | None
    load_share: float


@dataclass(frozen=True)
class JobDetail:
    job: Job
    offers: list[JobOffer]
    events: list[JobEvent]
    is_stuck: bool


def repairer_rows() -> list[RepairerRow]:
    """Every repairer with the figures the routing score uses: three queries."""
    repairers = Repairer.objects.prefetch_related("skills", "zones").order_by("name", "pk")
    return [
        RepairerRow(
            repairer=repairer,
            skills=sorted(str(skill) for skill in repairer.skills.all()),
            zones=[str(zone) for zone in repairer.zones.all()],
            acceptance_rate=repairer.acceptance_rate,
            average_turnaround_hours=repairer.average_turnaround_hours,
            warranty_return_share=repairer.warranty_return_share,
            load_share=repairer.active_jobs / repairer.capacity if repairer.capacity else 1.0,
        )
        for repairer in repairers
    ]


def repairer_for_console(repairer_id: int) -> Repairer | None:
    members = Prefetch("members", queryset=RepairerMember.objects.select_related("user"))
    return (Repairer.objects.filter(pk=repairer_id)
            .prefetch_related("skills", "zones", "opening_hours", "absences", "allowed_tenants",
                              members)
            .first())


def _jobs() -> QuerySet[Job]:
    return Job.objects.select_related("tenant", "repairer")


def status_counts() -> dict[str, int]:
    counts = dict(Job.objects.values_list("status").annotate(count=Count("pk")).order_by())
    return {status: counts.get(status, 0) for status in JobStatus.values}


def jobs_by_status(status: str | None) -> list[Job]:
    jobs = _jobs()
    if status:
        jobs = jobs.filter(status=status)
    return list(jobs[:LIST_LIMIT])


def stuck_before(now: datetime | None = None) -> datetime:
    now = now or timezone.now()
    return now - timedelta(hours=DispatchSettings.current().stuck_after_hours)


def stuck_jobs(now: datetime | None = None) -> list[Job]:
    """Jobs held by a repairer with no status change for longer than the operator allows."""
    return list(_jobs().filter(status__in=HELD_STATUSES,
                               status_changed_at__lt=stuck_before(now))
                .order_by("status_changed_at")[:LIST_LIMIT])


def unassigned_jobs() -> list[Job]:
    """The operator's queue: jobs no repairer could take."""
    return list(_jobs().filter(status=JobStatus.UNASSIGNED)
                .order_by("status_changed_at")[:LIST_LIMIT])


def job_for_console(job_uid: str) -> Job | None:
    return _jobs().filter(uid=job_uid).first()


def job_detail(job: Job, now: datetime | None = None) -> JobDetail:
    offers = list(job.offers.select_related("repairer").order_by("offered_at", "pk"))
    events = list(job.events.select_related("repairer"))
    is_stuck = job.status in HELD_STATUSES and job.status_changed_at < stuck_before(now)
    return JobDetail(job=job, offers=offers, events=events, is_stuck=is_stuck)
