"""The workshop's queue: a tab per status with its count, search by reference, customer e-mail or
serial, pages of a fixed query cost; staff only, each tenant its own repairs."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.repairs.models import RepairOrder

from .backoffice_helpers import many_repairs, staff_client
from .helpers import at_status, new_repair

pytestmark = pytest.mark.django_db

QUEUE = "/backoffice/repairs/"


@pytest.fixture
def desk_a(client_a, tenant_a):
    return staff_client(client_a, tenant_a, "desk@alpha.test")


def _rows(response) -> str:
    return response.content.decode()


def test_tabs_count_each_status_and_a_tab_lists_only_its_own(desk_a, tenant_a):
    with tenant_context(tenant_a):
        received = many_repairs(3, status="received")
        repairing = many_repairs(2, status="repairing", start=2000)
    page = _rows(desk_a.get(QUEUE))
    assert 'data-status="received" data-count="3"' in page
    assert 'data-status="repairing" data-count="2"' in page
    assert 'data-status="diagnosing" data-count="0"' in page
    assert all(repair.reference in page for repair in received + repairing)
    tab = _rows(desk_a.get(QUEUE, {"status": "repairing"}))
    assert all(repair.reference in tab for repair in repairing)
    assert not any(repair.reference in tab for repair in received)


@pytest.mark.parametrize("query", ["R-001001", "bulk1001@example", "SN00001001", "sn 00001001"])
def test_search_by_reference_email_or_serial(desk_a, tenant_a, query):
    with tenant_context(tenant_a):
        many_repairs(3)
    page = _rows(desk_a.get(QUEUE, {"q": query}))
    assert "R-001001" in page and "R-001000" not in page and "R-001002" not in page
    assert 'data-status="received" data-count="1"' in page  # counts follow the search


def test_search_by_a_registered_customers_email(desk_a, tenant_a):
    from tenant_apps.customers.models import Customer
    from tests.conftest import make_user

    user = make_user(tenant_a, "owner@alpha.test", Role.CUSTOMER)
    with tenant_context(tenant_a):
        repair = new_repair("diagnosis")
        Customer.objects.filter(pk=repair.customer_id).update(user=user, guest_email="")
        other = new_repair("diagnosis")
    page = _rows(desk_a.get(QUEUE, {"q": "owner@alpha"}))
    assert repair.reference in page and other.reference not in page


def test_an_unknown_status_is_refused_naming_the_field(desk_a):
    response = desk_a.get(QUEUE, {"status": "lost"})
    assert response.status_code == 400 and 'data-field="status"' in _rows(response)


def _queue_queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(QUEUE, params).status_code == 200
    return len(queries)


def test_the_queue_costs_the_same_queries_for_10_and_200_repairs(desk_a, tenant_a):
    with tenant_context(tenant_a):
        many_repairs(10)
    _queue_queries(desk_a)  # warms the host -> tenant cache
    few = _queue_queries(desk_a)
    few_tab = _queue_queries(desk_a, status="received")
    with tenant_context(tenant_a):
        many_repairs(190, start=5000)
    assert _queue_queries(desk_a) == few
    assert _queue_queries(desk_a, status="received") == few_tab
    assert _queue_queries(desk_a, status="received", page=4) == few_tab


def test_pages_of_fifty(desk_a, tenant_a):
    with tenant_context(tenant_a):
        many_repairs(60)
    first, second = _rows(desk_a.get(QUEUE)), _rows(desk_a.get(QUEUE, {"page": 2}))
    assert first.count("data-repair=") == 50 and second.count("data-repair=") == 10
    assert "Page 1 of 2" in first


def test_a_status_tab_puts_the_longest_waiting_first(desk_a, tenant_a):
    now = timezone.now()
    with tenant_context(tenant_a):
        older, newer = new_repair("diagnosis"), new_repair("diagnosis")
        for repair, moved_at in ((newer, now - timedelta(days=2)), (older, now)):
            at_status(repair, "received")  # the older one moved last: it waited least
            RepairOrder.objects.filter(pk=repair.pk).update(updated_at=moved_at)
    page = _rows(desk_a.get(QUEUE, {"status": "received"}))
    assert page.index(newer.reference) < page.index(older.reference)


def test_customers_are_refused_and_visitors_sent_to_log_in(client_a, tenant_a):
    anonymous = client_a.get(QUEUE)
    assert anonymous.status_code == 302 and "/backoffice/login/" in anonymous["Location"]
    customer = staff_client(client_a, tenant_a, "buyer@alpha.test", Role.CUSTOMER)
    assert customer.get(QUEUE).status_code == 403


def test_manager_and_counter_staff_both_see_the_queue(client_a, tenant_a):
    manager = staff_client(client_a, tenant_a, "chief@alpha.test", Role.MANAGER)
    assert manager.get(QUEUE).status_code == 200


def test_tenant_b_staff_never_see_a_repairs(desk_a, client_b, tenant_a, tenant_b):
    with tenant_context(tenant_a):
        repair = new_repair("diagnosis")
        reference = repair.reference
    with tenant_context(tenant_b):
        assert not RepairOrder.objects.filter(pk=repair.pk).exists()
    desk_b = staff_client(client_b, tenant_b, "desk@beta.test")
    listed = _rows(desk_b.get(QUEUE, {"q": reference}))
    assert "data-repair=" not in listed and f">{reference}<" not in listed
    assert desk_b.get(f"{QUEUE}{repair.pk}/").status_code == 404
    assert desk_b.post(f"{QUEUE}{repair.pk}/status/", {"status": "cancelled"}).status_code == 404
    assert desk_b.post(f"{QUEUE}{repair.pk}/notes/", {"text": "x"}).status_code == 404
    with tenant_context(tenant_a):
        assert RepairOrder.objects.get(pk=repair.pk).status == "awaiting_payment"
        assert not RepairOrder.objects.get(pk=repair.pk).notes.exists()
    # and A's desk on A's host still opens it
    assert desk_a.get(f"{QUEUE}{repair.pk}/").status_code == 200
