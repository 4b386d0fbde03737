"""Celery tasks of the repairs app: thin, tenant-checked, idempotent.

Beat runs ``expire_quotes_everywhere`` in the public schema; it sends one
``expire_tenant_quotes`` per tenant, in that tenant's schema, so one tenant's failure never
holds back the others.
"""

from datetime import date

from celery import shared_task

from tenants.models import Tenant
from tenants.scheduling import assert_tenant

from .quote_actions import expire_quotes


def _day(today: str | None) -> date | None:
    return date.fromisoformat(today) if today else None


@shared_task
def expire_tenant_quotes(tenant_id: int, today: str | None = None) -> int:
    """Expire the tenant's overdue quotes (``today`` in ISO 8601 replays a given day)."""
    assert_tenant(tenant_id)
    return expire_quotes(today=_day(today))


@shared_task
def expire_quotes_everywhere(today: str | None = None) -> int:
    """Send ``expire_tenant_quotes`` to every tenant; returns how many were sent."""
    tenants = list(Tenant.objects.customer_facing().values_list("pk", "schema_name"))
    for tenant_id, schema in tenants:
        expire_tenant_quotes.apply_async(args=(tenant_id, today),
                                         headers={"_schema_name": schema})
    return len(tenants)
