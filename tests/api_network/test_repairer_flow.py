"""A repairer's journey through the API: offer, accept or decline, progress, back to the tenant."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from shared_apps.dispatch.models import Job, JobOffer
from shared_apps.dispatch.state import JobStatus, OfferStatus
from tenant_apps.network.models import JobUpdate
from tests.api.helpers import auth, post_json, token_for

from .conftest import PERSONAL_KEYS, make_member, make_repairer, send_job

pytestmark = pytest.mark.django_db


def _accept(client, offer_id: int, token: str):
    return post_json(client, f"/api/repairer/offers/{offer_id}/accept/", {}, **auth(token))


def _progress(client, job: Job, token: str, **data):
    return post_json(client, f"/api/repairer/jobs/{job.uid}/progress/", data, **auth(token))


def test_no_personal_data_before_acceptance(public_client, network):
    headers = auth(network.token_a)

    offers = public_client.get("/api/repairer/offers/", **headers).json()["results"]
    detail = public_client.get(f"/api/repairer/jobs/{network.offered_job.uid}/", **headers)

    offer = next(row for row in offers if row["id"] == network.offer_a.pk)
    assert offer["job"]["order_reference"] == "A-100"
    assert offer["job"]["fault_summary"] == "Cracked screen"
    assert offer["job"]["tenant_name"] == "Alpha Phones"
    assert set(offer) == {"id", "status", "expires_at", "score", "job"}
    for job in (offer["job"], detail.json()):
        assert not PERSONAL_KEYS & set(job)
        assert not {"quote_amount", "quote_note"} & set(job)
        assert "Camille" not in str(job)


def test_after_acceptance_the_workshop_sees_the_customer_but_not_the_address(
    public_client, network
):
    accepted = _accept(public_client, network.offer_a.pk, network.token_a)
    detail = public_client.get(
        f"/api/repairer/jobs/{network.offered_job.uid}/", **auth(network.token_a)
    )

    for job in (accepted.json(), detail.json()):
        assert job["status"] == "accepted"
        assert job["customer_name"] == "Camille Martin"
        assert job["customer_phone"] == "+33 6 12 34 56 78"
        assert "customer_address" not in job
        assert "customer_email" not in job


def test_the_address_is_shown_for_on_site_work_only_after_acceptance(public_client, tenant_a):
    technician = make_repairer("Sitefix", "33", on_site=True)
    token = post_json(
        public_client,
        "/api/repairer/token/",
        {
            "email": make_member(technician, "tech@sitefix.test").email,
            "password": "correct-horse-battery-9",
        },
    ).json()["token"]
    job = send_job(tenant_a, "A-300", postal_code="33000", is_on_site=True)
    offer = JobOffer.objects.get(job=job, repairer=technician)

    before = public_client.get(f"/api/repairer/jobs/{job.uid}/", **auth(token)).json()
    _accept(public_client, offer.pk, token)
    after = public_client.get(f"/api/repairer/jobs/{job.uid}/", **auth(token)).json()

    assert "customer_address" not in before
    assert after["customer_address"] == "12 rue des Lilas, 75011 Paris"


def test_accepting_twice_is_a_conflict(public_client, network):
    first = _accept(public_client, network.offer_a.pk, network.token_a)
    second = _accept(public_client, network.offer_a.pk, network.token_a)

    assert first.status_code == 200
    assert second.status_code == 409
    assert second.json()["code"] == "offer_unavailable"
    assert second.json()["fields"] == {}


def test_an_expired_offer_cannot_be_accepted(public_client, network, tenant_a):
    job = send_job(tenant_a, "A-400", now=timezone.now() - timedelta(days=1))
    offer = JobOffer.objects.get(job=job, repairer=network.repairer_a)

    response = _accept(public_client, offer.pk, network.token_a)
    live = public_client.get("/api/repairer/offers/", **auth(network.token_a)).json()

    assert response.status_code == 409
    assert Job.objects.get(pk=job.pk).repairer_id is None
    assert offer.pk not in [row["id"] for row in live["results"]]


def test_declining_sends_the_job_to_the_next_repairer(public_client, network, tenant_a):
    runner_up = make_repairer("Charliefix", "75")
    tokens = {
        network.repairer_a.pk: network.token_a,
        runner_up.pk: token_for(None, make_member(runner_up, "tech@charliefix.test")),
    }
    job = send_job(tenant_a, "A-500")
    offer = JobOffer.objects.get(job=job, status=OfferStatus.OFFERED)
    first_token = tokens.pop(offer.repairer_id)
    (next_token,) = tokens.values()

    bad_reason = post_json(
        public_client,
        f"/api/repairer/offers/{offer.pk}/decline/",
        {"reason": "bored"},
        **auth(first_token),
    )
    declined = post_json(
        public_client,
        f"/api/repairer/offers/{offer.pk}/decline/",
        {"reason": "no_parts", "note": "Screen out of stock"},
        **auth(first_token),
    )
    next_offers = public_client.get("/api/repairer/offers/", **auth(next_token)).json()
    again = post_json(
        public_client,
        f"/api/repairer/offers/{offer.pk}/decline/",
        {"reason": "no_parts"},
        **auth(first_token),
    )

    assert bad_reason.status_code == 400
    assert list(bad_reason.json()["fields"]) == ["reason"]
    assert declined.status_code == 200
    assert declined.json()["status"] == "declined"
    offer.refresh_from_db()
    assert (offer.status, offer.decline_reason, offer.decline_note) == (
        OfferStatus.DECLINED,
        "no_parts",
        "Screen out of stock",
    )
    assert "A-500" in [row["job"]["order_reference"] for row in next_offers["results"]]
    assert again.status_code == 409


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"status": "diagnosed"}, "quote_amount"),
        ({"status": "diagnosed", "quote_amount": "-1"}, "quote_amount"),
        ({"status": "diagnosed", "quote_amount": "abc"}, "quote_amount"),
        ({"status": "received", "quote_amount": "10"}, "quote_amount"),
        ({"status": "accepted"}, "status"),
        ({}, "status"),
        ({"status": "received", "repairer": 3}, "repairer"),
    ],
)
def test_progress_input_is_validated_by_field(public_client, network, payload, field):
    response = _progress(public_client, network.held_job, network.token_a, **payload)

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]
    assert Job.objects.get(pk=network.held_job.pk).status == JobStatus.ACCEPTED


def test_progress_follows_the_job_state_machine(public_client, network):
    job, token = network.held_job, network.token_a

    skipped = _progress(public_client, job, token, status="repaired")
    steps = [
        _progress(public_client, job, token, status="received"),
        _progress(
            public_client,
            job,
            token,
            status="diagnosed",
            quote_amount="89.90",
            quote_note="New screen",
        ),
        _progress(public_client, job, token, status="repairing"),
        _progress(public_client, job, token, status="repaired"),
        _progress(public_client, job, token, status="shipped_back"),
    ]

    assert skipped.status_code == 409
    assert skipped.json()["code"] == "invalid_transition"
    assert [step.status_code for step in steps] == [200] * 5
    assert steps[1].json()["quote_amount"] == "89.90"
    assert steps[-1].json()["status"] == "shipped_back"
    listed = public_client.get("/api/repairer/jobs/", **auth(token)).json()["results"]
    assert {row["order_reference"]: row["status"] for row in listed} == {"A-101": "shipped_back"}


def test_progress_on_a_job_only_offered_is_not_found(public_client, network):
    response = _progress(public_client, network.offered_job, network.token_a, status="received")

    assert response.status_code == 404
    assert Job.objects.get(pk=network.offered_job.pk).status == JobStatus.OFFERED


def test_job_status_reaches_its_tenant_only(public_client, network, tenant_a, tenant_b):
    job = network.held_job
    _progress(public_client, job, network.token_a, status="received")
    _progress(public_client, job, network.token_a, status="diagnosed", quote_amount="49.00")

    with tenant_context(tenant_a):
        alpha_steps = list(
            JobUpdate.objects.filter(job_uid=job.uid).values_list("kind", "quote_amount")
        )
    with tenant_context(tenant_b):
        beta_rows = JobUpdate.objects.filter(job_uid=job.uid).count()
        beta_references = set(JobUpdate.objects.values_list("order_reference", flat=True))

    assert [kind for kind, _ in alpha_steps] == ["accepted", "received", "diagnosed"]
    assert alpha_steps[-1][1] == 49
    assert beta_rows == 0
    assert not any(reference.startswith("A-") for reference in beta_references)
