"""Every allowed and every refused move of a job and of an offer: the tables, then the actions."""

import itertools
from datetime import timedelta
from decimal import Decimal

import pytest

from shared_apps.dispatch.actions import (
    accept_offer,
    cancel_job,
    decline_offer,
    expire_due_offers,
    report_progress,
    reroute_unassigned,
    route_job,
)
from shared_apps.dispatch.errors import DispatchError, InvalidJobTransition, OfferUnavailable
from shared_apps.dispatch.models import Job, JobEvent, JobOffer
from shared_apps.dispatch.state import (
    JOB_TRANSITIONS,
    PROGRESS_STATUSES,
    JobStatus,
    OfferStatus,
    can_move_job,
    can_move_offer,
)
from tests.dispatch.conftest import NOW, make_job, make_offer, make_repairer, submit_job

pytestmark = pytest.mark.django_db

S = JobStatus
ALLOWED_JOB_MOVES = {
    (S.NEW, S.OFFERED), (S.NEW, S.UNASSIGNED), (S.NEW, S.CANCELLED),
    (S.OFFERED, S.OFFERED), (S.OFFERED, S.ACCEPTED), (S.OFFERED, S.UNASSIGNED),
    (S.OFFERED, S.CANCELLED),
    (S.UNASSIGNED, S.OFFERED), (S.UNASSIGNED, S.CANCELLED),
    (S.ACCEPTED, S.RECEIVED), (S.ACCEPTED, S.DIAGNOSED), (S.ACCEPTED, S.CANCELLED),
    (S.RECEIVED, S.DIAGNOSED),
    (S.DIAGNOSED, S.DIAGNOSED), (S.DIAGNOSED, S.REPAIRING), (S.DIAGNOSED, S.SHIPPED_BACK),
    (S.REPAIRING, S.REPAIRED),
    (S.REPAIRED, S.SHIPPED_BACK),
}
OS = OfferStatus
ALLOWED_OFFER_MOVES = {(OS.OFFERED, OS.ACCEPTED), (OS.OFFERED, OS.DECLINED),
                       (OS.OFFERED, OS.EXPIRED), (OS.OFFERED, OS.WITHDRAWN)}


@pytest.mark.parametrize(("source", "target"), list(itertools.product(JobStatus, JobStatus)))
def test_job_transition_table(source, target):
    assert can_move_job(source, target) is ((source, target) in ALLOWED_JOB_MOVES)


def test_job_transition_table_names_every_status():
    assert set(JOB_TRANSITIONS) == set(JobStatus)


@pytest.mark.parametrize(("source", "target"), list(itertools.product(OfferStatus, OfferStatus)))
def test_offer_transition_table(source, target):
    assert can_move_offer(source, target) is ((source, target) in ALLOWED_OFFER_MOVES)


def _progress(job, repairer, target):
    quote = Decimal("89.00") if target == S.DIAGNOSED else None
    return report_progress(job, repairer, target, quote_amount=quote, now=NOW)


@pytest.mark.parametrize(("source", "target"),
                         list(itertools.product(JobStatus, sorted(PROGRESS_STATUSES))))
def test_progress_moves_through_report_progress(tenant_a, source, target):
    repairer = make_repairer()
    job = make_job(tenant_a, status=source, repairer=repairer)
    if (source, target) in ALLOWED_JOB_MOVES:
        assert _progress(job, repairer, target).status == target
        assert JobEvent.objects.filter(job=job, kind=target).count() == 1
    else:
        with pytest.raises(InvalidJobTransition):
            _progress(job, repairer, target)
        assert Job.objects.get(pk=job.pk).status == source
        assert not JobEvent.objects.filter(job=job).exists()


def test_only_the_holder_reports_progress(tenant_a):
    holder, other = make_repairer(), make_repairer()
    job = make_job(tenant_a, status=S.ACCEPTED, repairer=holder)
    with pytest.raises(DispatchError) as raised:
        _progress(job, other, S.RECEIVED)
    assert raised.value.status == 404
    assert Job.objects.get(pk=job.pk).status == S.ACCEPTED


@pytest.mark.parametrize("source", list(JobStatus))
def test_cancel_moves_through_cancel_job(tenant_a, source):
    job = make_job(tenant_a, status=source)
    if (source, S.CANCELLED) in ALLOWED_JOB_MOVES:
        assert cancel_job(job, now=NOW).status == S.CANCELLED
    else:
        with pytest.raises(InvalidJobTransition):
            cancel_job(job, now=NOW)
        assert Job.objects.get(pk=job.pk).status == source


def test_new_to_offered_and_new_to_unassigned_through_routing(tenant_a):
    lonely = make_job(tenant_a)
    route_job(lonely, now=NOW)
    assert Job.objects.get(pk=lonely.pk).status == S.UNASSIGNED
    make_repairer()
    routed = make_job(tenant_a)
    route_job(routed, now=NOW)
    assert Job.objects.get(pk=routed.pk).status == S.OFFERED


