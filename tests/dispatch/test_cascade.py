"""Offers cascade to the next candidate on decline and expiry; broadcast; capacity counters."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django_tenants.utils import tenant_context

from shared_apps.dispatch.actions import (
    accept_offer,
    cancel_job,
    decline_offer,
    expire_due_offers,
    report_progress,
)
from shared_apps.dispatch.errors import DispatchError, OfferUnavailable
from shared_apps.dispatch.models import JobEvent, JobOffer
from shared_apps.dispatch.state import JobStatus, OfferStatus
from shared_apps.dispatch.tasks import expire_offers, remind_repairers
from shared_apps.repairers.models import Repairer
from tenant_apps.network.models import JobUpdate
from tests.dispatch.conftest import NOW, live_offers, make_repairer, set_weights, submit_job

pytestmark = pytest.mark.django_db


def ranked_pair():
    """Two candidates where ``best`` is always offered first (it has accepted more offers)."""
    best = make_repairer("Best", offers_received=10, offers_accepted=9)
    next_best = make_repairer("Next", offers_received=10, offers_accepted=2)
    return best, next_best


def test_decline_offers_the_job_to_the_next_candidate(tenant_a):
    best, next_best = ranked_pair()
    job = submit_job(tenant_a)
    [first] = live_offers(job)
    assert first.repairer_id == best.pk

    decline_offer(first.pk, best, reason="no_parts", note="Screen out of stock", now=NOW)

    first.refresh_from_db()
    assert (first.status, first.decline_reason, first.decline_note) == (
        OfferStatus.DECLINED, "no_parts", "Screen out of stock")
    [second] = live_offers(job)
    assert second.repairer_id == next_best.pk
    job.refresh_from_db()
    assert job.status == JobStatus.OFFERED


def test_decline_needs_a_known_reason(tenant_a):
    best, _ = ranked_pair()
    [offer] = live_offers(submit_job(tenant_a))
    with pytest.raises(DispatchError) as raised:
        decline_offer(offer.pk, best, reason="bored", now=NOW)
    assert raised.value.field == "reason"
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OFFERED


def test_expiry_offers_the_job_to_the_next_candidate(tenant_a):
    best, next_best = ranked_pair()
    job = submit_job(tenant_a)
    [first] = live_offers(job)

    assert expire_due_offers(now=first.expires_at - timedelta(seconds=1)) == 0
    assert expire_due_offers(now=first.expires_at + timedelta(minutes=1)) == 1

    first.refresh_from_db()
    assert first.status == OfferStatus.EXPIRED
    [second] = live_offers(job)
    assert second.repairer_id == next_best.pk
    assert JobEvent.objects.filter(job=job, kind="expired", repairer=best).count() == 1


def test_no_candidate_left_sends_the_job_to_the_queue_and_tells_its_tenant(tenant_a, tenant_b):
    only = make_repairer()
    job = submit_job(tenant_a)
    [offer] = live_offers(job)

    decline_offer(offer.pk, only, reason="too_far", now=NOW)

    job.refresh_from_db()
    assert job.status == JobStatus.UNASSIGNED
    assert not live_offers(job)
    with tenant_context(tenant_a):
        assert list(JobUpdate.objects.filter(job_uid=job.uid).values_list("kind", flat=True)) == [
            "unassigned"]
    with tenant_context(tenant_b):
        assert not JobUpdate.objects.filter(job_uid=job.uid).exists()
        assert not JobUpdate.objects.filter(kind="unassigned").exists()


def test_expiring_twice_changes_things_once(tenant_a):
    ranked_pair()
    job = submit_job(tenant_a)
    later = live_offers(job)[0].expires_at + timedelta(minutes=1)

    assert expire_due_offers(now=later) == 1
    after_first = list(JobOffer.objects.filter(job=job).values("pk", "status", "expires_at"))
    events = JobEvent.objects.filter(job=job).count()
    assert expire_due_offers(now=later) == 0

    assert list(JobOffer.objects.filter(job=job).values("pk", "status", "expires_at")) == (
        after_first)
    assert JobEvent.objects.filter(job=job).count() == events


def test_expiry_beat_task_run_twice_cascades_once(tenant_a):
    best, next_best = ranked_pair()
    job = submit_job(tenant_a)
    later = (live_offers(job)[0].expires_at + timedelta(minutes=1)).isoformat()

    assert expire_offers.apply(kwargs={"now": later}).get() == 1
    assert expire_offers.apply(kwargs={"now": later}).get() == 0

    assert [(o.repairer_id, o.status) for o in job.offers.order_by("pk")] == [
        (best.pk, OfferStatus.EXPIRED), (next_best.pk, OfferStatus.OFFERED)]


def test_reminder_beat_task_run_twice_reminds_once(tenant_a, dispatch_settings):
    best, _ = ranked_pair()
    job = submit_job(tenant_a)
    [offer] = live_offers(job)
    soon = offer.expires_at - timedelta(minutes=dispatch_settings.reminder_minutes_before_expiry)
    mail.outbox.clear()

    assert remind_repairers.apply(kwargs={"now": (soon - timedelta(minutes=1)).isoformat()}
                                  ).get() == 0
    assert remind_repairers.apply(kwargs={"now": soon.isoformat()}).get() == 1
    assert remind_repairers.apply(kwargs={"now": soon.isoformat()}).get() == 0

    assert [message.to for message in mail.outbox] == [[best.email]]
    assert "Jeanne" not in mail.outbox[0].body  # no customer data before acceptance
    offer.refresh_from_db()
    assert offer.reminded_at == soon


@pytest.fixture
def broadcast(dispatch_settings):
    set_weights(broadcast_size=3)


def test_broadcast_offers_the_top_three_at_once(tenant_a, broadcast):
    repairers = [make_repairer(offers_received=10, offers_accepted=accepted)
                 for accepted in (1, 9, 5, 7)]
    job = submit_job(tenant_a)
    offered = {offer.repairer_id for offer in live_offers(job)}
    assert offered == {repairers[1].pk, repairers[2].pk, repairers[3].pk}
    assert {o.expires_at for o in live_offers(job)} == {live_offers(job)[0].expires_at}


def test_broadcast_first_accept_wins_and_the_others_are_withdrawn(tenant_a, broadcast):
    for _ in range(3):
        make_repairer()
    job = submit_job(tenant_a)
    winner, *losers = live_offers(job)

    accepted = accept_offer(winner.pk, winner.repairer, now=NOW)

    assert (accepted.status, accepted.repairer_id) == (JobStatus.ACCEPTED, winner.repairer_id)
    for loser in losers:
        loser.refresh_from_db()
        assert loser.status == OfferStatus.WITHDRAWN
        with pytest.raises(OfferUnavailable):
            accept_offer(loser.pk, loser.repairer, now=NOW)
    accepted.refresh_from_db()
    assert accepted.repairer_id == winner.repairer_id
    assert JobEvent.objects.filter(job=job, kind="accepted").count() == 1


def test_a_decline_in_a_broadcast_waits_for_the_others(tenant_a, broadcast):
    for _ in range(4):
        make_repairer()
    job = submit_job(tenant_a)
    first, *others = live_offers(job)
    decline_offer(first.pk, first.repairer, reason="other", now=NOW)
    assert live_offers(job) == others


def test_accept_and_ship_back_move_the_counters(tenant_a):
    repairer = make_repairer(capacity=2, offers_received=3, offers_accepted=1)
    job = submit_job(tenant_a)
    [offer] = live_offers(job)
    repairer.refresh_from_db()
    assert repairer.offers_received == 4

    accept_offer(offer.pk, repairer, now=NOW)
    repairer.refresh_from_db()
    assert (repairer.active_jobs, repairer.offers_accepted) == (1, 2)

    report_progress(job, repairer, JobStatus.RECEIVED, now=NOW + timedelta(hours=10))
    report_progress(job, repairer, JobStatus.DIAGNOSED, quote_amount=Decimal("120.00"),
                    now=NOW + timedelta(hours=20))
    report_progress(job, repairer, JobStatus.SHIPPED_BACK, now=NOW + timedelta(hours=30))

    repairer.refresh_from_db()
    assert repairer.active_jobs == 0
    assert repairer.jobs_completed == 1
    assert repairer.turnaround_hours_total == Decimal("30.00")
    assert repairer.average_turnaround_hours == 30.0


def test_cancelling_a_held_job_frees_the_slot(tenant_a):
    repairer = make_repairer(capacity=1)
    job = submit_job(tenant_a)
    [offer] = live_offers(job)
    accept_offer(offer.pk, repairer, now=NOW)
    assert not live_offers(submit_job(tenant_a))  # full: nobody else to offer to

    cancel_job(job, now=NOW)

    repairer.refresh_from_db()
    assert repairer.active_jobs == 0
    assert live_offers(submit_job(tenant_a))[0].repairer_id == repairer.pk


def test_cancelling_an_offered_job_leaves_the_counters_alone(tenant_a):
    repairer = make_repairer(active_jobs=1)
    job = submit_job(tenant_a)
    cancel_job(job, now=NOW)
    repairer.refresh_from_db()
    assert repairer.active_jobs == 1


def test_counters_never_go_below_zero(tenant_a):
    repairer = make_repairer()
    job = submit_job(tenant_a)
    [offer] = live_offers(job)
    accept_offer(offer.pk, repairer, now=NOW)
    Repairer.objects.filter(pk=repairer.pk).update(active_jobs=0)  # corrected by hand

    cancel_job(job, now=NOW)

    repairer.refresh_from_db()
    assert repairer.active_jobs == 0


def test_a_full_repairer_cannot_accept_another_job(tenant_a):
    repairer = make_repairer(capacity=1)
    first, second = submit_job(tenant_a), submit_job(tenant_a)
    [first_offer], [second_offer] = live_offers(first), live_offers(second)
    accept_offer(first_offer.pk, repairer, now=NOW)

    with pytest.raises(DispatchError) as raised:
        accept_offer(second_offer.pk, repairer, now=NOW)

    assert (raised.value.code, raised.value.status) == ("no_capacity", 409)
    second_offer.refresh_from_db()
    second.refresh_from_db()
    repairer.refresh_from_db()
    assert (second_offer.status, second.status, repairer.active_jobs) == (
        OfferStatus.OFFERED, JobStatus.OFFERED, 1)
