"""Who may get a job, and in which order: one table of cases per routing rule."""

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from shared_apps.dispatch.routing import rank_candidates
from shared_apps.dispatch.state import OfferStatus
from tests.dispatch.conftest import (
    NOW,
    PARIS_11,
    add_absence,
    add_hours,
    add_location,
    add_radius_zone,
    make_job,
    make_offer,
    make_repairer,
    set_weights,
)

pytestmark = pytest.mark.django_db

UTC = ZoneInfo("UTC")


def candidate_ids(job, now=NOW) -> list[int]:
    return [candidate.repairer_id for candidate in rank_candidates(job, now)]


@pytest.mark.parametrize(("skills", "category", "brand", "eligible"), [
    ([("phone", "")], "phone", "apple", True),
    ([("phone", "")], "phone", "", True),
    ([("phone", "apple")], "phone", "apple", True),
    ([("phone", "samsung")], "phone", "apple", False),
    ([("phone", "apple")], "phone", "", False),
    ([("laptop", "")], "phone", "apple", False),
    ([("laptop", "apple")], "phone", "apple", False),
    ([("washing-machine", "")], "Washing machine", "", True),
    ([("phone", "apple"), ("laptop", "")], "laptop", "dell", True),
])
def test_skill_by_category_and_brand(tenant_a, skills, category, brand, eligible):
    repairer = make_repairer(skills=skills)
    job = make_job(tenant_a, category=category.lower().replace(" ", "-"), brand=brand)
    assert (repairer.pk in candidate_ids(job)) is eligible


@pytest.mark.parametrize(("prefixes", "radius", "postal_code", "eligible"), [
    (["75"], None, "75011", True),
    (["750"], None, "75011", True),
    (["75011"], None, "75011", True),
    (["750111"], None, "75011", False),
    (["69"], None, "75011", False),
    (["7501"], None, "75020", False),
    # 10 km around the Bastille covers 75011; around Lyon it does not.
    ([], (48.85300, 2.36900, 10), "75011", True),
    ([], (45.76000, 4.84000, 10), "75011", False),
    ([], (45.76000, 4.84000, 500), "75011", True),
    # A postal code with no known location is only matched by prefix zones.
    ([], (48.85300, 2.36900, 500), "99001", False),
    (["99"], None, "99001", True),
])
def test_postal_prefix_and_radius_zones(tenant_a, prefixes, radius, postal_code, eligible):
    add_location("75011", *PARIS_11)
    repairer = make_repairer(prefixes=prefixes)
    if radius:
        add_radius_zone(repairer, *radius)
    job = make_job(tenant_a, postal_code=postal_code)
    assert (repairer.pk in candidate_ids(job)) is eligible


@pytest.mark.parametrize(("capacity", "active_jobs", "eligible"), [
    (1, 0, True), (1, 1, False), (3, 2, True), (3, 3, False), (3, 4, False),
])
def test_capacity(tenant_a, capacity, active_jobs, eligible):
    repairer = make_repairer(capacity=capacity, active_jobs=active_jobs)
    assert (repairer.pk in candidate_ids(make_job(tenant_a))) is eligible


WEDNESDAY, TUESDAY = 2, 1


@pytest.mark.parametrize(("spans", "now", "eligible"), [
    ([(WEDNESDAY, time(9), time(18))], NOW, True),
    ([(WEDNESDAY, time(10), time(18))], NOW, True),  # opens_at is included
    ([(WEDNESDAY, time(8), time(10))], NOW, False),  # closes_at is excluded
    ([(TUESDAY, time(0), time(23, 59))], NOW, False),  # another weekday
    ([(WEDNESDAY, time(8), time(12)), (WEDNESDAY, time(14), time(18))],
     NOW.replace(hour=13), False),
    ([(WEDNESDAY, time(8), time(12)), (WEDNESDAY, time(14), time(18))],
     NOW.replace(hour=14), True),
    # 09:00 UTC is 10:00 in Paris in winter: the span is read in local time.
    ([(WEDNESDAY, time(10), time(11))], datetime(2025, 3, 12, 9, 0, tzinfo=UTC), True),
    ([(WEDNESDAY, time(9), time(10))], datetime(2025, 3, 12, 9, 0, tzinfo=UTC), False),
    # 08:30 UTC is 10:30 in Paris in summer.
    ([(WEDNESDAY, time(10), time(11))], datetime(2025, 7, 9, 8, 30, tzinfo=UTC), True),
    # Tuesday 23:30 UTC is already Wednesday in Paris.
    ([(WEDNESDAY, time(0), time(1))], datetime(2025, 3, 11, 23, 30, tzinfo=UTC), True),
    ([(TUESDAY, time(23), time(23, 59))], datetime(2025, 3, 11, 23, 30, tzinfo=UTC), False),
])
def test_opening_hours_in_local_time(tenant_a, spans, now, eligible):
    repairer = make_repairer(open_all_week=False)
    for weekday, opens_at, closes_at in spans:
        add_hours(repairer, weekday, opens_at, closes_at)
    assert (repairer.pk in candidate_ids(make_job(tenant_a), now)) is eligible


