"""The orders API: staff list, detail, moves, notes and shipping; customers' own orders;
validation, isolation and query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role, User
from tenant_apps.commerce.models import Order, OrderEvent, OrderNote
from tenant_apps.commerce.order_actions import add_note
from tenant_apps.logistics.models import Shipment
from tests.api.helpers import auth, post_json, token_for
from tests.logistics.helpers import COLISSIMO_NUMBER

from .helpers import bulk_orders, customer_user, placed_order, staff

pytestmark = pytest.mark.django_db

ORDERS = "/api/orders/"
MINE = "/api/orders/mine/"


@pytest.fixture
def desk(tenant_a) -> dict[str, str]:
    return auth(token_for(tenant_a, staff(tenant_a, "desk@alpha.test")))


def _set_status(tenant, order, status) -> None:  # type: ignore[no-untyped-def]
    with tenant_context(tenant):
        Order.objects.filter(pk=order.pk).update(status=status)


def test_staff_list_filters_and_pages_newest_first(client_a, tenant_a, desk):
    first = placed_order(tenant_a, "first@example.com")
    second = placed_order(tenant_a, "second@example.com")
    _set_status(tenant_a, second, "paid")

    def refs(query: str = "") -> list[str]:
        response = client_a.get(f"{ORDERS}?{query}", **desk)
        assert response.status_code == 200, response.json()
        return [row["reference"] for row in response.json()["results"]]

    assert refs() == [second.reference, first.reference]
    assert refs("status=paid") == [second.reference]
    assert refs("q=FIRST@") == [first.reference]
    day = first.placed_at.date().isoformat()
    assert refs(f"placed_from={day}&placed_to={day}") == [second.reference, first.reference]
    assert refs("placed_to=2000-01-01") == []
    assert refs("limit=1&offset=1") == [first.reference]
    row = client_a.get(f"{ORDERS}?limit=1", **desk).json()["results"][0]
    assert row["total_gross"] == "24.00" and row["line_count"] == 1
    assert row["email"] == "second@example.com" and row["status"] == "paid"


@pytest.mark.parametrize("query, field", [
    ("status=lost", "status"), ("placed_from=yesterday", "placed_from"),
    ("placed_from=2026-05-02&placed_to=2026-05-01", "placed_to"), ("q=" + "x" * 101, "q"),
])
def test_bad_filters_are_a_400_naming_the_field(client_a, desk, query, field):
    response = client_a.get(f"{ORDERS}?{query}", **desk)
    assert response.status_code == 400 and field in response.json()["fields"]


def test_staff_detail_has_lines_totals_history_notes_parcels_and_delivery(
        client_a, tenant_a, desk):
    order = placed_order(tenant_a, "detail@example.com")
    _set_status(tenant_a, order, "processing")
    assert post_json(client_a, f"{ORDERS}{order.pk}/notes/", {"text": "Fragile"},
                     **desk).status_code == 201
    shipped = post_json(client_a, f"{ORDERS}{order.pk}/shipments/",
                        {"carrier": "colissimo", "tracking_number": COLISSIMO_NUMBER}, **desk)
    assert shipped.status_code == 201, shipped.json()
    assert shipped.json()["tracking_url"].endswith("?code=6A12345678901")
    body = client_a.get(f"{ORDERS}{order.pk}/", **desk).json()
    assert body["reference"] == order.reference and body["status"] == "shipped"
    assert [line["quantity"] for line in body["lines"]] == [2]
    assert (body["total_net"], body["total_tax"], body["total_gross"]) == (
        "20.00", "4.00", "24.00")
    assert "vat_mention" in body and body["delivery"]["kind"] == "none"
    assert [note["text"] for note in body["notes"]] == ["Fragile"]
    assert [event["to_status"] for event in body["events"]] == ["placed", "shipped"]
    assert body["events"][-1]["actor_email"] == "desk@alpha.test"
    [parcel] = body["shipments"]
    assert parcel["carrier"] == "colissimo" and parcel["tracking_number"] == COLISSIMO_NUMBER
    assert [event["status"] for event in parcel["events"]] == ["created"]


@pytest.mark.parametrize("target", ["paid", "refunded"])
def test_payment_driven_statuses_are_a_409_naming_status(client_a, tenant_a, desk, target):
    order = placed_order(tenant_a)
    if target == "refunded":
        _set_status(tenant_a, order, "paid")
    response = post_json(client_a, f"{ORDERS}{order.pk}/transition/", {"status": target}, **desk)
    assert response.status_code == 409
    assert response.json()["code"] == "follows_payments"
    assert list(response.json()["fields"]) == ["status"]
    with tenant_context(tenant_a):
        assert Order.objects.get(pk=order.pk).status in ("placed", "paid")
        assert OrderEvent.objects.filter(order=order).count() == 1


def test_staff_move_an_order(client_a, tenant_a, desk):
    order = placed_order(tenant_a)
    response = post_json(client_a, f"{ORDERS}{order.pk}/transition/", {"status": "cancelled"},
                         **desk)
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    refused = post_json(client_a, f"{ORDERS}{order.pk}/transition/", {"status": "processing"},
                        **desk)
    assert refused.status_code == 409 and refused.json()["code"] == "invalid_transition"


@pytest.mark.parametrize("path, payload, field", [
    ("transition/", {"status": "teleported"}, "status"),
    ("transition/", {}, "status"),
    ("transition/", {"status": "cancelled", "actor": "x"}, "actor"),
    ("notes/", {"text": ""}, "text"),
    ("notes/", {"text": "x" * 2001}, "text"),
    ("notes/", {"text": "hi", "author_email": "a@b.c"}, "author_email"),
    ("shipments/", {"carrier": "colissimo", "tracking_number": "junk"}, "tracking_number"),
    ("shipments/", {"carrier": "pigeon", "tracking_number": COLISSIMO_NUMBER}, "carrier"),
    ("shipments/", {"carrier": "colissimo"}, "tracking_number"),
])
def test_bad_input_is_a_400_naming_the_field_and_changes_nothing(
        client_a, tenant_a, desk, path, payload, field):
    order = placed_order(tenant_a)
    _set_status(tenant_a, order, "processing")
    response = post_json(client_a, f"{ORDERS}{order.pk}/{path}", payload, **desk)
    assert response.status_code == 400 and field in response.json()["fields"], response.json()
    with tenant_context(tenant_a):
        assert Order.objects.get(pk=order.pk).status == "processing"
        assert not OrderNote.objects.exists() and not Shipment.objects.exists()


def test_shipping_an_order_that_is_not_processing_is_a_409(client_a, tenant_a, desk):
    order = placed_order(tenant_a)
    response = post_json(client_a, f"{ORDERS}{order.pk}/shipments/",
                         {"carrier": "colissimo", "tracking_number": COLISSIMO_NUMBER}, **desk)
    assert response.status_code == 409 and response.json()["code"] == "order_not_processing"


def test_customers_read_their_own_orders_only(client_a, tenant_a):
    mine = placed_order(tenant_a, "me@example.com")
    theirs = placed_order(tenant_a, "them@example.com")
    with tenant_context(tenant_a):
        Order.objects.filter(pk=mine.pk).update(status="processing")
    me = auth(token_for(tenant_a, _user(tenant_a, "me@example.com")))
    listing = client_a.get(MINE, **me).json()
    assert [row["reference"] for row in listing["results"]] == [mine.reference]
    assert "email" not in listing["results"][0]
    detail = client_a.get(f"{MINE}{mine.reference}/", **me)
    assert detail.status_code == 200 and detail.json()["lines"][0]["quantity"] == 2
    assert "notes" not in detail.json()
    assert all("actor_email" not in event for event in detail.json()["events"])
    assert client_a.get(f"{MINE}{theirs.reference}/", **me).status_code == 404
    assert client_a.get(f"{MINE}C-999999/", **me).status_code == 404
    assert client_a.get(f"{MINE}{'x' * 300}/", **me).status_code == 404
    # Customers reach no staff endpoint.
    assert client_a.get(ORDERS, **me).status_code == 403
    assert client_a.get(f"{ORDERS}{mine.pk}/", **me).status_code == 403
    assert post_json(client_a, f"{ORDERS}{mine.pk}/transition/", {"status": "cancelled"},
                     **me).status_code == 403
    assert client_a.get(MINE).status_code == 401


def _user(tenant, email):  # type: ignore[no-untyped-def]
    with tenant_context(tenant):
        return User.objects.get(email=email)


def test_staff_have_no_orders_of_their_own(client_a, tenant_a, desk):
    placed_order(tenant_a)
    assert client_a.get(MINE, **desk).json()["results"] == []


def test_one_store_never_sees_another_stores_orders(client_a, client_b, tenant_a, tenant_b):
    alpha_order = placed_order(tenant_a, "alpha-buyer@example.com")
    with tenant_context(tenant_b):
        assert not Order.objects.filter(pk=alpha_order.pk).exists()
    beta_desk = auth(token_for(tenant_b, staff(tenant_b, "desk@beta.test", Role.MANAGER)))
    assert client_b.get(f"{ORDERS}{alpha_order.pk}/", **beta_desk).status_code == 404
    assert post_json(client_b, f"{ORDERS}{alpha_order.pk}/transition/",
                     {"status": "cancelled"}, **beta_desk).status_code == 404
    assert post_json(client_b, f"{ORDERS}{alpha_order.pk}/notes/", {"text": "x"},
                     **beta_desk).status_code == 404
    assert client_b.get(ORDERS, **beta_desk).json()["results"] == []
    # An alpha token means nothing on beta's host; a beta customer cannot read alpha's order.
    alpha_token = auth(token_for(tenant_a, _user(tenant_a, "alpha-buyer@example.com")))
    assert client_b.get(f"{MINE}{alpha_order.reference}/", **alpha_token).status_code == 401
    customer_user(tenant_b, "alpha-buyer@example.com")
    beta_me = auth(token_for(tenant_b, _user(tenant_b, "alpha-buyer@example.com")))
    assert client_b.get(f"{MINE}{alpha_order.reference}/", **beta_me).status_code == 404
    with tenant_context(tenant_a):
        assert Order.objects.get(pk=alpha_order.pk).status == "placed"
        assert not OrderNote.objects.exists()


def _list_queries(client, headers) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{ORDERS}?status=&q=&limit=50", **headers)
    assert response.status_code == 200
    return len(queries)


def test_the_staff_list_costs_the_same_queries_for_10_and_1000_orders(client_a, tenant_a, desk):
    bulk_orders(tenant_a, 10)
    client_a.get(ORDERS, **desk)  # warms the host -> tenant cache
    with_10 = _list_queries(client_a, desk)
    bulk_orders(tenant_a, 990)
    with_1000 = _list_queries(client_a, desk)
    assert with_10 == with_1000
    with tenant_context(tenant_a):
        assert Order.objects.count() == 1000


def _detail_queries(client, headers, order) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{ORDERS}{order.pk}/", **headers)
    assert response.status_code == 200
    return len(queries)


def test_the_staff_detail_costs_the_same_queries_however_much_it_holds(
        client_a, tenant_a, desk):
    small = placed_order(tenant_a, "small@example.com")
    big = placed_order(tenant_a, "big@example.com")
    with tenant_context(tenant_a):
        for order, count in ((small, 1), (big, 5)):
            for number in range(count):
                add_note(order, f"Note {number}", author_email="desk@alpha.test")
                shipment = Shipment.objects.create(order=order, carrier="other",
                                                   tracking_number=f"P{order.pk}X{number}")
                shipment.events.create(status="created", message="Handed over")
    client_a.get(f"{ORDERS}{small.pk}/", **desk)  # warms the host -> tenant cache
    assert _detail_queries(client_a, desk, small) == _detail_queries(client_a, desk, big)
