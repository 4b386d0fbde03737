"""The tenant status transition table, through the real action."""

import itertools

import pytest

from tenants.actions import transition_tenant
from tenants.errors import InvalidTenantTransition
from tenants.models import Tenant, TenantEvent
from tenants.schema_names import PUBLIC_SCHEMA, TEMPLATE_SCHEMA
from tenants.state import TENANT_TRANSITIONS, TenantStatus, can_transition

pytestmark = [pytest.mark.django_db, pytest.mark.isolation]

ALLOWED = {(TenantStatus.ACTIVE, TenantStatus.SUSPENDED),
           (TenantStatus.SUSPENDED, TenantStatus.ACTIVE)}
PAIRS = list(itertools.product(TenantStatus.values, TenantStatus.values))


def test_the_table_is_exactly_the_allowed_set():
    table = {(source, target) for source, targets in TENANT_TRANSITIONS.items()
             for target in targets}
    assert table == ALLOWED
    assert can_transition("deleted", TenantStatus.ACTIVE) is False
    assert can_transition(TenantStatus.ACTIVE, "deleted") is False


@pytest.mark.parametrize("source, target", PAIRS)
def test_every_transition_is_allowed_or_refused(tenant_a, tenant_b, source, target):
    Tenant.objects.filter(pk=tenant_a.pk).update(status=source)
    events_before = TenantEvent.objects.filter(tenant=tenant_a).count()
    if (source, target) in ALLOWED:
        result = transition_tenant(tenant_a, target, actor_email="ops@test")
        assert result.status == target
        assert TenantEvent.objects.filter(tenant=tenant_a).count() == events_before + 1
    else:
        with pytest.raises(InvalidTenantTransition) as error:
            transition_tenant(tenant_a, target, actor_email="ops@test")
        assert error.value.field == "status"
        assert TenantEvent.objects.filter(tenant=tenant_a).count() == events_before
    assert Tenant.objects.get(pk=tenant_a.pk).status == (
        target if (source, target) in ALLOWED else source)
    assert Tenant.objects.get(pk=tenant_b.pk).status == TenantStatus.ACTIVE


@pytest.mark.parametrize("schema", [PUBLIC_SCHEMA, TEMPLATE_SCHEMA])
@pytest.mark.parametrize("target", TenantStatus.values)
def test_public_and_template_never_transition(schema, target):
    tenant = Tenant.objects.get(schema_name=schema)
    with pytest.raises(InvalidTenantTransition):
        transition_tenant(tenant, target)
    assert Tenant.objects.get(pk=tenant.pk).status == TenantStatus.ACTIVE
