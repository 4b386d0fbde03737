"""Who may get a job, and in which order (N2, N3).

Candidates are the active repairers that have the skill (the category, for the job's brand or
for every brand), cover the job's place (a postal-code prefix zone, or a radius zone around a
point that contains the postal code's location), serve the tenant (all tenants, or the tenant is
on their list), work on site when the job is on site (in a workshop otherwise), are open at that
moment (an opening span of the local weekday contains the local time), are not absent that day,
are under capacity (jobs held < capacity), and were not offered this job before.

Each candidate gets a score between 0 and 1, the weighted mean of five parts, each from 0 (worst)
to 1 (best), with the operator's weights (DispatchSettings):
- proximity: 1 - distance / 100 km when both places are known; otherwise the share of the postal
  code matched by the longest prefix zone (75011 in zone 750: 0.6);
- load: 1 - jobs held / capacity;
- acceptance: offers accepted / offers received;
- turnaround: 1 - average hours from acceptance to shipping back / 240;
- quality: 1 - share of completed repairs that came back under warranty.
A part with no history yet counts 0.5. Ties go to the repairer registered first.
"""

import math
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Model
from django.db.models.query import RawQuerySet

from shared_apps.repairers.models import (
    Absence,
    OpeningHours,
    PostalCodeLocation,
    Repairer,
    ServiceZone,
    Skill,
    normalise_code,
)

from .models import DispatchSettings, Job, JobOffer

EARTH_RADIUS_KM = 6371.0
PROXIMITY_SCALE_KM = 100.0
TURNAROUND_SCALE_HOURS = 240.0
NEUTRAL = 0.5


@dataclass(frozen=True)
class Candidate:
    repairer_id: int
    score: float
    distance_km: float | None


