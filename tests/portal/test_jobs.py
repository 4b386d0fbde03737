"""Jobs a repairer holds: who may see them, progress reports flowing back to the tenant."""

import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from shared_apps.dispatch.actions import accept_offer
from shared_apps.dispatch.models import Job
from shared_apps.dispatch.state import JobStatus
from shared_apps.repairers.models import Repairer
from tenant_apps.network.models import JobUpdate
from tenants.models import Tenant

from .conftest import CUSTOMER, new_job, offer_of

pytestmark = pytest.mark.django_db


def accepted_job(tenant: Tenant, reference: str, repairer: Repairer, **fields) -> Job:
    job = new_job(tenant, reference, **fields)
    return accept_offer(offer_of(job, repairer).pk, repairer)


def progress(client: Client, job: Job, status: str, **fields: str):
    return client.post(f"/repairers/jobs/{job.uid}/progress/", {"status": status, **fields})


def tenant_updates(tenant: Tenant, job: Job) -> list[str]:
    with tenant_context(tenant):
        return list(JobUpdate.objects.filter(job_uid=job.uid).values_list("kind", flat=True))


def test_job_page_shows_progress_buttons_for_the_allowed_next_steps(
        portal_one, repairer_one, tenant_a, tenant_b):
    job = accepted_job(tenant_a, "A-LAPTOP-10", repairer_one)

    html = portal_one.get(f"/repairers/jobs/{job.uid}/").content.decode()

    assert 'value="received"' in html
    assert 'name="quote_amount"' in html and 'value="diagnosed"' in html
    for later in ("repairing", "repaired", "shipped_back"):
        assert f'value="{later}"' not in html


def test_progress_flows_to_the_tenant_that_sent_the_job_only(portal_one, repairer_one,
                                                              tenant_a, tenant_b):
    job = accepted_job(tenant_a, "A-LAPTOP-11", repairer_one)

    assert progress(portal_one, job, "received").status_code == 302
    missing_quote = progress(portal_one, job, "diagnosed", quote_note="New screen")
    assert missing_quote.status_code == 400
    assert 'data-field="quote_amount"' in missing_quote.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.RECEIVED
    assert progress(portal_one, job, "diagnosed", quote_amount="89.90",
                    quote_note="New screen").status_code == 302
    for status in ("repairing", "repaired", "shipped_back"):
        assert progress(portal_one, job, status).status_code == 302

    job.refresh_from_db()
    repairer_one.refresh_from_db()
    assert job.status == JobStatus.SHIPPED_BACK and job.quote_amount == Decimal("89.90")
    assert repairer_one.active_jobs == 0 and repairer_one.jobs_completed == 1
    assert tenant_updates(tenant_a, job) == ["accepted", "received", "diagnosed", "repairing",
                                             "repaired", "shipped_back"]
    with tenant_context(tenant_a):
        assert JobUpdate.objects.get(kind="diagnosed").quote_amount == Decimal("89.90")
    with tenant_context(tenant_b):
        assert not JobUpdate.objects.exists()
    page = portal_one.get(f"/repairers/jobs/{job.uid}/").content.decode()
    assert "Report progress" not in page and "89.90 EUR" in page


def test_an_on_site_job_can_be_diagnosed_straight_after_acceptance(
        portal_one, repairer_one, tenant_a, tenant_b):
    job = accepted_job(tenant_a, "A-ONSITE-10", repairer_one, is_on_site=True)

    response = progress(portal_one, job, "diagnosed", quote_amount="0")

    assert response.status_code == 302
    assert tenant_updates(tenant_a, job) == ["accepted", "diagnosed"]


@pytest.mark.parametrize("status", ["repaired", "repairing", "shipped_back"])
def test_refused_transitions_get_409_and_change_nothing(portal_one, repairer_one, tenant_a,
                                                        tenant_b, status):
    job = accepted_job(tenant_a, "A-LAPTOP-12", repairer_one)

    response = progress(portal_one, job, status)

    assert response.status_code == 409
    assert 'class="message error"' in response.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.ACCEPTED and job.completed_at is None
    assert tenant_updates(tenant_a, job) == ["accepted"]


