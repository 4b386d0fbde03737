"""Review: hostile filters and references on the orders back office and API are 4xx or empty
results, never a 500."""

import pytest
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tests.api.helpers import auth, token_for
from tests.conftest import make_user

from .helpers import placed_order, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client_a, tenant_a):
    with tenant_context(tenant_a):
        client_a.force_login(make_user(tenant_a, "review-manager@alpha.test", Role.MANAGER))
    return client_a


@pytest.mark.parametrize("query", ["placed_to=9999-12-31", "placed_from=0001-01-01",
                                   "placed_from=0001-01-01&placed_to=9999-12-31"])
def test_the_widest_dates_filter_nothing_out(manager_client, client_a, tenant_a, query):
    order = placed_order(tenant_a, "wide@example.com")
    desk = auth(token_for(tenant_a, staff(tenant_a, "desk@alpha.test")))

    page = manager_client.get(f"/backoffice/orders/?{query}")
    export = manager_client.get(f"/backoffice/orders/export.csv?{query}")
    api = client_a.get(f"/api/orders/?{query}", **desk)

    assert page.status_code == 200
    assert order.reference in page.content.decode()
    assert export.status_code == 200
    assert order.reference in b"".join(export.streaming_content).decode("utf-8-sig")
    assert api.status_code == 200
    assert [row["reference"] for row in api.json()["results"]] == [order.reference]


def test_the_to_day_is_included_up_to_its_last_minute(manager_client, tenant_a):
    order = placed_order(tenant_a, "today@example.com")
    day = order.placed_at.date().isoformat()

    response = manager_client.get(f"/backoffice/orders/?placed_from={day}&placed_to={day}")

    assert order.reference in response.content.decode()


@pytest.mark.parametrize("reference", ["%00", "C-0%0000001"])
def test_a_reference_with_a_nul_is_a_404(client_a, tenant_a, reference):
    order = placed_order(tenant_a, "nul@example.com")
    with tenant_context(tenant_a):
        user = order.customer.user

    response = client_a.get(f"/api/orders/mine/{reference}/", **auth(token_for(tenant_a, user)))

    assert response.status_code == 404
