"""Who may use the repairers' API: tokens, and the permission matrix of every endpoint."""

import pytest

from shared_apps.dispatch.models import Job, JobOffer
from shared_apps.dispatch.state import JobStatus, OfferStatus
from tenant_apps.accounts.models import Role
from tests.api.helpers import auth, post_json, token_for
from tests.conftest import PASSWORD, make_user

from .conftest import make_member, send_job

pytestmark = pytest.mark.django_db


LIST_PATHS = {"/api/repairer/offers/", "/api/repairer/jobs/"}


def _endpoints(network) -> list[tuple[str, str, dict]]:
    offer, spare = network.offer_a.pk, network.spare_offer.pk
    held = network.held_job.uid
    return [
        ("get", "/api/repairer/offers/", {}),
        ("post", f"/api/repairer/offers/{offer}/accept/", {}),
        ("post", f"/api/repairer/offers/{spare}/decline/", {"reason": "no_parts"}),
        ("get", "/api/repairer/jobs/", {}),
        ("get", f"/api/repairer/jobs/{held}/", {}),
        ("post", f"/api/repairer/jobs/{held}/progress/", {"status": "received"}),
    ]


def _call(client, method: str, path: str, data: dict, headers: dict):
    if method == "get":
        return client.get(path, **headers)
    return post_json(client, path, data, **headers)


def _assert_nothing_changed(network) -> None:
    assert JobOffer.objects.get(pk=network.offer_a.pk).status == OfferStatus.OFFERED
    assert JobOffer.objects.get(pk=network.spare_offer.pk).status == OfferStatus.OFFERED
    assert Job.objects.get(pk=network.offered_job.pk).status == JobStatus.OFFERED
    assert Job.objects.get(pk=network.held_job.pk).status == JobStatus.ACCEPTED


def test_repairer_exchanges_credentials_for_a_working_token(public_client, network):
    response = post_json(
        public_client,
        "/api/repairer/token/",
        {"email": "TECH@alpharepair.test", "password": PASSWORD},
    )

    assert response.status_code == 200
    offers = public_client.get("/api/repairer/offers/", **auth(response.json()["token"]))
    assert offers.status_code == 200
    assert {row["id"] for row in offers.json()["results"]} == {
        network.offer_a.pk,
        network.spare_offer.pk,
    }


def test_token_is_refused_to_wrong_passwords_and_to_non_repairers(public_client, tenant_a, network):
    make_user(None, "ops@platform.test", Role.OPERATOR)
    make_user(None, "orphan@repairer.test", Role.REPAIRER)  # a repairer user with no repairer
    make_user(tenant_a, "shopper@alpha.test", Role.CUSTOMER)

    def token(email: str, password: str = PASSWORD):
        return post_json(
            public_client, "/api/repairer/token/", {"email": email, "password": password}
        )

    wrong = token("tech@alpharepair.test", "not-the-password")
    operator = token("ops@platform.test")
    orphan = token("orphan@repairer.test")
    tenant_customer = token("shopper@alpha.test")
    missing = post_json(public_client, "/api/repairer/token/", {"email": "a@b.test"})

    assert wrong.status_code == 400
    assert wrong.json()["code"] == "invalid_credentials"
    assert operator.status_code == 403
    assert orphan.status_code == 403
    assert tenant_customer.status_code == 400
    assert missing.status_code == 400
    assert list(missing.json()["fields"]) == ["password"]


def test_token_endpoint_is_throttled_after_failed_attempts(public_client, network):
    answers = [
        post_json(
            public_client,
            "/api/repairer/token/",
            {"email": "tech@alpharepair.test", "password": f"wrong-{attempt}"},
        ).status_code
        for attempt in range(6)
    ]
    right = post_json(
        public_client,
        "/api/repairer/token/",
        {"email": "tech@alpharepair.test", "password": PASSWORD},
    )

    assert answers[:5] == [400] * 5
    assert answers[5] == 429
    assert right.status_code == 429


