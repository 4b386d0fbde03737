"""Tenant status and its transition table."""

from django.db import models


class TenantStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"


TENANT_TRANSITIONS: dict[str, frozenset[str]] = {
    TenantStatus.ACTIVE: frozenset({TenantStatus.SUSPENDED}),
    TenantStatus.SUSPENDED: frozenset({TenantStatus.ACTIVE}),
}


def can_transition(source: str, target: str) -> bool:
    return target in TENANT_TRANSITIONS.get(source, frozenset())
