"""The orders back office: who may see it, filters, search, preview, detail, moves and notes,
and that one store never sees another's orders."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.commerce.models import Order, OrderEvent, OrderNote
from tests.commerce.helpers import logged_in

from .helpers import bulk_orders, customer_user, placed_order, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk_a(client_a, tenant_a):  # type: ignore[no-untyped-def]
    return logged_in(client_a, tenant_a, staff(tenant_a, "desk@alpha.test"))


def test_anonymous_visitors_go_to_the_staff_login(client_a, tenant_a):
    order = placed_order(tenant_a)
    for path in ("/backoffice/orders/", f"/backoffice/orders/{order.pk}/"):
        response = client_a.get(path)
        assert response.status_code == 302 and "/backoffice/login/" in response["Location"]
    response = client_a.post(f"/backoffice/orders/{order.pk}/status/", {"status": "cancelled"})
    assert response.status_code == 302
    with tenant_context(tenant_a):
        assert Order.objects.get(pk=order.pk).status == "placed"


def test_customers_are_forbidden(client_a, tenant_a):
    order = placed_order(tenant_a)
    logged_in(client_a, tenant_a, customer_user(tenant_a, "shopper@example.com"))
    assert client_a.get("/backoffice/orders/").status_code == 403
    assert client_a.get(f"/backoffice/orders/{order.pk}/").status_code == 403
    response = client_a.post(f"/backoffice/orders/{order.pk}/notes/", {"text": "hi"})
    assert response.status_code == 403
    with tenant_context(tenant_a):
        assert not OrderNote.objects.exists()


@pytest.mark.parametrize("role", [Role.COUNTER_STAFF, Role.MANAGER])
def test_staff_see_the_list_and_the_detail(client_a, tenant_a, role):
    order = placed_order(tenant_a, "list@example.com")
    logged_in(client_a, tenant_a, staff(tenant_a, f"{role}@alpha.test", role))
    listing = client_a.get("/backoffice/orders/").content.decode()
    assert order.reference in listing and "list@example.com" in listing
    detail = client_a.get(f"/backoffice/orders/{order.pk}/").content.decode()
    assert order.reference in detail and "Cable for list@example.com" in detail
    # "Paid" follows the payments: staff are offered cancelling only.
    assert 'data-target="cancelled"' in detail
    assert 'data-target="paid"' not in detail and 'data-target="shipped"' not in detail


def test_filters_and_search(desk_a, tenant_a):
    first = placed_order(tenant_a, "first@example.com")
    second = placed_order(tenant_a, "second@example.com")
    with tenant_context(tenant_a):
        Order.objects.filter(pk=second.pk).update(status="paid")

    def shown(query: str) -> set[str]:
        body = desk_a.get(f"/backoffice/orders/?{query}").content.decode()
        return {ref for ref in (first.reference, second.reference) if ref in body}

    assert shown("status=paid") == {second.reference}
    assert shown("q=FIRST@") == {first.reference}
    assert shown(f"q={second.reference}") == {second.reference}
    day = first.placed_at.date().isoformat()
    assert shown(f"placed_from={day}&placed_to={day}") == {first.reference, second.reference}
    assert shown("placed_to=2000-01-01") == set()


@pytest.mark.parametrize("query, field", [
    ("placed_from=yesterday", "placed_from"),
    ("placed_to=2026-13-40", "placed_to"),
    ("placed_from=2026-05-02&placed_to=2026-05-01", "placed_to"),
    ("status=lost", "status"),
    ("preview=abc", "preview"),
])
def test_bad_filters_are_a_400_naming_the_field(desk_a, query, field):
    response = desk_a.get(f"/backoffice/orders/?{query}")
    assert response.status_code == 400
    assert f'data-field="{field}"' in response.content.decode()


def test_quick_preview_is_a_fragment_with_the_lines(desk_a, tenant_a):
    order = placed_order(tenant_a, "peek@example.com")
    response = desk_a.get(f"/backoffice/orders/?preview={order.pk}")
    body = response.content.decode()
    assert response.status_code == 200 and 'id="order-preview"' in body
    assert "Cable for peek@example.com" in body and "<html" not in body
    assert desk_a.get("/backoffice/orders/?preview=999999").status_code == 404


def _paid(tenant, order) -> None:  # type: ignore[no-untyped-def]
    """What tenant_apps.payments does once the payments cover the order."""
    with tenant_context(tenant):
        Order.objects.filter(pk=order.pk).update(status="paid")
        OrderEvent.objects.create(order=order, from_status="placed", to_status="paid")


@pytest.mark.parametrize("target", ["paid", "refunded"])
def test_staff_cannot_set_payment_driven_statuses_by_hand(desk_a, tenant_a, target):
    order = placed_order(tenant_a)
    if target == "refunded":
        _paid(tenant_a, order)
    before = "placed" if target == "paid" else "paid"
    response = desk_a.post(f"/backoffice/orders/{order.pk}/status/", {"status": target})
    body = response.content.decode()
    assert response.status_code == 409 and 'id="order-error"' in body
    assert "through its payments" in body and 'data-field="status"' in body
    with tenant_context(tenant_a):
        assert Order.objects.get(pk=order.pk).status == before
        assert not OrderEvent.objects.filter(order=order, actor_email="desk@alpha.test").exists()


def test_staff_move_an_order_and_the_history_shows_it(desk_a, tenant_a):
    order = placed_order(tenant_a)
    _paid(tenant_a, order)
    detail = desk_a.get(f"/backoffice/orders/{order.pk}/").content.decode()
    assert 'data-target="processing"' in detail and 'data-target="refunded"' not in detail
    response = desk_a.post(f"/backoffice/orders/{order.pk}/status/", {"status": "processing"})
    assert response.status_code == 302
    refused = desk_a.post(f"/backoffice/orders/{order.pk}/status/", {"status": "completed"})
    assert refused.status_code == 409 and 'id="order-error"' in refused.content.decode()
    assert desk_a.post(f"/backoffice/orders/{order.pk}/status/",
                       {"status": "nope"}).status_code == 400
    with tenant_context(tenant_a):
        assert Order.objects.get(pk=order.pk).status == "processing"
        assert list(OrderEvent.objects.filter(order=order).values_list(
            "to_status", "actor_email")) == [("placed", "buyer@example.com"), ("paid", ""),
                                             ("processing", "desk@alpha.test")]
    detail = desk_a.get(f"/backoffice/orders/{order.pk}/").content.decode()
    assert 'data-to="processing"' in detail and 'data-target="shipped"' in detail
    assert 'id="shipment-form"' in detail


def test_the_list_hints_whether_an_order_is_paid(desk_a, tenant_a):
    unpaid = placed_order(tenant_a, "unpaid@example.com")
    paid = placed_order(tenant_a, "paid@example.com")
    _paid(tenant_a, paid)
    body = desk_a.get("/backoffice/orders/").content.decode()
    unpaid_row = body[body.index(f'data-order="{unpaid.pk}"'):]
    paid_row = body[body.index(f'data-order="{paid.pk}"'):]
    assert 'data-paid="no"' in unpaid_row.split("</tr>")[0]
    assert 'data-paid="yes"' in paid_row.split("</tr>")[0]


def test_staff_add_notes(desk_a, tenant_a):
    order = placed_order(tenant_a)
    assert desk_a.post(f"/backoffice/orders/{order.pk}/notes/",
                       {"text": "Called back"}).status_code == 302
    empty = desk_a.post(f"/backoffice/orders/{order.pk}/notes/", {"text": ""})
    assert empty.status_code == 400 and 'data-field="text"' in empty.content.decode()
    assert "Called back" in desk_a.get(f"/backoffice/orders/{order.pk}/").content.decode()
    with tenant_context(tenant_a):
        assert list(OrderNote.objects.values_list("author_email", "text")) == [
            ("desk@alpha.test", "Called back")]


def _order_unknown_to(tenant_b, tenant_a):  # type: ignore[no-untyped-def]
    """An alpha order whose id names no order in beta's schema."""
    with tenant_context(tenant_b):
        beta_ids = set(Order.objects.values_list("pk", flat=True))
    order = placed_order(tenant_a, "alpha-buyer@example.com")
    while order.pk in beta_ids:
        order = placed_order(tenant_a, f"alpha-{order.pk}@example.com")
    return order


