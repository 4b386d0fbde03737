"""Order list cost: SQL statements for the back-office order list with 10 and with 1,000 orders.

Orders are written with one bulk INSERT each time (what is measured is the page, not placing);
the list is then requested in-process by a counter staff member through tenant routing, after a
warm-up request, and its statements are counted. Both figures must be equal: the list's cost
does not grow with the number of orders.
"""

from decimal import Decimal

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role, User
from tenant_apps.commerce.models import Order
from tenant_apps.commerce.order_state import OrderStatus
from tenant_apps.customers.models import Customer
from tenants.models import Tenant

STAFF_EMAIL = "bench-orders@bench.test"
GUEST_EMAIL = "bench-buyer@bench.test"
STATUSES = list(OrderStatus)


def _add_orders(tenant: Tenant, count: int) -> None:
    with tenant_context(tenant):
        customer = (Customer.objects.filter(guest_email=GUEST_EMAIL).first()
                    or Customer.objects.create(guest_email=GUEST_EMAIL, guest_name="Bench Buyer"))
        start = Order.objects.count()
        Order.objects.bulk_create([
            Order(reference=f"BENCH-{start + n:07d}", customer=customer, email=GUEST_EMAIL,
                  customer_name="Bench Buyer", vat_status="national", vat_treatment="charged",
                  shows_vat_included=True, status=STATUSES[n % len(STATUSES)],
                  total_net=Decimal("100.00"), total_tax=Decimal("20.00"),
                  total_gross=Decimal("120.00"))
            for n in range(count)
        ], batch_size=500)


def _staff_client(tenant: Tenant) -> Client:
    with tenant_context(tenant):
        user = (User.objects.filter(email=STAFF_EMAIL).first()
                or User.objects.create_user(STAFF_EMAIL, None, role=Role.COUNTER_STAFF))
        client = Client(HTTP_HOST=tenant.get_primary_domain().domain)
        client.force_login(user)
    return client


def _list_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/backoffice/orders/")
    if response.status_code != 200:
        raise RuntimeError(f"order list answered {response.status_code}")
    connection.set_schema_to_public()  # type: ignore[attr-defined]
    return len(queries.captured_queries)


def measure_order_list_queries(tenant: Tenant) -> dict[str, int]:
    """{"list_queries_10": n, "list_queries_1000": n} for ``tenant``'s order list."""
    with tenant_context(tenant):
        existing = Order.objects.count()
    if existing > 10:
        raise RuntimeError("measure the order list on a tenant with at most 10 orders")
    _add_orders(tenant, 10 - existing)
    client = _staff_client(tenant)
    client.get("/backoffice/orders/")  # warms the host -> tenant cache and the templates
    with_10 = _list_queries(client)
    _add_orders(tenant, 990)
    with_1000 = _list_queries(client)
    return {"list_queries_10": with_10, "list_queries_1000": with_1000}
