"""Dispatch costs against a network of 10,000 repairers: the routing decision, a race of
concurrent accepts on one offer, and how fast declines cascade into new offers.

The network is built with bulk_create (no action creates repairers in bulk) with a fixed seed, so
two runs measure the same network. Every moment is the fixed NOW: opening hours and absences are
laid out around it.
"""

import random
import statistics
import threading
import time
from collections import Counter
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext

from shared_apps.dispatch.actions import accept_offer, create_job, decline_offer
from shared_apps.dispatch.errors import OfferUnavailable
from shared_apps.dispatch.models import DeclineReason, DispatchSettings, Job, JobOffer
from shared_apps.dispatch.routing import eligible_repairers, rank_candidates
from shared_apps.dispatch.state import OfferStatus
from shared_apps.repairers.models import (
    Absence,
    OpeningHours,
    PostalCodeLocation,
    Repairer,
    ServiceZone,
    Skill,
)
from tenants.models import Tenant

# A Wednesday morning in Paris.
NOW = datetime(2025, 3, 12, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
REPAIRERS = 10_000
DECISIONS = 300
WARMUP_DECISIONS = 20
CONTENDERS = 200
CASCADE_SECONDS = 10.0
MAX_DECLINES_PER_JOB = 20
TARGET_P99_MS = 20.0
# Connections left free for whoever else uses the server while the race runs.
CONNECTION_RESERVE = 25
BATCH = 2000

CATEGORIES = [
    "phone", "tablet", "laptop", "desktop", "tv", "game-console", "camera", "headphones",
    "smartwatch", "washing-machine", "dishwasher", "fridge", "oven", "microwave", "vacuum",
    "coffee-machine", "dryer", "e-bike", "printer", "speaker",
]
BRANDS = [
    "apple", "samsung", "sony", "lg", "bosch", "whirlpool", "philips", "dell", "hp", "lenovo",
    "xiaomi", "nintendo", "dyson", "delonghi", "miele", "seb",
]
DEPARTMENTS = [f"{number:02d}" for number in range(1, 96)]
MORNING, NOON, AFTERNOON, EVENING = clock(9), clock(12), clock(14), clock(18, 30)


def _centre(department: str) -> tuple[float, float]:
    """A stable point in mainland France standing for the department."""
    rng = random.Random(f"department-{department}")
    return rng.uniform(42.6, 50.8), rng.uniform(-4.2, 7.5)


def _near(rng: random.Random, point: tuple[float, float], spread: float) -> tuple[Decimal, Decimal]:
    return (Decimal(f"{point[0] + rng.uniform(-spread, spread):.5f}"),
            Decimal(f"{point[1] + rng.uniform(-spread, spread):.5f}"))


def _weekly_hours(rng: random.Random) -> list[tuple[int, clock, clock]]:
    pattern = rng.random()
    days = list(range(5)) + ([5] if rng.random() < 0.4 else [])
    if rng.random() < 0.05:
        days.remove(2)  # closed on Wednesdays
    spans: list[tuple[int, clock, clock]] = []
    for day in days:
        if pattern < 0.5:
            spans += [(day, MORNING, NOON), (day, AFTERNOON, EVENING)]
        elif pattern < 0.9:
            spans.append((day, clock(8), clock(19)))
        else:
            spans.append((day, clock(13), clock(20)))  # afternoons only: closed at NOW
    return spans


def seed_network(tenant: Tenant, count: int = REPAIRERS, seed: int = 11) -> dict[str, int]:
    """``count`` repairers with skills, zones, hours, absences and allow-lists; returns counts."""
    rng = random.Random(seed)
    tenants = list(Tenant.objects.customer_facing().exclude(pk=tenant.pk).values_list(
        "pk", flat=True))
    repairers = []
    for number in range(count):
        capacity = rng.choice([1, 2, 3, 5, 5, 8, 10, 15, 20])
        received = rng.choice([0, 0, rng.randint(1, 40), rng.randint(40, 600)])
        accepted = rng.randint(0, received)
        completed = rng.randint(0, accepted)
        home = rng.choice(DEPARTMENTS)
        latitude, longitude = _near(rng, _centre(home), 0.4)
        on_site = rng.random() < 0.35
        repairers.append(Repairer(
            name=f"Bench Repair {number:05d}", email=f"repairer{number}@bench.test",
            postal_code=f"{home}{rng.randint(0, 999):03d}", city=f"Town {home}",
            latitude=latitude if rng.random() < 0.9 else None,
            longitude=longitude, does_on_site=on_site,
            does_workshop=not on_site or rng.random() < 0.6, capacity=capacity,
            active_jobs=capacity if rng.random() < 0.15 else rng.randint(0, capacity - 1),
            serves_all_tenants=rng.random() >= 0.1, is_active=rng.random() >= 0.03,
            offers_received=received, offers_accepted=accepted, jobs_completed=completed,
            turnaround_hours_total=Decimal(completed * rng.randint(12, 300)),
            warranty_returns=rng.randint(0, completed // 8) if completed else 0,
        ))
    repairers = Repairer.objects.bulk_create(repairers, batch_size=BATCH)
    skills, zones, hours, absences, allowed = [], [], [], [], []
    through = Repairer.allowed_tenants.through
    for repairer in repairers:
        for category in rng.sample(CATEGORIES, rng.choice([1, 1, 2, 2, 3, 4])):
            brands = [""] if rng.random() < 0.6 else rng.sample(BRANDS, rng.randint(1, 3))
            skills += [Skill(repairer=repairer, category=category, brand=b) for b in brands]
        home = repairer.postal_code[:2]
        prefixes = {home if rng.random() < 0.8 else repairer.postal_code[:3]}
        prefixes.update(rng.sample(DEPARTMENTS, rng.choice([0, 0, 1, 2])))
        zones += [ServiceZone(repairer=repairer, kind=ServiceZone.Kind.POSTAL_PREFIX,
                              postal_prefix=prefix) for prefix in sorted(prefixes)]
        if rng.random() < 0.1:
            zone_lat, zone_lon = _near(rng, _centre(home), 0.3)
            zones.append(ServiceZone(repairer=repairer, kind=ServiceZone.Kind.RADIUS,
                                     latitude=zone_lat, longitude=zone_lon,
                                     radius_km=rng.choice([20, 30, 50, 80])))
        hours += [OpeningHours(repairer=repairer, weekday=day, opens_at=opens, closes_at=closes)
                  for day, opens, closes in _weekly_hours(rng)]
        draw = rng.random()
        if draw < 0.05:  # away today
            start = NOW.date() - timedelta(days=rng.randint(0, 5))
            absences.append(Absence(repairer=repairer, starts_on=start,
                                    ends_on=start + timedelta(days=rng.randint(6, 14))))
        elif draw < 0.2:  # away some other time
            start = date(2025, rng.randint(4, 12), rng.randint(1, 20))
            absences.append(Absence(repairer=repairer, starts_on=start,
                                    ends_on=start + timedelta(days=rng.randint(1, 21))))
        if not repairer.serves_all_tenants:
            chosen = set(rng.sample(tenants, min(len(tenants), rng.randint(1, 3))))
            if rng.random() < 0.5:
                chosen.add(tenant.pk)
            allowed += [through(repairer_id=repairer.pk, tenant_id=pk) for pk in chosen]
    Skill.objects.bulk_create(skills, batch_size=BATCH)
    ServiceZone.objects.bulk_create(zones, batch_size=BATCH)
    OpeningHours.objects.bulk_create(hours, batch_size=BATCH)
    Absence.objects.bulk_create(absences, batch_size=BATCH)
    through.objects.bulk_create(allowed, batch_size=BATCH)
    with connection.cursor() as cursor:  # as autovacuum would have done by then
        for model in (Repairer, Skill, ServiceZone, OpeningHours, Absence, through,
                      PostalCodeLocation):
            cursor.execute(f'VACUUM ANALYZE "{model._meta.db_table}"')
    return {"repairers": len(repairers), "skills": len(skills), "zones": len(zones),
            "opening_spans": len(hours), "absences": len(absences), "allow_rows": len(allowed)}


def job_specs(count: int, seed: int = 12) -> list[dict[str, object]]:
    """Varied jobs; four in five postal codes have a known location (for radius zones)."""
    rng = random.Random(seed)
    codes = {f"{d}{rng.randint(0, 999):03d}" for d in DEPARTMENTS for _ in range(2)}
    located = sorted(code for code in codes if rng.random() < 0.8)
    PostalCodeLocation.objects.bulk_create(
        [PostalCodeLocation(postal_code=code, city=f"Town {code}",
                            latitude=_near(rng, _centre(code[:2]), 0.3)[0],
                            longitude=_near(rng, _centre(code[:2]), 0.3)[1]) for code in located],
        ignore_conflicts=True)
    codes_list = sorted(codes)
    return [{"category": rng.choice(CATEGORIES),
             "brand": rng.choice(BRANDS) if rng.random() < 0.7 else "",
             "postal_code": rng.choice(codes_list), "is_on_site": rng.random() < 0.3}
            for _ in range(count)]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def measure_decisions(tenant: Tenant) -> tuple[dict[str, object], Job, Job]:
    """p50/p99 of rank_candidates over varied jobs; also the slowest job and the job with the
    most candidates."""
    specs = job_specs(WARMUP_DECISIONS + DECISIONS)
    jobs = Job.objects.bulk_create([
        Job(tenant=tenant, order_reference=f"DECIDE-{index}", fault_summary="Does not start",
            status_changed_at=NOW, **spec) for index, spec in enumerate(specs)])
    for job in jobs[:WARMUP_DECISIONS]:
        rank_candidates(job, NOW)
    samples, found = [], []
    for job in jobs[WARMUP_DECISIONS:]:
        started = time.perf_counter()
        candidates = rank_candidates(job, NOW)
        samples.append(time.perf_counter() - started)
        found.append(len(candidates))
    with CaptureQueriesContext(connection) as queries:
        rank_candidates(jobs[-1], NOW)
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    measured = jobs[WARMUP_DECISIONS:]
    slowest = measured[samples.index(max(samples))]
    busiest = measured[found.index(max(found))]
    return {
        "route_ms_p50_10k": _ms(statistics.median(samples)),
        "route_ms_p99_10k": _ms(cuts[98]),
        "route_ms_max_10k": _ms(max(samples)),
        "route_decisions": len(samples),
        "route_queries": len(queries.captured_queries),
        "candidates_median": statistics.median(found),
        "candidates_max": max(found),
        "jobs_without_candidate": sum(1 for value in found if not value),
        "slowest_job": _describe(slowest),
        "busiest_job": _describe(busiest),
    }, slowest, busiest


def _describe(job: Job) -> str:
    site = "on site" if job.is_on_site else "workshop"
    return f"{job.category}/{job.brand or '*'} {job.postal_code} {site}"


def explain_candidates(job: Job) -> str:
    """EXPLAIN ANALYZE of the candidate query, for when the decision is slow."""
    candidates, _ = eligible_repairers(job, NOW)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {candidates.raw_query}", candidates.params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _connection_budget() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('max_connections')::int, "
                       "current_setting('superuser_reserved_connections')::int, "
                       "(SELECT count(*) FROM pg_stat_activity)")
        limit, reserved, used = cursor.fetchone()
    return max(10, min(CONTENDERS, limit - reserved - used - CONNECTION_RESERVE))


def _offered_job(tenant: Tenant, like: Job, reference: str, broadcast: int
                 ) -> tuple[Job, list[JobOffer]]:
    """A committed job like ``like``, on offer to up to ``broadcast`` repairers at once."""
    settings = DispatchSettings.current()
    previous, settings.broadcast_size = settings.broadcast_size, broadcast
    settings.save(update_fields=["broadcast_size"])
    try:
        job = create_job(tenant, order_reference=reference, category=like.category,
                         brand=like.brand, postal_code=like.postal_code,
                         is_on_site=like.is_on_site, fault_summary="Broken screen",
                         customer={"customer_email": "race@bench.test"}, now=NOW)
    finally:
        settings.broadcast_size = previous
        settings.save(update_fields=["broadcast_size"])
    offers = list(job.offers.filter(status=OfferStatus.OFFERED).select_related("repairer"))
    return job, offers


def accept_race(job: Job, offers: list[JobOffer], contenders: int = CONTENDERS
                ) -> dict[str, object]:
    """``contenders`` threads accept the job's offers (round robin) at one barrier; each thread
    has its own connection. The server's connection limit caps how many are open at once: the
    first ``slots`` threads connect before the barrier, the others as soon as a slot frees."""
    slots = _connection_budget()
    gate, barrier = threading.BoundedSemaphore(slots), threading.Barrier(contenders)
    outcomes: Counter[str] = Counter()
    errors: list[str] = []
    record = threading.Lock()

    def contend(index: int) -> None:
        offer = offers[index % len(offers)]
        held = False
        try:
            if index < slots:
                gate.acquire()
                held = True
                connection.ensure_connection()
            barrier.wait(timeout=120)
            if not held:
                gate.acquire()
                held = True
            accept_offer(offer.pk, offer.repairer, actor_email="race@bench.test", now=NOW)
            outcome = "won"
        except OfferUnavailable:
            outcome = "unavailable"
        except Exception as error:  # noqa: BLE001 - every other failure is counted and shown
            outcome = "error"
            with record:
                errors.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()
            if held:
                gate.release()
        with record:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=contend, args=(index,)) for index in range(contenders)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    seconds = time.perf_counter() - started
    job.refresh_from_db()
    accepted = job.offers.filter(status=OfferStatus.ACCEPTED).count()
    return {
        "winners": outcomes["won"], "unavailable": outcomes["unavailable"],
        "errors": outcomes["error"], "error_samples": sorted(set(errors))[:3],
        "contenders": contenders, "offers": len(offers), "connections_at_once": slots,
        "accepted_offers_in_db": accepted, "job_status": job.status,
        "accepted_events": job.events.filter(kind="accepted").count(),
        "seconds": round(seconds, 2),
    }