def test_one_store_never_sees_another_stores_orders(client_b, tenant_a, tenant_b, desk_a):
    placed_order(tenant_b, "beta-buyer@example.com")
    alpha_order = _order_unknown_to(tenant_b, tenant_a)
    logged_in(client_b, tenant_b, staff(tenant_b, "desk@beta.test"))
    assert client_b.get(f"/backoffice/orders/{alpha_order.pk}/").status_code == 404
    assert client_b.get(f"/backoffice/orders/?preview={alpha_order.pk}").status_code == 404
    assert client_b.post(f"/backoffice/orders/{alpha_order.pk}/status/",
                         {"status": "paid"}).status_code == 404
    assert client_b.post(f"/backoffice/orders/{alpha_order.pk}/notes/",
                         {"text": "x"}).status_code == 404
    listing_b = client_b.get("/backoffice/orders/").content.decode()
    listing_a = desk_a.get("/backoffice/orders/").content.decode()
    assert "beta-buyer@example.com" in listing_b and "alpha-buyer@example.com" not in listing_b
    assert "alpha-buyer@example.com" in listing_a and "beta-buyer@example.com" not in listing_a
    with tenant_context(tenant_a):
        assert Order.objects.get(pk=alpha_order.pk).status == "placed"
        assert not OrderNote.objects.exists()


def _list_queries(client) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/backoffice/orders/?status=&q=")
    assert response.status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_for_10_and_1000_orders(desk_a, tenant_a):
    bulk_orders(tenant_a, 10)
    desk_a.get("/backoffice/orders/")  # warms the host -> tenant cache
    with_10 = _list_queries(desk_a)
    bulk_orders(tenant_a, 990)
    with_1000 = _list_queries(desk_a)
    assert with_10 == with_1000
    with tenant_context(tenant_a):
        assert Order.objects.count() == 1000
