"""Live offers in the portal: what a repairer sees before acceptance, accept, decline, races."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from shared_apps.dispatch.models import DispatchSettings, JobOffer
from shared_apps.dispatch.state import JobStatus, OfferStatus
from tenant_apps.network.models import JobUpdate

from .conftest import CUSTOMER, new_job, offer_of

pytestmark = pytest.mark.django_db


def assert_no_customer_data(html: str) -> None:
    for value in CUSTOMER.values():
        assert value not in html


def test_offer_list_shows_only_own_live_offers_without_customer_data(
        portal_one, portal_two, repairer_one, repairer_two, tenant_a, tenant_b):
    phone_b = new_job(tenant_b, "B-PHONE-1", category="phone")
    laptop_a = new_job(tenant_a, "A-LAPTOP-1")
    assert offer_of(phone_b, repairer_one).status == OfferStatus.OFFERED

    page_one = portal_one.get("/repairers/")
    page_two = portal_two.get("/repairers/")

    html = page_one.content.decode()
    assert page_one.status_code == 200
    assert "A-LAPTOP-1" in html and "B-PHONE-1" in html
    assert "Screen cracked in the lower corner" in html and "75011" in html
    assert re.search(r"Expires in (29|30)\xa0minutes", html)
    assert html.count(">Accept</button>") == 2
    assert 'name="reason"' in html and "Parts unavailable" in html
    assert_no_customer_data(html)
    assert "A-LAPTOP-1" not in page_two.content.decode()
    assert "B-PHONE-1" not in page_two.content.decode()
    assert laptop_a.status == JobStatus.OFFERED


def test_job_page_before_acceptance_shows_public_fields_only(portal_one, repairer_one,
                                                            tenant_a, tenant_b):
    job = new_job(tenant_a, "A-ONSITE-0", is_on_site=True)

    page = portal_one.get(f"/repairers/jobs/{job.uid}/")

    html = page.content.decode()
    assert page.status_code == 200 and "A-ONSITE-0" in html and "On site" in html
    assert ">Accept</button>" in html
    assert_no_customer_data(html)
    assert "Report progress" not in html


def test_accepting_shows_name_and_phone_but_no_address_for_workshop_jobs(
        portal_one, repairer_one, tenant_a, tenant_b):
    job = new_job(tenant_a, "A-LAPTOP-2")
    offer = offer_of(job, repairer_one)

    response = portal_one.post(f"/repairers/offers/{offer.pk}/accept/")

    assert response.status_code == 302 and response["Location"] == f"/repairers/jobs/{job.uid}/"
    html = portal_one.get(response["Location"]).content.decode()
    assert CUSTOMER["customer_name"] in html and CUSTOMER["customer_phone"] in html
    assert CUSTOMER["customer_address"] not in html
    assert CUSTOMER["customer_email"] not in html
    assert "A-LAPTOP-2" not in portal_one.get("/repairers/").content.decode()
    assert "A-LAPTOP-2" in portal_one.get("/repairers/jobs/").content.decode()
    with tenant_context(tenant_a):
        assert list(JobUpdate.objects.values_list("kind", flat=True)) == ["accepted"]
    with tenant_context(tenant_b):
        assert not JobUpdate.objects.exists()


def test_accepting_an_on_site_job_shows_the_address(portal_one, repairer_one, tenant_a,
                                                    tenant_b):
    job = new_job(tenant_a, "A-ONSITE-1", is_on_site=True)

    portal_one.post(f"/repairers/offers/{offer_of(job, repairer_one).pk}/accept/")

    html = portal_one.get(f"/repairers/jobs/{job.uid}/").content.decode()
    assert CUSTOMER["customer_address"] in html and CUSTOMER["customer_name"] in html


def test_a_second_accept_gets_a_409_page(portal_one, repairer_one, tenant_a, tenant_b):
    job = new_job(tenant_a, "A-LAPTOP-3")
    offer = offer_of(job, repairer_one)
    assert portal_one.post(f"/repairers/offers/{offer.pk}/accept/").status_code == 302

    again = portal_one.post(f"/repairers/offers/{offer.pk}/accept/")

    assert again.status_code == 409
    assert 'class="message error"' in again.content.decode()
    job.refresh_from_db()
    repairer_one.refresh_from_db()
    assert job.repairer == repairer_one and repairer_one.active_jobs == 1


def test_with_a_broadcast_the_first_accept_wins_and_the_other_gets_409(
        portal_one, portal_two, repairer_one, repairer_two, tenant_a, tenant_b):
    settings = DispatchSettings.current()
    settings.broadcast_size = 2
    settings.save()
    job = new_job(tenant_a, "A-PHONE-RACE", category="phone")
    offer_two = offer_of(job, repairer_two)

    assert portal_one.post(
        f"/repairers/offers/{offer_of(job, repairer_one).pk}/accept/").status_code == 302
    lost = portal_two.post(f"/repairers/offers/{offer_two.pk}/accept/")

    assert lost.status_code == 409
    job.refresh_from_db()
    offer_two.refresh_from_db()
    assert job.repairer == repairer_one and offer_two.status == OfferStatus.WITHDRAWN
    # The loser never sees the job again, let alone the customer.
    assert portal_two.get(f"/repairers/jobs/{job.uid}/").status_code == 404
    assert_no_customer_data(lost.content.decode())


def test_decline_with_a_reason_re_offers_the_job_to_the_next_repairer(
        portal_one, portal_two, repairer_one, repairer_two, tenant_a, tenant_b):
    job = new_job(tenant_a, "A-PHONE-1", category="phone")
    offer = offer_of(job, repairer_one)
    assert not JobOffer.objects.filter(job=job, repairer=repairer_two).exists()

    response = portal_one.post(f"/repairers/offers/{offer.pk}/decline/",
                               {"reason": "no_parts", "note": "Screen out of stock"})

    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.status, offer.decline_reason, offer.decline_note) == (
        OfferStatus.DECLINED, "no_parts", "Screen out of stock")
    next_offer = offer_of(job, repairer_two)
    assert next_offer.status == OfferStatus.OFFERED
    assert f'id="offer-{next_offer.pk}"' in portal_two.get("/repairers/").content.decode()
    assert "No live offers right now." in portal_one.get("/repairers/").content.decode()


@pytest.mark.parametrize("payload", [
    {}, {"reason": "bored"}, {"reason": "other", "note": "x" * 501},
])
def test_a_decline_without_a_valid_reason_is_refused_with_the_field(
        portal_one, repairer_one, tenant_a, tenant_b, payload):
    job = new_job(tenant_a, "A-LAPTOP-4")
    offer = offer_of(job, repairer_one)

    response = portal_one.post(f"/repairers/offers/{offer.pk}/decline/", payload)

    assert response.status_code == 400
    field = "note" if "note" in payload else "reason"
    assert f'data-field="{field}"' in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OFFERED and offer.decline_reason == ""


def test_another_repairers_offer_is_not_found(portal_two, repairer_one, repairer_two,
                                             tenant_a, tenant_b):
    offer = offer_of(new_job(tenant_a, "A-LAPTOP-5"), repairer_one)

    assert portal_two.post(f"/repairers/offers/{offer.pk}/accept/").status_code == 404
    assert portal_two.post(f"/repairers/offers/{offer.pk}/decline/",
                           {"reason": "no_parts"}).status_code == 404
    assert portal_two.post("/repairers/offers/99999999999999999999/accept/").status_code == 404
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OFFERED


def test_an_expired_offer_cannot_be_accepted(portal_one, repairer_one, tenant_a, tenant_b):
    job = new_job(tenant_a, "A-LAPTOP-6")
    offer = offer_of(job, repairer_one)
    JobOffer.objects.filter(pk=offer.pk).update(expires_at=offer.offered_at)

    response = portal_one.post(f"/repairers/offers/{offer.pk}/accept/")

    assert response.status_code == 409
    job.refresh_from_db()
    assert job.repairer is None and job.status == JobStatus.OFFERED


def test_offer_list_query_count_does_not_grow_with_offers(portal_one, repairer_one, tenant_a,
                                                         tenant_b):
    new_job(tenant_a, "A-LAPTOP-Q1")
    portal_one.get("/repairers/")  # the host -> tenant map is cached from here on
    with CaptureQueriesContext(connection) as one_offer:
        assert portal_one.get("/repairers/").status_code == 200
    for reference in ("A-LAPTOP-Q2", "A-LAPTOP-Q3"):
        new_job(tenant_a, reference)
    new_job(tenant_b, "B-LAPTOP-Q4")
    portal_one.get("/repairers/")

    with CaptureQueriesContext(connection) as four_offers:
        html = portal_one.get("/repairers/").content.decode()

    assert html.count(">Accept</button>") == 4
    assert len(four_offers) == len(one_offer)