@pytest.mark.parametrize("payload", [
    {"status": "cancelled"}, {"status": ""}, {},
    {"status": "diagnosed", "quote_amount": "-5"},
    {"status": "diagnosed", "quote_amount": "lots"},
    {"status": "diagnosed", "quote_amount": "12345678901"},
])
def test_malformed_progress_reports_get_400(portal_one, repairer_one, tenant_a, tenant_b,
                                            payload):
    job = accepted_job(tenant_a, "A-LAPTOP-13", repairer_one)

    response = portal_one.post(f"/repairers/jobs/{job.uid}/progress/", payload)

    assert response.status_code == 400
    job.refresh_from_db()
    assert job.status == JobStatus.ACCEPTED and job.quote_amount is None
    assert tenant_updates(tenant_a, job) == ["accepted"]


def test_a_job_of_another_repairer_or_an_unknown_uid_is_not_found(
        portal_one, portal_two, repairer_one, repairer_two, tenant_a, tenant_b):
    job = accepted_job(tenant_a, "A-LAPTOP-14", repairer_one)

    for url in (f"/repairers/jobs/{job.uid}/", f"/repairers/jobs/{uuid.uuid4()}/",
                "/repairers/jobs/not-a-uuid/"):
        response = portal_two.get(url)
        assert response.status_code == 404
        assert CUSTOMER["customer_name"] not in response.content.decode()
    assert progress(portal_two, job, "received").status_code == 404
    assert "A-LAPTOP-14" not in portal_two.get("/repairers/jobs/").content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.ACCEPTED and tenant_updates(tenant_a, job) == ["accepted"]


def test_progress_on_a_job_only_offered_is_not_found(portal_one, repairer_one, tenant_a,
                                                     tenant_b):
    job = new_job(tenant_a, "A-LAPTOP-15")

    assert progress(portal_one, job, "received").status_code == 404
    job.refresh_from_db()
    assert job.status == JobStatus.OFFERED and tenant_updates(tenant_a, job) == []


def test_job_list_shows_held_and_done_jobs_of_the_repairer(portal_one, repairer_one,
                                                           tenant_a, tenant_b):
    held = accepted_job(tenant_a, "A-LAPTOP-16", repairer_one)
    done = accepted_job(tenant_b, "B-LAPTOP-17", repairer_one)
    for status in ("received", "diagnosed", "shipped_back"):
        assert progress(portal_one, done, status, quote_amount="10").status_code == 302
    offered_only = new_job(tenant_a, "A-LAPTOP-18")

    html = portal_one.get("/repairers/jobs/").content.decode()

    assert held.order_reference in html and done.order_reference in html
    assert offered_only.order_reference not in html
    assert CUSTOMER["customer_phone"] not in html


def test_profile_shows_the_repairers_figures(portal_one, repairer_one, tenant_a, tenant_b):
    assert "No offer yet" in portal_one.get("/repairers/profile/").content.decode()
    accepted_job(tenant_a, "A-LAPTOP-20", repairer_one)
    new_job(tenant_a, "A-LAPTOP-21")

    html = portal_one.get("/repairers/profile/").content.decode()

    assert "50.0% (1 of 2 offers)" in html
    assert "1 of 5 jobs (20.0%)" in html
    assert "No completed job yet" in html
    assert "laptop" in html and "750*" in html


def test_job_list_query_count_does_not_grow_with_jobs(portal_one, repairer_one, tenant_a,
                                                      tenant_b):
    accepted_job(tenant_a, "A-LAPTOP-Q1", repairer_one)
    portal_one.get("/repairers/jobs/")  # the host -> tenant map is cached from here on
    with CaptureQueriesContext(connection) as one_job:
        assert portal_one.get("/repairers/jobs/").status_code == 200
    accepted_job(tenant_a, "A-LAPTOP-Q2", repairer_one)
    accepted_job(tenant_b, "B-LAPTOP-Q3", repairer_one)
    portal_one.get("/repairers/jobs/")

    with CaptureQueriesContext(connection) as three_jobs:
        html = portal_one.get("/repairers/jobs/").content.decode()

    assert "B-LAPTOP-Q3" in html
    assert len(three_jobs) == len(one_job)