@pytest.mark.parametrize(("starts_on", "ends_on", "now", "eligible"), [
    (date(2025, 3, 12), date(2025, 3, 12), NOW, False),
    (date(2025, 3, 10), date(2025, 3, 12), NOW, False),  # last day included
    (date(2025, 3, 12), date(2025, 3, 14), NOW, False),  # first day included
    (date(2025, 3, 13), date(2025, 3, 20), NOW, True),
    (date(2025, 3, 1), date(2025, 3, 11), NOW, True),
    # Tuesday 23:30 UTC is Wednesday 12 March in Paris.
    (date(2025, 3, 12), date(2025, 3, 12), datetime(2025, 3, 11, 23, 30, tzinfo=UTC), False),
    (date(2025, 3, 11), date(2025, 3, 11), datetime(2025, 3, 11, 23, 30, tzinfo=UTC), True),
])
def test_absences_include_both_ends(tenant_a, starts_on, ends_on, now, eligible):
    repairer = make_repairer()
    add_absence(repairer, starts_on, ends_on)
    assert (repairer.pk in candidate_ids(make_job(tenant_a), now)) is eligible


@pytest.mark.parametrize(("serves_all_tenants", "allowed", "job_tenant", "eligible"), [
    (True, [], "a", True),
    (False, [], "a", False),
    (False, ["b"], "a", False),
    (False, ["a"], "a", True),
    (False, ["a"], "b", False),
    (False, ["a", "b"], "b", True),
])
def test_tenant_allow_lists(tenant_a, tenant_b, serves_all_tenants, allowed, job_tenant,
                            eligible):
    tenants = {"a": tenant_a, "b": tenant_b}
    repairer = make_repairer(serves_all_tenants=serves_all_tenants)
    repairer.allowed_tenants.set([tenants[key] for key in allowed])
    job = make_job(tenants[job_tenant])
    assert (repairer.pk in candidate_ids(job)) is eligible


@pytest.mark.parametrize(("does_workshop", "does_on_site", "is_on_site", "eligible"), [
    (True, False, False, True),
    (True, False, True, False),
    (False, True, True, True),
    (False, True, False, False),
    (True, True, True, True),
    (True, True, False, True),
])
def test_on_site_and_workshop(tenant_a, does_workshop, does_on_site, is_on_site, eligible):
    repairer = make_repairer(does_workshop=does_workshop, does_on_site=does_on_site)
    job = make_job(tenant_a, is_on_site=is_on_site)
    assert (repairer.pk in candidate_ids(job)) is eligible


@pytest.mark.parametrize(("is_active", "eligible"), [(True, True), (False, False)])
def test_inactive_repairers_are_left_out(tenant_a, is_active, eligible):
    repairer = make_repairer(is_active=is_active)
    assert (repairer.pk in candidate_ids(make_job(tenant_a))) is eligible


@pytest.mark.parametrize("previous", [OfferStatus.DECLINED, OfferStatus.EXPIRED,
                                      OfferStatus.WITHDRAWN, OfferStatus.OFFERED])
def test_a_repairer_is_never_offered_the_same_job_twice(tenant_a, previous):
    offered_before, other = make_repairer(), make_repairer()
    job = make_job(tenant_a)
    make_offer(job, offered_before, status=previous)
    assert candidate_ids(job) == [other.pk]


# Each case: what sets the two repairers apart. "worse" is registered first, so a tie would
# go to it: the better one can only win on its score.
SCORE_CASES = {
    "closer": ({"latitude": Decimal("48.00000"), "longitude": Decimal("2.38000")},
               {"latitude": Decimal("48.86000"), "longitude": Decimal("2.37000")}),
    "less loaded": ({"active_jobs": 4, "capacity": 5}, {"active_jobs": 1, "capacity": 5}),
    "higher acceptance": ({"offers_received": 10, "offers_accepted": 1},
                          {"offers_received": 10, "offers_accepted": 9}),
    "faster": ({"jobs_completed": 10, "turnaround_hours_total": Decimal("2000")},
               {"jobs_completed": 10, "turnaround_hours_total": Decimal("240")}),
    "fewer warranty returns": ({"jobs_completed": 10, "turnaround_hours_total": Decimal("500"),
                                "warranty_returns": 5},
                               {"jobs_completed": 10, "turnaround_hours_total": Decimal("500"),
                                "warranty_returns": 0}),
}


@pytest.mark.parametrize("case", SCORE_CASES)
def test_score_order(tenant_a, dispatch_settings, case):
    add_location("75011", *PARIS_11)
    worse_fields, better_fields = SCORE_CASES[case]
    worse = make_repairer("Worse", **worse_fields)
    better = make_repairer("Better", **better_fields)
    assert candidate_ids(make_job(tenant_a)) == [better.pk, worse.pk]


def test_longer_prefix_zone_is_closer_without_locations(tenant_a, dispatch_settings):
    wide = make_repairer(prefixes=["7"])
    narrow = make_repairer(prefixes=["7501"])
    assert candidate_ids(make_job(tenant_a, postal_code="75011")) == [narrow.pk, wide.pk]


@pytest.mark.parametrize(("weights", "winner"), [
    ({}, "near"),
    ({"weight_proximity": Decimal("0"), "weight_load": Decimal("1")}, "idle"),
    ({"weight_proximity": Decimal("1"), "weight_load": Decimal("0")}, "near"),
])
def test_operator_weights_change_the_winner(tenant_a, dispatch_settings, weights, winner):
    add_location("75011", *PARIS_11)
    repairers = {
        "near": make_repairer(latitude=Decimal("48.86000"), longitude=Decimal("2.38000"),
                              active_jobs=4, capacity=5),
        "idle": make_repairer(latitude=Decimal("48.00000"), longitude=Decimal("2.38000"),
                              active_jobs=0, capacity=5),
    }
    set_weights(**weights)
    assert candidate_ids(make_job(tenant_a))[0] == repairers[winner].pk
