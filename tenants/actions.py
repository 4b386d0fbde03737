"""Every state change of a tenant: provisioning, suspension, branding, domains."""

import logging
import re
import time
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django_tenants.utils import schema_context, tenant_context

from .context import current_schema
from .errors import InvalidTenantTransition, ProvisioningError
from .models import (
    BRAND_EDITABLE_FIELDS,
    Brand,
    Domain,
    LabelMode,
    Tenant,
    TenantEvent,
    TenantKind,
    validate_hostname,
)
from .routing import forget_hosts, forget_tenant
from .schema_names import PUBLIC_SCHEMA, TEMPLATE_SCHEMA, generate_schema_name
from .state import TenantStatus, can_transition

logger = logging.getLogger(__name__)

# Key of the PostgreSQL advisory lock that serialises tenant creation: two requests for the same
# slug or domain check and create one after the other.
PROVISIONING_LOCK_KEY = 0x4157414C


@dataclass
class TenantRequest:
    """What an operator asks for when onboarding a tenant."""

    name: str
    slug: str
    domain: str
    admin_email: str
    kind: str = TenantKind.RETAIL_CHAIN
    label_mode: str = LabelMode.WHITE
    brand: dict[str, str] = field(default_factory=dict)


def _field_error(field_name: str, message: str, code: str) -> ProvisioningError:
    return ProvisioningError(message, code=code, field=field_name)


def validate_tenant_request(request: TenantRequest) -> TenantRequest:
    """Normalise and check every field; raise ProvisioningError naming the first bad one."""
    name = (request.name or "").strip()
    if not name or len(name) > 120:
        raise _field_error("name", "A name of 1-120 characters is required.", "invalid_name")
    slug = (request.slug or "").strip().lower()
    if not re.fullmatch(r"[a-z][a-z0-9-]{1,39}", slug):
        raise _field_error(
            "slug",
            "Use 2-40 lowercase letters, digits or hyphens, starting with a letter.",
            "invalid_slug",
        )
    domain = (request.domain or "").strip().lower()
    try:
        validate_hostname(domain)
    except ValidationError:
        raise _field_error("domain", "Enter a valid host name.", "invalid_domain") from None
    email = (request.admin_email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise _field_error(
            "admin_email", "Enter a valid e-mail address.", "invalid_email"
        ) from None
    if request.kind not in TenantKind.values:
        raise _field_error("kind", f"Choose one of {', '.join(TenantKind.values)}.", "invalid_kind")
    if request.label_mode not in LabelMode.values:
        raise _field_error(
            "label_mode", f"Choose one of {', '.join(LabelMode.values)}.", "invalid_label_mode"
        )
    brand = Brand(display_name=name, **_brand_fields(request.brand))
    try:
        brand.full_clean(exclude=["tenant", "logo"])
    except ValidationError as error:
        first_field, messages = next(iter(error.message_dict.items()))
        raise _field_error(f"brand.{first_field}", messages[0], "invalid_brand") from None
    return TenantRequest(name, slug, domain, email, request.kind, request.label_mode, request.brand)


def _brand_fields(values: dict[str, str]) -> dict[str, str]:
    unknown = set(values) - set(BRAND_EDITABLE_FIELDS)
    if unknown:
        raise _field_error(f"brand.{sorted(unknown)[0]}", "Unknown brand field.", "unknown_field")
    return dict(values)


def _check_unique(request: TenantRequest) -> None:
    if Tenant.objects.filter(slug=request.slug).exists():
        raise _field_error("slug", "This slug is taken.", "slug_taken")
    if Domain.objects.filter(domain=request.domain).exists():
        raise _field_error("domain", "This domain already serves a tenant.", "domain_taken")


def provision_tenant(request: TenantRequest, *, actor_email: str = "") -> Tenant:
    """Create a tenant: schema cloned from the template, domain, brand, defaults, first manager.

    The one entry point used by the command line, the operator console and the platform API.
    Runs in one transaction under an advisory lock: on any failure nothing is left behind, schema
    included. The first manager gets an invitation e-mail with a set-password link after commit.
    """
    from tenant_apps.accounts.actions import invite_staff
    from tenant_apps.accounts.models import Role

    request = validate_tenant_request(request)
    if current_schema() != PUBLIC_SCHEMA:
        raise ProvisioningError("Tenants are provisioned from the public schema.")
    started = time.perf_counter()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PROVISIONING_LOCK_KEY])
        _check_unique(request)
        tenant = Tenant(
            schema_name=generate_schema_name(),
            name=request.name,
            slug=request.slug,
            kind=request.kind,
            label_mode=request.label_mode,
        )
        tenant.save(verbosity=0)
        Domain.objects.create(tenant=tenant, domain=request.domain, is_primary=True)
        brand_values = {"display_name": request.name, **request.brand}
        Brand.objects.create(tenant=tenant, **brand_values)
        TenantEvent.objects.create(
            tenant=tenant,
            kind=TenantEvent.Kind.PROVISIONED,
            actor_email=actor_email,
            detail={"domain": request.domain, "kind": request.kind},
        )
        forget_hosts([request.domain])
        with tenant_context(tenant):
            invite_staff(request.admin_email, role=Role.MANAGER, invited_by=None)
    logger.info(
        "provisioned tenant %s (%s) in %.3fs",
        tenant.slug,
        tenant.schema_name,
        time.perf_counter() - started,
    )
    return tenant


