"""Celery tasks of logistics: thin, tenant-checked, idempotent.

Beat runs ``advance_simulated_shipments_everywhere`` in the public schema every minute; it sends
one ``advance_tenant_simulated_shipments`` per tenant, in that tenant's schema, so one tenant's
failure never holds back the others. Each parcel plays a step only when it is due
(``Shipment.next_step_at``), so a repeated or concurrent run advances it once.
"""

from datetime import datetime

from celery import shared_task

from tenants.models import Tenant
from tenants.scheduling import assert_tenant

from .simulation import advance_due_shipments


@shared_task
def advance_tenant_simulated_shipments(tenant_id: int, now: str | None = None) -> int:
    """Play the due tracking steps of the tenant's demo parcels (``now``: ISO 8601, replays)."""
    assert_tenant(tenant_id)
    return advance_due_shipments(now=datetime.fromisoformat(now) if now else None)


@shared_task
def advance_simulated_shipments_everywhere(now: str | None = None) -> int:
    """Send ``advance_tenant_simulated_shipments`` to every tenant; returns how many were sent."""
    tenants = list(Tenant.objects.customer_facing().values_list("pk", "schema_name"))
    for tenant_id, schema in tenants:
        advance_tenant_simulated_shipments.apply_async(args=(tenant_id, now),
                                                       headers={"_schema_name": schema})
    return len(tenants)
