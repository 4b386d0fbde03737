import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shared_apps.operators.selectors import HeadCount
from tenant_apps.accounts.models import Role
from tenants.actions import TenantRequest, provision_tenant, suspend_tenant

pytestmark = pytest.mark.django_db


def test_tenant_list_shows_status_domains_and_head_counts(operator_client, tenant_a, tenant_b,
                                                          user_factory):
    # given
    user_factory(tenant_a, "ann@example.test")
    user_factory(tenant_a, "bob@example.test")
    user_factory(tenant_a, "clerk@example.test", role=Role.COUNTER_STAFF)
    user_factory(tenant_b, "ann@example.test")
    suspend_tenant(tenant_b, actor_email="ops@platform.test")

    # when
    response = operator_client.get("/")

    # then
    rows = {row.tenant.slug: row for row in response.context["rows"]}
    assert set(rows) == {"alpha", "beta"}
    assert rows["alpha"].head_count == HeadCount(customers=2, staff=2)
    assert rows["beta"].head_count == HeadCount(customers=1, staff=1)
    assert rows["alpha"].domains == ["alpha.localhost"]
    page = response.content.decode()
    assert '<span class="badge suspended">Suspended</span>' in page
    assert '<span class="badge active">Active</span>' in page
    assert "Grey label" in page and "White label" in page


def test_tenant_list_costs_one_count_query_per_tenant(operator_client):
    operator_client.get("/")
    with CaptureQueriesContext(connection) as with_two_tenants:
        operator_client.get("/")
    provision_tenant(TenantRequest(name="Gamma Count", slug="gamma-count",
                                   domain="gamma-count.localhost", admin_email="boss@gamma.test"))

    # when
    with CaptureQueriesContext(connection) as with_three_tenants:
        response = operator_client.get("/")

    # then the third tenant costs one count query, plus the statement that switches schema
    assert len(response.context["rows"]) == 3
    assert _selects(with_three_tenants) == _selects(with_two_tenants) + 1
    assert len(with_three_tenants) == len(with_two_tenants) + 2


def _selects(queries: CaptureQueriesContext) -> int:
    return sum(1 for query in queries.captured_queries if query["sql"].startswith("SELECT"))
