"""The default cache is keyed by schema; the routing cache is shared, query-free on a hit and
forgotten whenever a tenant, its brand or its domains change (TENANCY.md 8)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context, tenant_context

from tenants.actions import add_domain, reactivate_tenant, suspend_tenant, update_brand
from tenants.models import Brand
from tenants.routing import resolve_host
from tenants.state import TenantStatus
from tests.conftest import HOST_A, HOST_B

pytestmark = [pytest.mark.django_db, pytest.mark.isolation]


def test_key_set_under_a_is_invisible_under_b_and_public(tenant_a, tenant_b):
    with tenant_context(tenant_a):
        cache.set("basket", "alpha basket")
    with tenant_context(tenant_b):
        assert cache.get("basket") is None
        cache.set("basket", "beta basket")
    with schema_context("public"):
        assert cache.get("basket") is None
    with tenant_context(tenant_a):
        assert cache.get("basket") == "alpha basket"
        cache.delete("basket")
    with tenant_context(tenant_b):
        assert cache.get("basket") == "beta basket"


def test_login_throttle_of_a_does_not_lock_out_b(tenant_a, tenant_b, client_a, client_b,
                                                 user_factory, settings):
    user_factory(tenant_b, "same@both.test")
    for _ in range(settings.LOGIN_THROTTLE_ATTEMPTS):
        client_a.post("/account/login/", {"email": "same@both.test", "password": "wrong"})
    assert client_a.post("/account/login/", {"email": "same@both.test",
                                             "password": "wrong"}).status_code == 429
    from tests.conftest import PASSWORD
    assert client_b.post("/account/login/", {"email": "same@both.test",
                                             "password": PASSWORD}).status_code == 302


def _resolve_without_queries(hostname: str):
    with CaptureQueriesContext(connection) as queries:
        tenant = resolve_host(hostname)
    assert len(queries) == 0, [query["sql"] for query in queries]
    return tenant


def _queries_for(hostname: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        resolve_host(hostname)
    return len(queries)


def test_routing_cache_hit_makes_no_query_and_carries_the_brand(tenant_a, tenant_b):
    assert resolve_host(HOST_A).pk == tenant_a.pk
    assert resolve_host(HOST_B).pk == tenant_b.pk
    cached_a = _resolve_without_queries(HOST_A)
    assert cached_a.pk == tenant_a.pk
    assert _resolve_without_queries(HOST_B).pk == tenant_b.pk
    with CaptureQueriesContext(connection) as queries:
        assert cached_a.brand.display_name == "Alpha Phones"
    assert len(queries) == 0


def test_unknown_host_is_cached_as_unknown(tenant_a):
    assert resolve_host("nobody.localhost") is None
    assert _resolve_without_queries("nobody.localhost") is None


def test_request_on_a_cached_host_makes_no_routing_query(tenant_a, client_a):
    client_a.get("/")
    with CaptureQueriesContext(connection) as queries:
        client_a.get("/")
    assert not [q for q in queries if "tenants_domain" in q["sql"]]


def test_add_domain_forgets_cached_hosts(tenant_a, tenant_b):
    assert resolve_host("shop.alpha.test") is None
    resolve_host(HOST_A)
    add_domain(tenant_a, "shop.alpha.test", actor_email="ops@test")
    assert resolve_host("shop.alpha.test").pk == tenant_a.pk
    assert _queries_for(HOST_A) >= 1
    # B's entry is left alone
    resolve_host(HOST_B)
    assert _queries_for(HOST_B) == 0


def test_suspend_and_reactivate_forget_the_cached_tenant(tenant_a, tenant_b, client_a):
    resolve_host(HOST_A)
    resolve_host(HOST_B)
    suspend_tenant(tenant_a, actor_email="ops@test")
    assert resolve_host(HOST_A).status == TenantStatus.SUSPENDED
    assert client_a.get("/").status_code == 503
    assert _queries_for(HOST_B) == 0
    reactivate_tenant(tenant_a, actor_email="ops@test")
    assert resolve_host(HOST_A).status == TenantStatus.ACTIVE
    assert client_a.get("/").status_code == 200


def test_update_brand_forgets_the_cached_brand(tenant_a, client_a):
    assert b"Alpha Phones" in client_a.get("/").content
    update_brand(Brand.objects.get(tenant=tenant_a), {"display_name": "Alpha Repairs Now"},
                 actor_email="ops@test")
    assert resolve_host(HOST_A).brand.display_name == "Alpha Repairs Now"
    assert b"Alpha Repairs Now" in client_a.get("/").content
