from datetime import timedelta

import pytest
from django.utils import timezone

from shared_apps.dispatch.actions import accept_offer, create_job, decline_offer
from shared_apps.dispatch.models import DispatchSettings, Job, JobOffer
from shared_apps.dispatch.state import JobStatus, OfferStatus

from .conftest import job_fields, make_repairer

pytestmark = pytest.mark.django_db


def test_routing_again_after_adding_a_matching_repairer_offers_the_job(operator_client,
                                                                       tenant_a, tenant_b):
    job = create_job(tenant_a, **job_fields("A-1", category="tablet"))
    other = create_job(tenant_b, **job_fields("B-1", category="tablet"))
    assert job.status == other.status == JobStatus.UNASSIGNED
    queue = operator_client.get("/network/jobs/unassigned/").content.decode()
    assert "A-1" in queue and "B-1" in queue

    nobody_yet = operator_client.post(f"/network/jobs/{job.uid}/route-again/")
    assert nobody_yet.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.UNASSIGNED and not job.offers.exists()

    repairer = make_repairer("Tablet Doctor", category="tablet")
    response = operator_client.post(f"/network/jobs/{job.uid}/route-again/")

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.OFFERED
    assert list(job.offers.values_list("repairer_id", "status")) == [
        (repairer.pk, OfferStatus.OFFERED)]
    assert job.events.filter(kind="rerouted", actor_email="ops@platform.test").count() == 2
    other.refresh_from_db()
    assert other.status == JobStatus.UNASSIGNED  # only the job asked for moved
    assert "A-1" not in operator_client.get("/network/jobs/unassigned/").content.decode()


def test_routing_again_a_job_that_is_not_in_the_queue_is_a_conflict(operator_client, tenant_a,
                                                                     tenant_b):
    make_repairer("Fixit")
    job = create_job(tenant_a, **job_fields("A-1"))
    assert job.status == JobStatus.OFFERED

    response = operator_client.post(f"/network/jobs/{job.uid}/route-again/")

    assert response.status_code == 409
    assert job.offers.count() == 1


def test_cancel_withdraws_live_offers_and_cannot_be_done_twice(operator_client, tenant_a,
                                                               tenant_b):
    make_repairer("Fixit")
    job = create_job(tenant_a, **job_fields("A-1"))
    untouched = create_job(tenant_b, **job_fields("B-1"))

    response = operator_client.post(f"/network/jobs/{job.uid}/cancel/")

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert list(job.offers.values_list("status", flat=True)) == [OfferStatus.WITHDRAWN]
    assert operator_client.post(f"/network/jobs/{job.uid}/cancel/").status_code == 409
    untouched.refresh_from_db()
    assert untouched.status == JobStatus.OFFERED


def test_jobs_are_filtered_by_status(operator_client, tenant_a, tenant_b):
    make_repairer("Fixit")
    create_job(tenant_a, **job_fields("A-OFFERED"))
    create_job(tenant_b, **job_fields("B-QUEUED", category="tablet"))

    offered = operator_client.get("/network/jobs/?status=offered")
    assert [job.order_reference for job in offered.context["jobs"]] == ["A-OFFERED"]
    everything = operator_client.get("/network/jobs/")
    assert {job.order_reference for job in everything.context["jobs"]} == {"A-OFFERED",
                                                                           "B-QUEUED"}
    bad = operator_client.get("/network/jobs/?status=lost")
    assert bad.status_code == 400
    assert "status: choose one of" in bad.content.decode()


def test_stuck_jobs_are_held_longer_than_the_setting_without_a_change(operator_client,
                                                                      tenant_a, tenant_b):
    repairer = make_repairer("Fixit")
    stale = create_job(tenant_a, **job_fields("A-STALE"))
    fresh = create_job(tenant_b, **job_fields("B-FRESH"))
    for job in (stale, fresh):
        accept_offer(job.offers.get().pk, repairer)
    hours = DispatchSettings.current().stuck_after_hours
    Job.objects.filter(pk=stale.pk).update(
        status_changed_at=timezone.now() - timedelta(hours=hours + 1))

    response = operator_client.get("/network/jobs/stuck/")

    assert [job.order_reference for job in response.context["jobs"]] == ["A-STALE"]
    detail = operator_client.get(f"/network/jobs/{stale.uid}/")
    assert detail.context["detail"].is_stuck
    assert not operator_client.get(f"/network/jobs/{fresh.uid}/").context["detail"].is_stuck


def test_job_detail_shows_offers_with_decline_reasons_and_events(operator_client, tenant_a,
                                                                 tenant_b):
    first = make_repairer("First Shop", latitude="48.859", longitude="2.379")
    second = make_repairer("Second Shop")
    job = create_job(tenant_a, **job_fields("A-1"))
    offer = JobOffer.objects.get(job=job)
    assert offer.repairer == first
    decline_offer(offer.pk, first, reason="no_parts", note="No screens left")

    response = operator_client.get(f"/network/jobs/{job.uid}/")

    detail = response.context["detail"]
    assert [(o.repairer, o.status) for o in detail.offers] == [
        (first, OfferStatus.DECLINED), (second, OfferStatus.OFFERED)]
    assert [event.kind for event in detail.events] == ["created", "offered", "declined",
                                                       "offered"]
    html = response.content.decode()
    assert "no_parts: No screens left" in html and "Second Shop" in html
    assert operator_client.get("/network/jobs/00000000-0000-0000-0000-000000000000/"
                               ).status_code == 404