def measure_cascade(tenant: Tenant, seconds: float = CASCADE_SECONDS) -> dict[str, object]:
    """create_job, then decline each live offer in turn (route_job makes the next one), for a
    fixed wall-clock time; offers made per second."""
    specs = job_specs(400, seed=13)
    reasons = DeclineReason.values
    jobs: list[Job] = []
    declines = unassigned = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        spec = specs[len(jobs) % len(specs)]
        job = create_job(tenant, order_reference=f"CASCADE-{len(jobs)}",
                         fault_summary="Makes a noise", now=NOW, **spec)  # type: ignore[arg-type]
        jobs.append(job)
        for _ in range(MAX_DECLINES_PER_JOB):
            offer = (JobOffer.objects.filter(job=job, status=OfferStatus.OFFERED)
                     .select_related("repairer").first())
            if offer is None:
                unassigned += 1
                break
            decline_offer(offer.pk, offer.repairer, reason=reasons[declines % len(reasons)],
                          now=NOW)
            declines += 1
            if time.perf_counter() - started >= seconds:
                break
    elapsed = time.perf_counter() - started
    offers = JobOffer.objects.filter(job__in=jobs).count()
    return {"offers_per_s": round(offers / elapsed, 1), "cascade_offers": offers,
            "cascade_declines": declines, "cascade_jobs": len(jobs),
            "cascade_jobs_unassigned": unassigned, "cascade_seconds": round(elapsed, 1)}


