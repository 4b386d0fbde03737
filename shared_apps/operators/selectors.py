"""Read models of the operator console: tenants with their domains, brand and head counts."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import STAFF_ROLES, Role, User
from tenants.models import Brand, Tenant, TenantEvent, TenantQuerySet

RECENT_EVENTS = 50


@dataclass(frozen=True)
class HeadCount:
    customers: int
    staff: int


@dataclass(frozen=True)
class TenantRow:
    tenant: Tenant
    domains: list[str]
    head_count: HeadCount


@dataclass(frozen=True)
class TenantDetail:
    tenant: Tenant
    brand: Brand | None
    domains: list[str]
    head_count: HeadCount
    events: list[TenantEvent]


def console_tenants() -> TenantQuerySet:
    """The tenants an operator manages: every real tenant, never the public or template schema."""
    return Tenant.objects.customer_facing()


def count_people(tenant: Tenant) -> HeadCount:
    """Customers and store staff of one tenant: exactly one query, run in the tenant's schema."""
    with tenant_context(tenant):
        counts = User.objects.aggregate(
            customers=Count("pk", filter=Q(role=Role.CUSTOMER)),
            staff=Count("pk", filter=Q(role__in=STAFF_ROLES)),
        )
    return HeadCount(customers=counts["customers"], staff=counts["staff"])


def tenant_rows() -> list[TenantRow]:
    """Every tenant for the list page: two queries in public, then one count query per tenant
    (users live in each tenant's own schema, so there is nothing to join across)."""
    tenants = console_tenants().prefetch_related("domains")
    return [
        TenantRow(
            tenant=tenant,
            domains=[domain.domain for domain in tenant.domains.all()],
            head_count=count_people(tenant),
        )
        for tenant in tenants
    ]


def tenant_detail(tenant: Tenant) -> TenantDetail:
    brand = Brand.objects.filter(tenant=tenant).first()
    return TenantDetail(
        tenant=tenant,
        brand=brand,
        domains=list(tenant.domains.values_list("domain", flat=True)),
        head_count=count_people(tenant),
        events=list(TenantEvent.objects.filter(tenant=tenant)[:RECENT_EVENTS]),
    )
