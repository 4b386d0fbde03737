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
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Exists, F, FloatField, OuterRef, Q
from django.db.models.functions import ACos, Cast, Cos, Greatest, Least, Radians, Sin

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


def _distance_expression(latitude: float, longitude: float, lat_field: str, lon_field: str):  # type: ignore[no-untyped-def]
    # Zone points are decimals; the trigonometry runs in floating point.
    zone_latitude = Radians(Cast(lat_field, FloatField()))
    zone_longitude = Radians(Cast(lon_field, FloatField()))
    cosine = (
        Cos(Radians(latitude)) * Cos(zone_latitude) * Cos(zone_longitude - Radians(longitude))
        + Sin(Radians(latitude)) * Sin(zone_latitude)
    )
    # Rounding can push the cosine a hair outside [-1, 1], where ACOS fails.
    return ACos(Least(Greatest(cosine, -1.0), 1.0)) * EARTH_RADIUS_KM


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    delta_phi, delta_lambda = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    a = (math.sin(delta_phi / 2) ** 2
         + math.cos(phi1) * math.cos(phi2) * math.sin(delta_lambda / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def eligible_repairers(job: Job, now: datetime):  # type: ignore[no-untyped-def]
    """The candidates' queryset, before scoring."""
    local = now.astimezone(ZoneInfo(settings.TIME_ZONE))
    category, brand = normalise_code(job.category), normalise_code(job.brand)
    skilled = Skill.objects.filter(repairer=OuterRef("pk"), category=category,
                                   brand__in=[brand, ""] if brand else [""])
    zone = Q(kind=ServiceZone.Kind.POSTAL_PREFIX,
             postal_prefix__in=postal_prefixes(job.postal_code))
    location = PostalCodeLocation.objects.filter(postal_code=job.postal_code.strip()).first()
    in_zone: Q | Exists
    if location is not None:
        zone_radius = ServiceZone.objects.filter(kind=ServiceZone.Kind.RADIUS).annotate(
            distance=_distance_expression(float(location.latitude), float(location.longitude),
                                          "latitude", "longitude")
        ).filter(repairer=OuterRef("pk"), distance__lte=Cast("radius_km", FloatField()))
        in_zone = Exists(ServiceZone.objects.filter(zone, repairer=OuterRef("pk"))) | Exists(
            zone_radius)
    else:
        in_zone = Exists(ServiceZone.objects.filter(zone, repairer=OuterRef("pk")))
    open_now = OpeningHours.objects.filter(repairer=OuterRef("pk"), weekday=local.weekday(),
                                           opens_at__lte=local.time(), closes_at__gt=local.time())
    absent = Absence.objects.filter(repairer=OuterRef("pk"), starts_on__lte=local.date(),
                                    ends_on__gte=local.date())
    allowed = Repairer.allowed_tenants.through.objects.filter(repairer=OuterRef("pk"),
                                                              tenant_id=job.tenant_id)
    offered_before = JobOffer.objects.filter(job=job, repairer=OuterRef("pk"))
    queryset = Repairer.objects.filter(
        Q(serves_all_tenants=True) | Exists(allowed),
        Exists(skilled), in_zone, Exists(open_now), ~Exists(absent), ~Exists(offered_before),
        is_active=True, active_jobs__lt=F("capacity"),
    )
    if job.is_on_site:
        queryset = queryset.filter(does_on_site=True)
    else:
        queryset = queryset.filter(does_workshop=True)
    return queryset, location


def rank_candidates(job: Job, now: datetime, *, weights: DispatchSettings | None = None
                    ) -> list[Candidate]:
    """Every candidate for ``job`` at ``now``, best first."""
    weights = weights or DispatchSettings.current()
    queryset, location = eligible_repairers(job, now)
    rows = list(queryset.values(
        "pk", "latitude", "longitude", "active_jobs", "capacity", "offers_received",
        "offers_accepted", "jobs_completed", "turnaround_hours_total", "warranty_returns",
    ))
    if not rows:
        return []
    prefix_share = _prefix_shares(job, [row["pk"] for row in rows])
    parts_weights = [float(weights.weight_proximity), float(weights.weight_load),
                     float(weights.weight_acceptance), float(weights.weight_turnaround),
                     float(weights.weight_quality)]
    total_weight = sum(parts_weights) or 1.0
    candidates = []
    for row in rows:
        distance = None
        if location is not None and row["latitude"] is not None and row["longitude"] is not None:
            distance = haversine_km(float(location.latitude), float(location.longitude),
                                    float(row["latitude"]), float(row["longitude"]))
        parts = _score_parts(row, distance, prefix_share.get(row["pk"], 0.0))
        score = sum(w * p for w, p in zip(parts_weights, parts, strict=True)) / total_weight
        candidates.append(Candidate(row["pk"], round(score, 6), distance))
    candidates.sort(key=lambda candidate: (-candidate.score, candidate.repairer_id))
    return candidates


def _prefix_shares(job: Job, repairer_ids: list[int]) -> dict[int, float]:
    code = job.postal_code.strip().upper()
    shares: dict[int, float] = {}
    zones = ServiceZone.objects.filter(repairer_id__in=repairer_ids,
                                       kind=ServiceZone.Kind.POSTAL_PREFIX,
                                       postal_prefix__in=postal_prefixes(code))
    for repairer_id, prefix in zones.values_list("repairer_id", "postal_prefix"):
        shares[repairer_id] = max(shares.get(repairer_id, 0.0), len(prefix) / max(len(code), 1))
    return shares


def _score_parts(row: dict, distance: float | None, prefix_share: float) -> list[float]:  # type: ignore[type-arg]
    if distance is not None:
        proximity = 1 - min(distance / PROXIMITY_SCALE_KM, 1.0)
    else:
        proximity = prefix_share
    load = 1 - row["active_jobs"] / row["capacity"] if row["capacity"] else 0.0
    acceptance = (row["offers_accepted"] / row["offers_received"]
                  if row["offers_received"] else NEUTRAL)
    if row["jobs_completed"]:
        average_hours = float(row["turnaround_hours_total"]) / row["jobs_completed"]
        turnaround = 1 - min(average_hours / TURNAROUND_SCALE_HOURS, 1.0)
        quality = 1 - min(row["warranty_returns"] / row["jobs_completed"], 1.0)
    else:
        turnaround = quality = NEUTRAL
    return [proximity, load, acceptance, turnaround, quality]