def postal_prefixes(postal_code: str) -> list[str]:
    code = postal_code.strip().upper()
    return [code[:length] for length in range(1, len(code) + 1)]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    delta_phi, delta_lambda = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    a = (math.sin(delta_phi / 2) ** 2
         + math.cos(phi1) * math.cos(phi2) * math.sin(delta_lambda / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


# The candidate query is plain SQL: built by the ORM it cost more to compose than to run (about
# 10 ms a decision with 10,000 repairers, see bench/README.md). Every rule of the docstring is
# one line of its WHERE clause; zones come first so that PostgreSQL starts from the few repairers
# covering the place. Only the table names are formatted in; every value is a parameter.
_CANDIDATES_SQL = """
SELECT r.id, r.latitude, r.longitude, r.active_jobs, r.capacity, r.offers_received,
       r.offers_accepted, r.jobs_completed, r.turnaround_hours_total, r.warranty_returns,
       (SELECT max(length(p.postal_prefix)) FROM {zone} p
         WHERE p.repairer_id = r.id AND p.kind = %(prefix_kind)s
           AND p.postal_prefix = ANY(%(prefixes)s::text[])) AS prefix_length
  FROM {repairer} r
 WHERE r.id IN (SELECT z.repairer_id FROM {zone} z
                 WHERE z.kind = %(prefix_kind)s AND z.postal_prefix = ANY(%(prefixes)s::text[])
                {radius})
   AND EXISTS (SELECT 1 FROM {skill} s WHERE s.repairer_id = r.id
                AND s.category = %(category)s AND s.brand = ANY(%(brands)s::text[]))
   AND (r.serves_all_tenants OR EXISTS (SELECT 1 FROM {allowed} a
                                         WHERE a.repairer_id = r.id AND a.tenant_id = %(tenant)s))
   AND r.{place}
   AND EXISTS (SELECT 1 FROM {hours} h WHERE h.repairer_id = r.id AND h.weekday = %(weekday)s
                AND h.opens_at <= %(time)s AND h.closes_at > %(time)s)
   AND NOT EXISTS (SELECT 1 FROM {absence} b WHERE b.repairer_id = r.id
                    AND b.starts_on <= %(day)s AND b.ends_on >= %(day)s)
   AND r.is_active AND r.active_jobs < r.capacity
   AND NOT EXISTS (SELECT 1 FROM {offer} o WHERE o.job_id = %(job)s AND o.repairer_id = r.id)
"""
# A radius zone contains the place when the great-circle distance (spherical law of cosines,
# the cosine clamped to [-1, 1] against rounding) is at most its radius.
_RADIUS_SQL = """
                UNION ALL
                SELECT z.repairer_id FROM {zone} z
                 WHERE z.kind = %(radius_kind)s
                   AND acos(least(greatest(
                         cos(radians(%(latitude)s::float)) * cos(radians(z.latitude::float))
                         * cos(radians(z.longitude::float) - radians(%(longitude)s::float))
                         + sin(radians(%(latitude)s::float)) * sin(radians(z.latitude::float)),
                         -1.0), 1.0)) * %(earth_radius)s::float <= z.radius_km::float"""


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@lru_cache(maxsize=4)
def _candidates_sql(with_radius: bool, on_site: bool) -> str:
    zone = _table(ServiceZone)
    return _CANDIDATES_SQL.format(
        zone=zone, repairer=_table(Repairer), skill=_table(Skill),
        allowed=_table(Repairer.allowed_tenants.through), hours=_table(OpeningHours),
        absence=_table(Absence), offer=_table(JobOffer),
        place="does_on_site" if on_site else "does_workshop",
        radius=_RADIUS_SQL.format(zone=zone) if with_radius else "",
    )


def eligible_repairers(job: Job, now: datetime) -> tuple[RawQuerySet, PostalCodeLocation | None]:
    """The candidates, before scoring, and the job's place when it is known.

    Each candidate carries ``prefix_length``: the length of its longest prefix zone matching
    the job's postal code (None without one)."""
    local = now.astimezone(ZoneInfo(settings.TIME_ZONE))
    brand = normalise_code(job.brand)
    location = PostalCodeLocation.objects.filter(postal_code=job.postal_code.strip()).first()
    params: dict[str, object] = {
        "prefix_kind": ServiceZone.Kind.POSTAL_PREFIX.value,
        "prefixes": postal_prefixes(job.postal_code),
        "category": normalise_code(job.category), "brands": [brand, ""] if brand else [""],
        "tenant": job.tenant_id, "weekday": local.weekday(), "time": local.time(),
        "day": local.date(), "job": job.pk,
    }
    if location is not None:
        params.update({"radius_kind": ServiceZone.Kind.RADIUS.value,
                       "latitude": float(location.latitude),
                       "longitude": float(location.longitude), "earth_radius": EARTH_RADIUS_KM})
    sql = _candidates_sql(location is not None, bool(job.is_on_site))
    return Repairer.objects.raw(sql, params), location


def rank_candidates(job: Job, now: datetime, *, weights: DispatchSettings | None = None
                    ) -> list[Candidate]:
    """Every candidate for ``job`` at ``now``, best first."""
    weights = weights or DispatchSettings.current()
    queryset, location = eligible_repairers(job, now)
    rows = list(queryset)
    if not rows:
        return []
    code_length = max(len(job.postal_code.strip()), 1)
    parts_weights = [float(weights.weight_proximity), float(weights.weight_load),
                     float(weights.weight_acceptance), float(weights.weight_turnaround),
                     float(weights.weight_quality)]
    total_weight = sum(parts_weights) or 1.0
    candidates = []
    for row in rows:
        distance = None
        if location is not None and row.latitude is not None and row.longitude is not None:
            distance = haversine_km(float(location.latitude), float(location.longitude),
                                    float(row.latitude), float(row.longitude))
        prefix_share = (row.prefix_length or 0) / code_length
        parts = _score_parts(row, distance, prefix_share)
        score = sum(w * p for w, p in zip(parts_weights, parts, strict=True)) / total_weight
        candidates.append(Candidate(row.pk, round(score, 6), distance))
    candidates.sort(key=lambda candidate: (-candidate.score, candidate.repairer_id))
    return candidates


def _score_parts(row: Repairer, distance: float | None, prefix_share: float) -> list[float]:
    if distance is not None:
        proximity = 1 - min(distance / PROXIMITY_SCALE_KM, 1.0)
    else:
        proximity = prefix_share
    load = 1 - row.active_jobs / row.capacity if row.capacity else 0.0
    acceptance = (row.offers_accepted / row.offers_received
                  if row.offers_received else NEUTRAL)
    if row.jobs_completed:
        average_hours = float(row.turnaround_hours_total) / row.jobs_completed
        turnaround = 1 - min(average_hours / TURNAROUND_SCALE_HOURS, 1.0)
        quality = 1 - min(row.warranty_returns / row.jobs_completed, 1.0)
    else:
        turnaround = quality = NEUTRAL
    return [proximity, load, acceptance, turnaround, quality]