def test_repairer_api_is_refused_to_everyone_but_repairers(public_client, tenant_a, network):
    operator = make_user(None, "ops@platform.test", Role.OPERATOR)
    customer = make_user(tenant_a, "shopper@alpha.test", Role.CUSTOMER)
    manager = make_user(tenant_a, "boss2@alpha.test", Role.MANAGER)
    callers = {
        "anonymous": ({}, 401),
        "operator": (auth(token_for(None, operator)), 403),
        "tenant customer": (auth(token_for(tenant_a, customer)), 401),
        "tenant manager": (auth(token_for(tenant_a, manager)), 401),
    }

    for name, (headers, expected) in callers.items():
        for method, path, data in _endpoints(network):
            response = _call(public_client, method, path, data, headers)
            assert response.status_code == expected, (name, path)
            assert set(response.json()) == {"code", "detail", "fields"}, (name, path)

    _assert_nothing_changed(network)


def test_repairer_api_is_not_served_on_tenant_hosts(client_a, network):
    response = client_a.get("/api/repairer/offers/", **auth(network.token_a))

    assert response.status_code == 404


def test_repairer_b_never_sees_what_was_offered_to_a(public_client, network):
    headers = auth(network.token_b)

    offers = public_client.get("/api/repairer/offers/", **headers).json()["results"]
    jobs = public_client.get("/api/repairer/jobs/", **headers).json()["results"]
    denied = [
        _call(public_client, method, path, data, headers)
        for method, path, data in _endpoints(network)
        if path not in LIST_PATHS
    ]

    assert [offer["job"]["order_reference"] for offer in offers] == ["B-200"]
    assert network.spare_offer.pk not in [offer["id"] for offer in offers]
    assert jobs == []
    assert [response.status_code for response in denied] == [404, 404, 404, 404]
    assert all(response.json()["code"] == "not_found" for response in denied)
    other = public_client.get(f"/api/repairer/jobs/{network.offered_job.uid}/", **headers)
    assert other.status_code == 404
    _assert_nothing_changed(network)


def test_repairer_a_is_allowed_everywhere(public_client, network):
    headers = auth(network.token_a)

    answers = {
        path: _call(public_client, method, path, data, headers).status_code
        for method, path, data in _endpoints(network)
    }

    assert set(answers.values()) == {200}, answers
    assert JobOffer.objects.get(pk=network.offer_a.pk).status == OfferStatus.ACCEPTED
    assert JobOffer.objects.get(pk=network.spare_offer.pk).status == OfferStatus.DECLINED
    assert Job.objects.get(pk=network.held_job.pk).status == JobStatus.RECEIVED


def test_a_second_member_of_a_repairer_acts_for_it(public_client, network):
    colleague = make_member(network.repairer_a, "second@alpharepair.test")

    response = public_client.get(
        f"/api/repairer/jobs/{network.held_job.uid}/", **auth(token_for(None, colleague))
    )

    assert response.status_code == 200


@pytest.mark.parametrize("path", sorted(LIST_PATHS))
def test_repairer_lists_cost_a_fixed_few_queries(
    public_client, network, tenant_a, path, django_assert_max_num_queries
):
    send_job(tenant_a, "A-600")
    send_job(tenant_a, "A-601")
    public_client.get(path, **auth(network.token_a))  # warms the host cache

    # token, repairer, count, page (jobs and stores joined)
    with django_assert_max_num_queries(5):
        response = public_client.get(path, **auth(network.token_a))

    assert response.status_code == 200
    assert response.json()["count"] >= 1


def test_unknown_offers_and_jobs_are_not_found(public_client, network):
    headers = auth(network.token_a)

    answers = [
        post_json(public_client, "/api/repairer/offers/999999999999999999/accept/", {}, **headers),
        post_json(public_client, "/api/repairer/offers/0/decline/", {"reason": "other"}, **headers),
        public_client.get("/api/repairer/jobs/00000000-0000-0000-0000-000000000000/", **headers),
    ]

    assert [answer.status_code for answer in answers] == [404, 404, 404]
    assert all(answer.json()["code"] == "not_found" for answer in answers)
