"""Small builders for the dispatch tests. Every moment is explicit: nothing reads the clock."""

import itertools
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db.models import F

from shared_apps.dispatch.actions import create_job
from shared_apps.dispatch.models import DispatchSettings, Job, JobOffer
from shared_apps.dispatch.state import HELD_STATUSES, JobStatus, OfferStatus
from shared_apps.repairers.models import (
    Absence,
    OpeningHours,
    PostalCodeLocation,
    Repairer,
    ServiceZone,
    Skill,
)
from tenants.models import Tenant

PARIS = ZoneInfo("Europe/Paris")
# A Wednesday morning in Paris (UTC+1 in March).
NOW = datetime(2025, 3, 12, 10, 0, tzinfo=PARIS)
# Where 75011 lies, for radius zones and distances.
PARIS_11 = (Decimal("48.85900"), Decimal("2.38000"))

_numbers = itertools.count(1)


def make_repairer(name: str = "Fixit", *, skills=(("phone", ""),), prefixes=("75",),
                  open_all_week: bool = True, **fields) -> Repairer:
    """An active workshop repairer, open every day, for phones of every brand in 75*."""
    number = next(_numbers)
    repairer = Repairer.objects.create(name=f"{name} {number}",
                                       email=f"repairer{number}@repair.test", **fields)
    for category, brand in skills:
        add_skill(repairer, category, brand)
    for prefix in prefixes:
        add_prefix_zone(repairer, prefix)
    if open_all_week:
        for weekday in range(7):
            add_hours(repairer, weekday, time(0, 0), time(23, 59, 59))
    return repairer


def add_skill(repairer: Repairer, category: str, brand: str = "") -> Skill:
    return Skill.objects.create(repairer=repairer, category=category, brand=brand)


def add_prefix_zone(repairer: Repairer, prefix: str) -> ServiceZone:
    return ServiceZone.objects.create(repairer=repairer, kind=ServiceZone.Kind.POSTAL_PREFIX,
                                      postal_prefix=prefix)


def add_radius_zone(repairer: Repairer, latitude, longitude, radius_km: int) -> ServiceZone:
    return ServiceZone.objects.create(repairer=repairer, kind=ServiceZone.Kind.RADIUS,
                                      latitude=Decimal(str(latitude)),
                                      longitude=Decimal(str(longitude)), radius_km=radius_km)


def add_hours(repairer: Repairer, weekday: int, opens_at: time, closes_at: time) -> OpeningHours:
    return OpeningHours.objects.create(repairer=repairer, weekday=weekday, opens_at=opens_at,
                                       closes_at=closes_at)


def add_absence(repairer: Repairer, starts_on: date, ends_on: date) -> Absence:
    return Absence.objects.create(repairer=repairer, starts_on=starts_on, ends_on=ends_on)


def add_location(postal_code: str, latitude, longitude, city: str = "Paris") -> PostalCodeLocation:
    return PostalCodeLocation.objects.create(postal_code=postal_code, city=city,
                                             latitude=Decimal(str(latitude)),
                                             longitude=Decimal(str(longitude)))


def job_fields(**fields) -> dict:
    values = {"order_reference": f"R-{next(_numbers)}", "category": "phone", "brand": "",
              "fault_summary": "Cracked screen", "postal_code": "75011"}
    values.update(fields)
    return values


def customer(**fields) -> dict[str, str]:
    values = {"customer_name": "Jeanne Martin", "customer_phone": "0612345678",
              "customer_email": "jeanne@example.com", "customer_address": "3 rue Oberkampf"}
    values.update(fields)
    return values


def make_job(tenant: Tenant, *, status: str = JobStatus.NEW, repairer: Repairer | None = None,
             **fields) -> Job:
    """A job row as it stands, without routing (for routing and transition tests). A job held
    by ``repairer`` counts against its capacity, as if it had been accepted."""
    values = {**job_fields(), **customer(), **fields}
    accepted_at = NOW if repairer is not None else None
    job = Job.objects.create(tenant=tenant, status=status, repairer=repairer,
                             accepted_at=accepted_at, status_changed_at=NOW, **values)
    if repairer is not None and status in HELD_STATUSES:
        Repairer.objects.filter(pk=repairer.pk).update(active_jobs=F("active_jobs") + 1)
    return job


def submit_job(tenant: Tenant, *, now: datetime = NOW, with_customer: bool = True,
               **fields) -> Job:
    """A job entered through the one action that creates jobs (routed at once)."""
    return create_job(tenant, **job_fields(**fields),
                      customer=customer() if with_customer else None, now=now)


def make_offer(job: Job, repairer: Repairer, *, status: str = OfferStatus.OFFERED,
               expires_at: datetime | None = None) -> JobOffer:
    return JobOffer.objects.create(job=job, repairer=repairer, status=status, offered_at=NOW,
                                   expires_at=expires_at or NOW.replace(hour=11))


def live_offers(job: Job) -> list[JobOffer]:
    return list(job.offers.filter(status=OfferStatus.OFFERED).order_by("pk"))


def set_weights(**weights) -> DispatchSettings:
    settings = DispatchSettings.current()
    for name, value in weights.items():
        setattr(settings, name, value)
    settings.save()
    return settings


@pytest.fixture
def dispatch_settings(db) -> DispatchSettings:
    return DispatchSettings.current()
