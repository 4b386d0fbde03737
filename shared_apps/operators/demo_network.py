"""The repairer network of the demo: postal codes, three repairers with a login each, and one
job that tells the whole story (offered, declined, offered to the next, accepted, received).

Idempotent: repairers are found by e-mail, the job by its order reference.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.dispatch import actions as dispatch
from shared_apps.dispatch.models import DeclineReason, Job, JobOffer
from shared_apps.dispatch.state import JobStatus, OfferStatus
from shared_apps.repairers import actions as network
from shared_apps.repairers.models import Repairer, RepairerMember
from tenant_apps.accounts.models import Role, User
from tenants.models import Tenant

SAMPLE_POSTAL_CODES = Path(network.__file__).parent / "data" / "postal_codes_sample.csv"
DEMO_JOB_REFERENCE = "DEMO-NET-0001"
DEMO_JOB_TENANT = "retail"
ALL_WEEK_ALL_DAY = [(weekday, time(0, 0), time.max) for weekday in range(7)]


@dataclass(frozen=True)
class DemoRepairer:
    profile: dict[str, object]
    login: str
    skills: list[tuple[str, str]]
    prefixes: list[str]
    radius: tuple[str, str, int] | None = field(default=None)  # centre and kilometres


DEMO_REPAIRERS = [
    DemoRepairer(
        profile={"name": "Atelier Lumière", "email": "contact@atelier-lumiere.localhost",
                 "address_line": "8 rue de la Roquette", "postal_code": "75011", "city": "Paris",
                 "latitude": "48.85910", "longitude": "2.37930", "capacity": 8},
        login="atelier@repairers.localhost", skills=[("phone", "")], prefixes=["75"]),
    DemoRepairer(
        profile={"name": "ReparExpress", "email": "contact@reparexpress.localhost",
                 "address_line": "41 rue du Commerce", "postal_code": "75015", "city": "Paris",
                 "latitude": "48.84010", "longitude": "2.29340", "capacity": 5},
        login="reparexpress@repairers.localhost", skills=[("phone", "")], prefixes=["75"]),
    DemoRepairer(
        profile={"name": "Electro Services 33", "email": "contact@electro33.localhost",
                 "address_line": "17 cours de la Marne", "postal_code": "33800",
                 "city": "Bordeaux", "latitude": "44.82140", "longitude": "-0.56800",
                 "capacity": 4, "does_workshop": False, "does_on_site": True},
        login="electro33@repairers.localhost", skills=[("washing-machine", "")],
        prefixes=["33"],
        radius=("44.84090", "-0.57930", 40)),
]


def import_sample_postal_codes() -> int:
    with SAMPLE_POSTAL_CODES.open(encoding="utf-8", newline="") as handle:
        return network.import_postal_codes(handle)


def _ensure_repairer(spec: DemoRepairer, password: str) -> Repairer:
    repairer = Repairer.objects.filter(email=spec.profile["email"]).first()
    if repairer is None:
        with transaction.atomic():
            repairer = network.create_repairer(**spec.profile)
            network.set_skills(repairer, spec.skills)
            for prefix in spec.prefixes:
                network.add_zone(repairer, kind="postal_prefix", postal_prefix=prefix)
            if spec.radius:
                latitude, longitude, radius_km = spec.radius
                network.add_zone(repairer, kind="radius", latitude=latitude,
                                 longitude=longitude, radius_km=radius_km)
            # Open around the clock so the demo works whenever it is run.
            network.set_opening_hours(repairer, ALL_WEEK_ALL_DAY)
    with schema_context("public"):
        if not User.objects.filter(email=spec.login).exists():
            user = User.objects.create_user(spec.login, password, role=Role.REPAIRER,
                                            full_name=spec.profile["name"])
            RepairerMember.objects.create(repairer=repairer, user=user)
    return repairer


def seed_repairers(password: str) -> list[Repairer]:
    import_sample_postal_codes()
    return [_ensure_repairer(spec, password) for spec in DEMO_REPAIRERS]


def _live_offers(job: Job) -> list[JobOffer]:
    return list(job.offers.filter(status=OfferStatus.OFFERED).select_related("repairer")
                .order_by("-score", "pk"))


def _member_email(repairer: Repairer) -> str:
    member = repairer.members.select_related("user").first()
    return member.user.email if member else ""


def seed_demo_job(now: datetime | None = None) -> Job | None:
    """Create the demo job unless it exists, and play its story. None when it already exists."""
    tenant = Tenant.objects.get(slug=DEMO_JOB_TENANT)
    if Job.objects.filter(tenant=tenant, order_reference=DEMO_JOB_REFERENCE).exists():
        return None
    start = (now or timezone.now()) - timedelta(minutes=45)
    job = dispatch.create_job(
        tenant, order_reference=DEMO_JOB_REFERENCE, category="phone", brand="apple",
        model="iPhone 13", fault_summary="Cracked screen, touch no longer responds.",
        postal_code="75011", now=start,
        customer={"customer_name": "Alice Martin", "customer_email": "alice@example.com",
                  "customer_phone": "+33 6 12 34 56 78"})
    first = _live_offers(job)
    if not first:
        return job  # no repairer could take it: the operator's queue shows it
    declined = first[0]
    dispatch.decline_offer(declined.pk, declined.repairer, reason=DeclineReason.NO_PARTS,
                           note="No iPhone 13 screen in stock this week.",
                           actor_email=_member_email(declined.repairer),
                           now=start + timedelta(minutes=6))
    following = [offer for offer in _live_offers(job) if offer.repairer_id != declined.repairer_id]
    if not following:
        return job
    taker = following[0].repairer
    job = dispatch.accept_offer(following[0].pk, taker, actor_email=_member_email(taker),
                                now=start + timedelta(minutes=14))
    return dispatch.report_progress(job, taker, JobStatus.RECEIVED,
                                    actor_email=_member_email(taker),
                                    now=start + timedelta(minutes=40))
