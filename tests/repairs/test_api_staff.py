"""The repairs API, staff side: the queue by status, one repair, moves, notes and quotes."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.repairs.models import Quote, RepairNote, RepairOrder
from tests.commerce.helpers import customer_user, logged_in
from tests.conftest import make_user

from .helpers import at_status, new_repair, sent_quote

pytestmark = pytest.mark.django_db

LINES = {"lines": [{"kind": "part", "description": "Battery", "quantity": 1,
                    "unit_net": "30.00"},
                   {"kind": "labour", "description": "Fitting", "quantity": 1,
                    "unit_net": "20.00", "vat_rate": "standard"}]}


def post_json(client, url: str, body: dict):  # type: ignore[no-untyped-def]
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def desk(tenant_a, client_a):
    return logged_in(client_a, tenant_a, make_user(tenant_a, "desk@alpha.test",
                                                   Role.COUNTER_STAFF))


def test_the_queue_filters_by_status(tenant_a, desk):
    with tenant_context(tenant_a):
        waiting = new_repair("diagnosis")
        diagnosing = at_status(new_repair("diagnosis"), "diagnosing")
    everything = desk.get("/api/repairs/").json()["results"]
    filtered = desk.get("/api/repairs/?status=diagnosing").json()["results"]
    bad = desk.get("/api/repairs/?status=lost")

    assert {row["reference"] for row in everything} >= {waiting.reference, diagnosing.reference}
    assert [row["reference"] for row in filtered] == [diagnosing.reference]
    assert filtered[0]["customer_email"].endswith("@example.test")
    assert bad.status_code == 400 and "status" in bad.json()["fields"]


def test_the_queue_queries_do_not_grow_with_rows(tenant_a, desk):
    with tenant_context(tenant_a):
        new_repair("diagnosis")
    desk.get("/api/repairs/")  # warms the tenant's caches
    with CaptureQueriesContext(connection) as few:
        assert desk.get("/api/repairs/").status_code == 200
    with tenant_context(tenant_a):
        for path in ("diagnosis", "package", "on_site", "diagnosis"):
            new_repair(path)
    with CaptureQueriesContext(connection) as many:
        response = desk.get("/api/repairs/")
    assert len(response.json()["results"]) == 5
    assert len(many) == len(few)


def test_staff_move_a_repair_and_write_notes(tenant_a, desk):
    with tenant_context(tenant_a):
        repair = at_status(new_repair("diagnosis"), "received")
    base = f"/api/repairs/{repair.pk}"
    moved = post_json(desk, f"{base}/transition/", {"status": "diagnosing"})
    refused = post_json(desk, f"{base}/transition/", {"status": "completed"})
    by_quote = post_json(desk, f"{base}/transition/", {"status": "quote_sent"})
    unknown = post_json(desk, f"{base}/transition/", {"status": "teleported"})
    noted = post_json(desk, f"{base}/notes/", {"text": "Water damage inside"})
    blank = post_json(desk, f"{base}/notes/", {"text": ""})
    detail = desk.get(f"{base}/").json()

    assert moved.status_code == 200 and moved.json()["status"] == "diagnosing"
    assert refused.status_code == 409 and refused.json()["code"] == "invalid_transition"
    assert by_quote.status_code == 409 and by_quote.json()["code"] == "follows_quote"
    assert unknown.status_code == 400 and "status" in unknown.json()["fields"]
    assert noted.status_code == 201 and noted.json()["author_email"] == "desk@alpha.test"
    assert blank.status_code == 400 and "text" in blank.json()["fields"]
    assert [note["text"] for note in detail["notes"]] == ["Water damage inside"]
    assert detail["events"][-1]["actor_email"] == "desk@alpha.test"
    assert detail["allowed_targets"] == []  # a diagnosis ends with a quote


def test_staff_draft_and_send_a_quote(tenant_a, desk):
    with tenant_context(tenant_a):
        repair = at_status(new_repair("diagnosis"), "diagnosing")
    drafted = post_json(desk, f"/api/repairs/{repair.pk}/quotes/", LINES)
    assert drafted.status_code == 201, drafted.json()
    quote = drafted.json()
    assert quote["status"] == "draft" and quote["total_gross"] == "60.00"
    again = post_json(desk, f"/api/repairs/{repair.pk}/quotes/", LINES)
    sent = post_json(desk, f"/api/repairs/{repair.pk}/quotes/{quote['id']}/send/", {})
    resent = post_json(desk, f"/api/repairs/{repair.pk}/quotes/{quote['id']}/send/", {})

    assert again.status_code == 409 and again.json()["code"] == "draft_exists"
    assert sent.status_code == 200 and sent.json()["status"] == "sent"
    assert sent.json()["valid_until"]
    assert resent.status_code == 409
    with tenant_context(tenant_a):
        assert RepairOrder.objects.get(pk=repair.pk).status == "quote_sent"


@pytest.mark.parametrize(("body", "field"), [
    ({"lines": []}, "lines"),
    ({"lines": [{**LINES["lines"][0], "unit_net": "-1"}]}, "lines.0.unit_net"),
    ({"lines": [{**LINES["lines"][0], "kind": "bribe"}]}, "lines.0.kind"),
    ({"lines": [LINES["lines"][0], {**LINES["lines"][1], "quantity": 0}]}, "lines.1.quantity"),
    ({"lines": [{**LINES["lines"][0], "colour": "red"}]}, "lines.0.colour"),
    ({**LINES, "discount": "10"}, "discount"),
])
def test_bad_quote_input_is_a_400_naming_the_field(tenant_a, desk, body, field):
    with tenant_context(tenant_a):
        repair = at_status(new_repair("diagnosis"), "diagnosing")
    response = post_json(desk, f"/api/repairs/{repair.pk}/quotes/", body)
    assert response.status_code == 400, response.json()
    assert field in response.json()["fields"]
    with tenant_context(tenant_a):
        assert not Quote.objects.filter(repair_order=repair).exists()


def test_a_quote_of_another_repair_is_404(tenant_a, desk):
    with tenant_context(tenant_a):
        first = at_status(new_repair("diagnosis"), "diagnosing")
        second = at_status(new_repair("diagnosis"), "diagnosing")
        quote = sent_quote(first)
    response = post_json(desk, f"/api/repairs/{second.pk}/quotes/{quote.pk}/send/", {})
    assert response.status_code == 404
    assert desk.get(f"/api/repairs/{2**63}/").status_code == 404


def test_customers_are_refused_the_staff_side(tenant_a, client_a):
    with tenant_context(tenant_a):
        repair = at_status(new_repair("diagnosis"), "diagnosing")
    anonymous = client_a.get("/api/repairs/")
    client = logged_in(client_a, tenant_a, customer_user(tenant_a, "nosy@alpha.test"))
    base = f"/api/repairs/{repair.pk}"
    assert anonymous.status_code == 401
    assert client.get("/api/repairs/").status_code == 403
    assert client.get(f"{base}/").status_code == 403
    assert post_json(client, f"{base}/transition/", {"status": "cancelled"}).status_code == 403
    assert post_json(client, f"{base}/notes/", {"text": "hi"}).status_code == 403
    assert post_json(client, f"{base}/quotes/", LINES).status_code == 403
    with tenant_context(tenant_a):
        assert RepairOrder.objects.get(pk=repair.pk).status == "diagnosing"
        assert not RepairNote.objects.filter(repair_order=repair).exists()


def test_staff_of_tenant_b_never_reach_tenant_a(tenant_a, tenant_b, client_b):
    with tenant_context(tenant_b):
        highest_on_b = max(RepairOrder.objects.values_list("pk", flat=True), default=0)
    with tenant_context(tenant_a):
        repair = at_status(new_repair("diagnosis"), "diagnosing")
        while repair.pk <= highest_on_b:  # an id that names nothing on B
            repair = at_status(new_repair("diagnosis"), "diagnosing")
        email = repair.customer.guest_email
    client = logged_in(client_b, tenant_b, make_user(tenant_b, "desk@beta.test",
                                                     Role.COUNTER_STAFF))
    listed = client.get("/api/repairs/").json()["results"]
    assert email not in {row["customer_email"] for row in listed}
    assert client.get(f"/api/repairs/{repair.pk}/").status_code == 404
    assert post_json(client, f"/api/repairs/{repair.pk}/notes/", {"text": "x"}).status_code == 404
    assert post_json(client, f"/api/repairs/{repair.pk}/transition/",
                     {"status": "cancelled"}).status_code == 404
    with tenant_context(tenant_a):
        assert not RepairNote.objects.filter(repair_order=repair).exists()
        assert RepairOrder.objects.get(pk=repair.pk).status == "diagnosing"