def measure_dispatch(tenant: Tenant) -> dict[str, object]:
    started = time.perf_counter()
    network = seed_network(tenant)
    print(f"dispatch: network of {network['repairers']} repairers in "
          f"{time.perf_counter() - started:.1f}s", flush=True)
    results: dict[str, object] = {"network": network}
    decisions, slowest, busiest = measure_decisions(tenant)
    results.update(decisions)
    if decisions["route_ms_p99_10k"] > TARGET_P99_MS:  # type: ignore[operator]
        results["slow_plan"] = explain_candidates(slowest).splitlines()
    print(f"dispatch: routing p99 {results['route_ms_p99_10k']} ms", flush=True)
    job, offers = _offered_job(tenant, busiest, "RACE-1", broadcast=1)
    single = accept_race(job, offers)
    results.update({"concurrent_accept_winners": single["winners"],
                    "concurrent_accept_unavailable": single["unavailable"],
                    "concurrent_accept_errors": single["errors"], "concurrent_accept": single})
    job, offers = _offered_job(tenant, busiest, "RACE-BROADCAST", broadcast=20)
    results["broadcast_accept"] = accept_race(job, offers)
    print(f"dispatch: races done ({single['winners']} winner of {single['contenders']})",
          flush=True)
    results.update(measure_cascade(tenant))
    return results