def ensure_platform_tenants(public_domain: str) -> tuple[Tenant, Tenant]:
    """The public tenant (operator console, platform API) and the template schema new tenants
    are cloned from. Idempotent; ``migrate_schemas`` keeps the template current afterwards."""
    with schema_context(PUBLIC_SCHEMA):
        public, _ = Tenant.objects.get_or_create(
            schema_name=PUBLIC_SCHEMA,
            defaults={"name": "Platform", "slug": "platform", "label_mode": LabelMode.GREY},
        )
        Domain.objects.get_or_create(
            domain=public_domain, defaults={"tenant": public, "is_primary": True}
        )
        template = Tenant.objects.filter(schema_name=TEMPLATE_SCHEMA).first()
        if template is None:
            template = Tenant(schema_name=TEMPLATE_SCHEMA, name="Template", slug="template")
            template.save(verbosity=0)
        forget_hosts([public_domain])
    return public, template


def transition_tenant(tenant: Tenant, target: str, *, actor_email: str = "") -> Tenant:
    """Suspend or reactivate a tenant, under a row lock, with an audit row."""
    with transaction.atomic():
        locked = Tenant.objects.select_for_update().get(pk=tenant.pk)
        if locked.is_public or locked.is_template or not can_transition(locked.status, target):
            raise InvalidTenantTransition(
                f"A tenant cannot go from {locked.status} to {target}.", field="status"
            )
        locked.status = target
        locked.save(update_fields=["status"])
        kind = (
            TenantEvent.Kind.SUSPENDED
            if target == TenantStatus.SUSPENDED
            else TenantEvent.Kind.REACTIVATED
        )
        TenantEvent.objects.create(tenant=locked, kind=kind, actor_email=actor_email)
        forget_tenant(locked)
    return locked


def suspend_tenant(tenant: Tenant, *, actor_email: str = "") -> Tenant:
    return transition_tenant(tenant, TenantStatus.SUSPENDED, actor_email=actor_email)


def reactivate_tenant(tenant: Tenant, *, actor_email: str = "") -> Tenant:
    return transition_tenant(tenant, TenantStatus.ACTIVE, actor_email=actor_email)


def update_brand(brand: Brand, changes: dict[str, object], *, actor_email: str = "") -> Brand:
    """Apply validated brand changes (the caller validated them with a form or serializer)."""
    with transaction.atomic():
        locked = (
            Brand.objects.select_for_update(of=("self",)).select_related("tenant").get(pk=brand.pk)
        )
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.full_clean(exclude=["tenant"])
        locked.save()
        TenantEvent.objects.create(
            tenant=locked.tenant,
            kind=TenantEvent.Kind.BRAND_UPDATED,
            actor_email=actor_email,
            detail={"fields": sorted(changes)},
        )
        forget_tenant(locked.tenant)
    return locked


def add_domain(
    tenant: Tenant, hostname: str, *, is_primary: bool = False, actor_email: str = ""
) -> Domain:
    hostname = hostname.strip().lower()
    try:
        validate_hostname(hostname)
    except ValidationError:
        raise ProvisioningError(
            "Enter a valid host name.", code="invalid_domain", field="domain"
        ) from None
    with transaction.atomic():
        if Domain.objects.filter(domain=hostname).exists():
            raise ProvisioningError(
                "This domain already serves a tenant.", code="domain_taken", field="domain"
            )
        domain = Domain.objects.create(tenant=tenant, domain=hostname, is_primary=is_primary)
        TenantEvent.objects.create(
            tenant=tenant,
            kind=TenantEvent.Kind.DOMAIN_ADDED,
            actor_email=actor_email,
            detail={"domain": hostname},
        )
        forget_tenant(tenant)
    return domain
