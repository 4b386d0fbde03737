"""A store sends repair jobs to the network and reads what became of them."""

import pytest
from django_tenants.utils import schema_context

from shared_apps.dispatch.models import Job
from tenant_apps.accounts.models import Role
from tests.api.helpers import auth, post_json, token_for
from tests.conftest import make_user

from .conftest import CATEGORY, make_repairer

pytestmark = pytest.mark.django_db

JOB = {
    "order_reference": "R-2024-001",
    "category": CATEGORY,
    "brand": "Acme",
    "fault_summary": "Does not charge",
    "postal_code": "75011",
    "customer": {"name": "Camille Martin", "email": "camille@customer.test"},
}


@pytest.fixture
def staff_a(tenant_a) -> dict[str, str]:
    manager = make_user(tenant_a, "manager@alpha.test", Role.MANAGER)
    return auth(token_for(tenant_a, manager))


def _jobs_of(tenant) -> list[str]:
    with schema_context("public"):
        return list(Job.objects.filter(tenant=tenant).values_list("order_reference", flat=True))


def test_staff_send_a_job_that_is_offered_at_once(client_a, tenant_a, staff_a):
    make_repairer("Alpharepair", "75")
    clerk = make_user(tenant_a, "clerk@alpha.test", Role.COUNTER_STAFF)

    created = post_json(client_a, "/api/network/jobs/", JOB, **staff_a)
    by_clerk = post_json(
        client_a,
        "/api/network/jobs/",
        {**JOB, "order_reference": "R-2"},
        **auth(token_for(tenant_a, clerk)),
    )

    assert created.status_code == 201
    body = created.json()
    assert (body["order_reference"], body["brand"], body["status"]) == (
        "R-2024-001",
        "acme",
        "offered",
    )
    assert "customer_name" not in body
    assert by_clerk.status_code == 201
    job = Job.objects.get(uid=body["uid"])
    assert (job.tenant_id, job.customer_name) == (tenant_a.pk, "Camille Martin")


def test_a_job_no_repairer_can_take_goes_to_the_queue_and_the_store_hears_of_it(client_a, staff_a):
    created = post_json(client_a, "/api/network/jobs/", {**JOB, "postal_code": "97400"}, **staff_a)
    updates = client_a.get("/api/network/jobs/?order_reference=R-2024-001", **staff_a)

    assert created.json()["status"] == "unassigned"
    assert [(row["order_reference"], row["kind"]) for row in updates.json()["results"]] == [
        ("R-2024-001", "unassigned")
    ]


@pytest.mark.parametrize(
    "change, field",
    [
        ({"postal_code": "75-011!"}, "postal_code"),
        ({"category": "phones & tablets!"}, "category"),
        ({"category": ""}, "category"),
        ({"fault_summary": ""}, "fault_summary"),
        ({"due_date": "tomorrow"}, "due_date"),
        ({"customer": {"email": "not-an-email"}}, "customer.email"),
        ({"customer": {"ssn": "1"}}, "customer.ssn"),
        ({"tenant": "beta"}, "tenant"),
    ],
)
def test_job_input_is_validated_by_field(client_a, tenant_a, staff_a, change, field):
    response = post_json(client_a, "/api/network/jobs/", {**JOB, **change}, **staff_a)

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]
    assert _jobs_of(tenant_a) == []


def test_an_order_sends_one_job_only(client_a, tenant_a, staff_a):
    first = post_json(client_a, "/api/network/jobs/", JOB, **staff_a)
    again = post_json(client_a, "/api/network/jobs/", {**JOB, "fault_summary": "Other"}, **staff_a)

    assert first.status_code == 201
    assert again.status_code == 409
    assert again.json()["code"] == "job_exists"
    assert list(again.json()["fields"]) == ["order_reference"]
    assert _jobs_of(tenant_a) == ["R-2024-001"]


def test_the_same_reference_in_two_tenants_is_two_jobs(client_a, client_b, tenant_b, staff_a):
    manager_b = make_user(tenant_b, "manager@beta.test", Role.MANAGER)

    in_a = post_json(client_a, "/api/network/jobs/", JOB, **staff_a)
    in_b = post_json(client_b, "/api/network/jobs/", JOB, **auth(token_for(tenant_b, manager_b)))

    assert (in_a.status_code, in_b.status_code) == (201, 201)
    assert in_a.json()["uid"] != in_b.json()["uid"]


def test_network_jobs_are_for_the_store_staff_only(
    client_a, client_b, public_client, tenant_a, tenant_b
):
    customer = make_user(tenant_a, "shopper@alpha.test", Role.CUSTOMER)
    manager_b = make_user(tenant_b, "manager@beta.test", Role.MANAGER)
    operator = auth(token_for(None, make_user(None, "ops@platform.test", Role.OPERATOR)))
    callers = {
        "anonymous": (client_a, {}, 401),
        "customer": (client_a, auth(token_for(tenant_a, customer)), 403),
        "manager of beta on alpha": (client_a, auth(token_for(tenant_b, manager_b)), 401),
        "operator on alpha": (client_a, operator, 401),
        "operator on the public host": (public_client, operator, 404),
    }

    for name, (client, headers, expected) in callers.items():
        listed = client.get("/api/network/jobs/", **headers)
        sent = post_json(client, "/api/network/jobs/", JOB, **headers)
        assert (listed.status_code, sent.status_code) == (expected, expected), name

    assert _jobs_of(tenant_a) == []


def test_each_store_reads_only_its_own_updates(client_a, client_b, tenant_b, staff_a):
    manager_b = make_user(tenant_b, "manager@beta.test", Role.MANAGER)
    staff_b = auth(token_for(tenant_b, manager_b))
    post_json(client_a, "/api/network/jobs/", {**JOB, "postal_code": "97400"}, **staff_a)
    post_json(
        client_b,
        "/api/network/jobs/",
        {**JOB, "order_reference": "BETA-9", "postal_code": "97400"},
        **staff_b,
    )

    seen_by_a = client_a.get("/api/network/jobs/", **staff_a).json()["results"]
    seen_by_b = client_b.get("/api/network/jobs/", **staff_b).json()["results"]

    assert {row["order_reference"] for row in seen_by_a} == {"R-2024-001"}
    assert {row["order_reference"] for row in seen_by_b} == {"BETA-9"}
