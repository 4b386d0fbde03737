"""provision_tenant: field-named validation errors that leave nothing behind, and creation
serialised by an advisory lock."""

import threading
import time
from dataclasses import replace

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from tenants.actions import PROVISIONING_LOCK_KEY, TenantRequest, provision_tenant
from tenants.errors import ProvisioningError
from tenants.models import Domain, Tenant

pytestmark = [pytest.mark.django_db, pytest.mark.isolation]

GOOD = TenantRequest(name="Gamma Fix", slug="gamma", domain="gamma.localhost",
                     admin_email="boss@gamma.test")


def _schema_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 't\\_%%'")
        return cursor.fetchone()[0]


@pytest.mark.parametrize("changes, field", [
    ({"name": ""}, "name"),
    ({"name": "x" * 121}, "name"),
    ({"slug": "2gamma"}, "slug"),
    ({"slug": "x/../acme"}, "slug"),
    ({"slug": "alpha"}, "slug"),
    ({"domain": "not a host"}, "domain"),
    ({"domain": "gamma.localhost/evil"}, "domain"),
    ({"domain": "alpha.localhost"}, "domain"),
    ({"domain": "ALPHA.localhost "}, "domain"),
    ({"admin_email": "nope"}, "admin_email"),
    ({"kind": "bank"}, "kind"),
    ({"label_mode": "black"}, "label_mode"),
    ({"brand": {"primary_color": "red"}}, "brand.primary_color"),
    ({"brand": {"siret": "12345678901234"}}, "brand.siret"),
    ({"brand": {"schema_name": "public"}}, "brand.schema_name"),
])
def test_invalid_request_names_the_field_and_leaves_nothing(tenant_a, changes, field):
    tenants_before, schemas_before = Tenant.objects.count(), _schema_count()
    with pytest.raises(ProvisioningError) as error:
        provision_tenant(replace(GOOD, **changes), actor_email="ops@test")
    assert error.value.field == field
    assert error.value.code
    assert Tenant.objects.count() == tenants_before
    assert _schema_count() == schemas_before
    assert not Domain.objects.filter(domain="gamma.localhost").exists()


def test_provisioning_takes_the_advisory_lock(tenant_a):
    with CaptureQueriesContext(connection) as queries:
        tenant = provision_tenant(GOOD, actor_email="ops@test")
    assert any("pg_advisory_xact_lock" in query["sql"] for query in queries)
    assert Tenant.objects.get(slug="gamma").schema_name == tenant.schema_name


# --- Two provisionings at once, on real connections that commit -------------------------------

def _in_thread(target, *args):
    outcome = {}

    def run():
        try:
            outcome["value"] = target(*args)
        except Exception as error:  # reported to the test below
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def _drop_tenants(slugs):
    for tenant in Tenant.objects.filter(slug__in=slugs):
        tenant.delete(force_drop=True)


def _waiting_for_lock(cursor) -> int:
    cursor.execute(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
        "AND objid = %s AND database = (SELECT oid FROM pg_database "
        "WHERE datname = current_database())", [PROVISIONING_LOCK_KEY])
    return cursor.fetchone()[0]


@pytest.fixture
def lock_holder(tenant_a):
    """A separate, autocommit connection: what it locks is seen by every other session."""
    holder = connection.copy()
    holder.connect()
    holder.set_autocommit(True)
    yield holder
    holder.close()


def test_concurrent_provisionings_wait_for_the_lock_then_both_succeed(lock_holder):
    requests = [
        TenantRequest(name="Delta", slug="delta-h", domain="delta.localhost",
                      admin_email="boss@delta.test"),
        TenantRequest(name="Epsilon", slug="epsilon-h", domain="epsilon.localhost",
                      admin_email="boss@epsilon.test"),
    ]
    cursor = lock_holder.cursor()
    cursor.execute("SELECT pg_advisory_lock(%s)", [PROVISIONING_LOCK_KEY])
    threads = []
    try:
        threads = [_in_thread(provision_tenant, request) for request in requests]
        deadline = time.monotonic() + 20
        while _waiting_for_lock(cursor) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        # then: both wait on the lock, neither has created anything yet
        assert _waiting_for_lock(cursor) == 2
        assert all(thread.is_alive() for thread, _ in threads)
    finally:
        cursor.execute("SELECT pg_advisory_unlock(%s)", [PROVISIONING_LOCK_KEY])
        for thread, _ in threads:
            thread.join(timeout=60)
    try:
        outcomes = [outcome for _, outcome in threads]
        assert [outcome.get("error") for outcome in outcomes] == [None, None]
        schemas = {outcome["value"].schema_name for outcome in outcomes}
        assert len(schemas) == 2
        cursor.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = ANY(%s)"
                       " AND table_name = 'accounts_user'", [list(schemas)])
        assert cursor.fetchone()[0] == 2
    finally:
        cleanup, outcome = _in_thread(_drop_tenants, [r.slug for r in requests])
        cleanup.join(timeout=60)
        assert "error" not in outcome
    cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname = ANY(%s)", [list(schemas)])
    assert cursor.fetchone()[0] == 0
    cursor.close()
