"""The CSV export of orders: who may download it, the filters, the columns, formula escaping,
its query count and isolation between stores."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.commerce.models import Order
from tenant_apps.logistics.models import Shipment
from tests.commerce.helpers import logged_in

from .helpers import bulk_orders, customer_user, placed_order, staff

pytestmark = pytest.mark.django_db

EXPORT = "/backoffice/orders/export.csv"


@pytest.fixture
def boss_a(client_a, tenant_a):  # type: ignore[no-untyped-def]
    return logged_in(client_a, tenant_a, staff(tenant_a, "boss2@alpha.test", Role.MANAGER))


def _rows(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="orders-')
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_managers_export_the_filtered_orders_with_their_tracking_numbers(boss_a, tenant_a):
    first = placed_order(tenant_a, "first@example.com")
    second = placed_order(tenant_a, "second@example.com")
    with tenant_context(tenant_a):
        Order.objects.filter(pk=second.pk).update(status="shipped", delivery_label="Colissimo")
        Shipment.objects.create(order=second, carrier="colissimo",
                                tracking_number="6A12345678901")
        Shipment.objects.create(order=second, carrier="other", tracking_number="SECOND123")
    header, *rows = _rows(boss_a.get(EXPORT))
    assert header == ["Reference", "Placed at", "Status", "Customer", "E-mail", "VAT status",
                      "Total excl. VAT", "VAT", "Total incl. VAT", "Currency",
                      "Delivery method", "Tracking numbers"]
    assert [row[0] for row in rows] == [second.reference, first.reference]
    shipped = rows[0]
    assert shipped[2] == "Shipped" and shipped[4] == "second@example.com"
    assert shipped[6:10] == ["20.00", "4.00", "24.00", "EUR"]
    assert shipped[10] == "Colissimo" and shipped[11] == "6A12345678901 SECOND123"
    assert rows[1][11] == ""
    [only] = _rows(boss_a.get(f"{EXPORT}?status=shipped"))[1:]
    assert only[0] == second.reference
    assert len(_rows(boss_a.get(f"{EXPORT}?q=first@"))) == 2


def test_the_list_links_to_the_export_with_its_filters_for_managers_only(
        boss_a, client_b, tenant_a, tenant_b):
    body = boss_a.get("/backoffice/orders/?status=paid&q=x&page=2").content.decode()
    assert 'id="order-export"' in body and "export.csv?status=paid&amp;q=x" in body
    assert "page=2" not in body.split('id="order-export"')[0].rsplit("<a", 1)[1]
    logged_in(client_b, tenant_b, staff(tenant_b, "desk@beta.test"))
    assert 'id="order-export"' not in client_b.get("/backoffice/orders/").content.decode()


def test_only_managers_may_export(client_a, tenant_a):
    placed_order(tenant_a)
    anonymous = client_a.get(EXPORT)
    assert anonymous.status_code == 302 and "/backoffice/login/" in anonymous["Location"]
    logged_in(client_a, tenant_a, customer_user(tenant_a, "shopper@example.com"))
    assert client_a.get(EXPORT).status_code == 403
    logged_in(client_a, tenant_a, staff(tenant_a, "desk@alpha.test"))
    assert client_a.get(EXPORT).status_code == 403


def test_bad_filters_are_a_400_naming_the_field(boss_a):
    response = boss_a.get(f"{EXPORT}?placed_from=yesterday")
    assert response.status_code == 400 and "placed_from" in response.content.decode()


@pytest.mark.parametrize("name", ["=HYPERLINK(\"http://evil\")", "+33 1", "-2+3", "@SUM(A1)",
                                  "\t=1"])
def test_cells_that_spreadsheets_read_as_formulas_are_defused(boss_a, tenant_a, name):
    order = placed_order(tenant_a)
    with tenant_context(tenant_a):
        Order.objects.filter(pk=order.pk).update(customer_name=name)
        Shipment.objects.create(order=order, carrier="other", tracking_number="=CMD")
    [row] = _rows(boss_a.get(EXPORT))[1:]
    assert row[3] == f"'{name}" and row[11] == "'=CMD"


def test_plain_cells_are_left_alone(boss_a, tenant_a):
    order = placed_order(tenant_a)
    with tenant_context(tenant_a):
        Order.objects.filter(pk=order.pk).update(customer_name="Zoë d'Arc = star")
    [row] = _rows(boss_a.get(EXPORT))[1:]
    assert row[3] == "Zoë d'Arc = star"


def _export_queries(client) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        rows = _rows(client.get(EXPORT))
    return len(queries), len(rows)


def test_the_export_costs_the_same_queries_for_10_and_1000_orders(boss_a, tenant_a):
    bulk_orders(tenant_a, 10)
    boss_a.get("/backoffice/orders/")  # warms the host -> tenant cache
    queries_10, rows_10 = _export_queries(boss_a)
    bulk_orders(tenant_a, 990)
    queries_1000, rows_1000 = _export_queries(boss_a)
    assert (rows_10, rows_1000) == (11, 1001)
    assert queries_10 == queries_1000


def test_an_export_holds_its_own_stores_orders_only(boss_a, client_b, tenant_a, tenant_b):
    alpha = placed_order(tenant_a, "alpha-buyer@example.com")
    beta = placed_order(tenant_b, "beta-buyer@example.com")
    logged_in(client_b, tenant_b, staff(tenant_b, "boss2@beta.test", Role.MANAGER))
    alpha_rows = _rows(boss_a.get(EXPORT))[1:]
    beta_rows = _rows(client_b.get(EXPORT))[1:]
    assert [(row[0], row[4]) for row in alpha_rows] == [(alpha.reference,
                                                          "alpha-buyer@example.com")]
    assert [(row[0], row[4]) for row in beta_rows] == [(beta.reference,
                                                        "beta-buyer@example.com")]
