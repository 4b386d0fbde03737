"""Absolute links to a tenant's own domain, for e-mails and redirects (never the request's Host)."""

from django.conf import settings

from .models import Domain, Tenant


def primary_domain(tenant: Tenant) -> str:
    domain = Domain.objects.filter(tenant=tenant).order_by("-is_primary", "id").first()
    if domain is None:
        raise LookupError(f"Tenant {tenant.slug} has no domain.")
    return domain.domain


def absolute_url(host: str, path: str) -> str:
    port = f":{settings.SITE_PORT}" if settings.SITE_PORT else ""
    return f"{settings.SITE_SCHEME}://{host}{port}{path}"


def tenant_url(tenant: Tenant, path: str) -> str:
    return absolute_url(primary_domain(tenant), path)
