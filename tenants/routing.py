"""Host -> tenant resolution with a shared cache.

A hit costs no query at all: the cached value is the tenant with its brand already attached. Any
action that changes a tenant, its brand or its domains calls ``forget_tenant`` (now and again after
commit, so a request racing the transaction cannot put the old value back for long).
"""

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

from .models import Domain, Tenant

_UNKNOWN = "unknown"


def _cache():  # type: ignore[no-untyped-def]
    return caches["tenancy"]


def _key(hostname: str) -> str:
    return f"host:{hostname}"


def resolve_host(hostname: str) -> Tenant | None:
    """The tenant serving ``hostname``, or None for a host no tenant owns."""
    cached = _cache().get(_key(hostname))
    if cached == _UNKNOWN:
        return None
    if cached is not None:
        return cached
    domain = (
        Domain.objects.select_related("tenant", "tenant__brand").filter(domain=hostname).first()
    )
    timeout = settings.TENANT_ROUTING_CACHE_SECONDS
    if domain is None:
        _cache().set(_key(hostname), _UNKNOWN, timeout)
        return None
    tenant = domain.tenant
    _cache().set(_key(hostname), tenant, timeout)
    return tenant


def forget_hosts(hostnames: list[str]) -> None:
    keys = [_key(host) for host in hostnames]

    def _delete() -> None:
        _cache().delete_many(keys)

    _delete()
    transaction.on_commit(_delete)


def forget_tenant(tenant: Tenant) -> None:
    forget_hosts(list(Domain.objects.filter(tenant=tenant).values_list("domain", flat=True)))