def test_offered_to_offered_accepted_and_unassigned(tenant_a):
    first, second = make_repairer(), make_repairer()
    job = submit_job(tenant_a)
    [offer] = job.offers.all()
    decline_offer(offer.pk, offer.repairer, reason="no_parts", now=NOW)
    job.refresh_from_db()
    assert job.status == S.OFFERED
    [next_offer] = job.offers.filter(status=OS.OFFERED)
    assert {offer.repairer_id, next_offer.repairer_id} == {first.pk, second.pk}
    assert accept_offer(next_offer.pk, next_offer.repairer, now=NOW).status == S.ACCEPTED

    lone_job = submit_job(tenant_a)
    for _ in range(2):
        [live] = lone_job.offers.filter(status=OS.OFFERED)
        decline_offer(live.pk, live.repairer, reason="too_far", now=NOW)
    assert Job.objects.get(pk=lone_job.pk).status == S.UNASSIGNED


def test_unassigned_to_offered_through_reroute(tenant_a):
    job = submit_job(tenant_a)
    assert job.status == S.UNASSIGNED
    repairer = make_repairer()
    [offer] = reroute_unassigned(job, actor_email="ops@platform.test", now=NOW)
    assert offer.repairer_id == repairer.pk
    assert Job.objects.get(pk=job.pk).status == S.OFFERED


@pytest.mark.parametrize("source", [s for s in JobStatus if s != S.UNASSIGNED])
def test_reroute_refuses_jobs_outside_the_queue(tenant_a, source):
    make_repairer()
    job = make_job(tenant_a, status=source)
    with pytest.raises(InvalidJobTransition):
        reroute_unassigned(job, now=NOW)
    assert Job.objects.get(pk=job.pk).status == source
    assert not job.offers.exists()


@pytest.mark.parametrize("source", [s for s in JobStatus if s not in
                                    (S.NEW, S.OFFERED, S.UNASSIGNED)])
def test_routing_leaves_jobs_past_routing_alone(tenant_a, source):
    make_repairer()
    job = make_job(tenant_a, status=source)
    assert route_job(job, now=NOW) == []
    assert Job.objects.get(pk=job.pk).status == source


def test_offer_moves_through_the_actions(tenant_a, dispatch_settings):
    dispatch_settings.broadcast_size = 3
    dispatch_settings.save()
    for _ in range(4):
        make_repairer()
    job = submit_job(tenant_a)
    declined, accepted, withdrawn = live = list(job.offers.order_by("pk"))
    assert len(live) == 3
    decline_offer(declined.pk, declined.repairer, reason="no_capacity", now=NOW)
    accept_offer(accepted.pk, accepted.repairer, now=NOW)
    expiring_job = submit_job(tenant_a)
    [expiring, *_] = expiring_job.offers.all()
    expire_due_offers(now=expiring.expires_at)
    cancelled_job = submit_job(tenant_a)
    [cancelled, *_] = cancelled_job.offers.all()
    cancel_job(cancelled_job, now=NOW)

    statuses = {offer.pk: offer.status for offer in JobOffer.objects.all()}
    assert statuses[declined.pk] == OS.DECLINED
    assert statuses[accepted.pk] == OS.ACCEPTED
    assert statuses[withdrawn.pk] == OS.WITHDRAWN
    assert statuses[expiring.pk] == OS.EXPIRED
    assert statuses[cancelled.pk] == OS.WITHDRAWN


@pytest.mark.parametrize("status", [OS.ACCEPTED, OS.DECLINED, OS.EXPIRED, OS.WITHDRAWN])
@pytest.mark.parametrize("action", ["accept", "decline", "expire"])
def test_offers_that_left_offered_never_move_again(tenant_a, status, action):
    repairer = make_repairer()
    job = make_job(tenant_a, status=S.OFFERED)
    offer = make_offer(job, repairer, status=status)
    if action == "expire":
        assert expire_due_offers(now=offer.expires_at + timedelta(hours=1)) == 0
    else:
        with pytest.raises(OfferUnavailable):
            if action == "accept":
                accept_offer(offer.pk, repairer, now=NOW)
            else:
                decline_offer(offer.pk, repairer, reason="other", now=NOW)
    offer.refresh_from_db()
    assert offer.status == status
    assert Job.objects.get(pk=job.pk).status == S.OFFERED


@pytest.mark.parametrize("action", ["accept", "decline"])
def test_an_offer_past_its_expiry_cannot_be_answered(tenant_a, action):
    repairer = make_repairer()
    job = make_job(tenant_a, status=S.OFFERED)
    offer = make_offer(job, repairer)
    with pytest.raises(OfferUnavailable):
        if action == "accept":
            accept_offer(offer.pk, repairer, now=offer.expires_at)
        else:
            decline_offer(offer.pk, repairer, reason="other", now=offer.expires_at)
    offer.refresh_from_db()
    assert offer.status == OS.OFFERED


def test_someone_elses_offer_cannot_be_answered(tenant_a):
    owner, intruder = make_repairer(), make_repairer()
    job = make_job(tenant_a, status=S.OFFERED)
    offer = make_offer(job, owner)
    with pytest.raises(OfferUnavailable):
        accept_offer(offer.pk, intruder, now=NOW)
    with pytest.raises(OfferUnavailable):
        decline_offer(offer.pk, intruder, reason="other", now=NOW)
    offer.refresh_from_db()
    assert offer.status == OS.OFFERED
