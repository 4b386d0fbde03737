"""Tenants, their domains, their brand and their audit trail. All live in the public schema."""

import re
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import connections, models
from django_tenants.models import DomainMixin, TenantMixin
from django_tenants.postgresql_backend.base import _check_schema_name
from django_tenants.utils import (
    get_creation_fakes_migrations,
    get_tenant_database_alias,
    schema_exists,
)

from .cloning import clone_schema
from .schema_names import PUBLIC_SCHEMA, TEMPLATE_SCHEMA, validate_schema_name
from .state import TenantStatus

HOSTNAME_RE = re.compile(
    r"^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$"
)
slug_validator = RegexValidator(
    r"^[a-z][a-z0-9-]{1,39}$",
    "Use 2-40 lowercase letters, digits or hyphens, starting with a letter.",
    code="invalid_slug",
)
color_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", "Use a colour in the form #RRGGBB.", code="invalid_color"
)


def validate_hostname(value: str) -> None:
    if (value or "").startswith("www."):
        # Requests for www.<host> are served by <host>'s tenant: register the bare host.
        raise ValidationError("Enter the host without www.", code="invalid_domain")
    if not HOSTNAME_RE.fullmatch(value or ""):
        raise ValidationError(
            "Enter a valid host name, e.g. shop.example.com.", code="invalid_domain"
        )


def validate_siret(value: str) -> None:
    """SIRET: 14 digits passing the Luhn checksum (La Poste's SIRETs are the known exception)."""
    digits = value.replace(" ", "")
    if not digits.isdigit() or len(digits) != 14:
        raise ValidationError("A SIRET has 14 digits.", code="invalid_siret")
    if digits.startswith("356000000"):
        return
    total = 0
    for index, char in enumerate(reversed(digits)):
        number = int(char)
        if index % 2:
            number *= 2
            if number > 9:
                number -= 9
        total += number
    if total % 10:
        raise ValidationError("This SIRET fails its checksum.", code="invalid_siret")


# A display name goes into the From header: no line breaks, quotes or angle brackets.
sender_name_validator = RegexValidator(
    r'\A[^\r\n"\\<>]*\Z', "No line breaks, quotes or angle brackets.", code="invalid_sender_name"
)
vat_number_validator = RegexValidator(
    r"^[A-Z]{2}[0-9A-Z]{2,13}$",
    "Use an EU VAT number: country code then 2-13 letters or digits, e.g. FR40303265045.",
    code="invalid_vat_number",
)


class TenantKind(models.TextChoices):
    RETAIL_CHAIN = "retail_chain", "Retail chain"
    SME = "sme", "SME"
    REPAIRER_NETWORK = "repairer_network", "Repairer network"


class LabelMode(models.TextChoices):
    WHITE = "white", "White label"
    GREY = "grey", "Grey label"


class TenantQuerySet(models.QuerySet["Tenant"]):
    def customer_facing(self) -> "TenantQuerySet":
        """Real tenants: neither the public schema nor the template schema."""
        return self.exclude(schema_name__in=(PUBLIC_SCHEMA, TEMPLATE_SCHEMA))


class Tenant(TenantMixin):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=120)
    slug = models.CharField(max_length=40, unique=True, validators=[slug_validator])
    kind = models.CharField(
        max_length=20, choices=TenantKind.choices, default=TenantKind.RETAIL_CHAIN
    )
    label_mode = models.CharField(max_length=10, choices=LabelMode.choices, default=LabelMode.WHITE)
    status = models.CharField(
        max_length=10, choices=TenantStatus.choices, default=TenantStatus.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    auto_create_schema = True
    auto_drop_schema = False
    clone_mode = "NODATA"

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        validate_schema_name(self.schema_name)
        super().save(*args, **kwargs)

    def create_schema(
        self, check_if_exists: bool = False, sync_schema: bool = True, verbosity: int = 1
    ) -> bool | None:
        """Clone the template schema with our own catalogue copy (tenants/cloning.py) instead of
        django-tenants' clone_schema function and fake migrate; the template itself, and any
        schema built with TENANT_CREATION_FAKES_MIGRATIONS off, is built by the migrations."""
        base_schema = self.get_base_schema() if get_creation_fakes_migrations() else None
        if not (sync_schema and base_schema and base_schema != self.schema_name
                and schema_exists(base_schema)):
            return super().create_schema(check_if_exists, sync_schema, verbosity)
        _check_schema_name(self.schema_name)
        if check_if_exists and schema_exists(self.schema_name):
            return False
        clone_schema(base_schema, self.schema_name)
        connection = connections[get_tenant_database_alias()]
        connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants' backend
        return True

    @property
    def is_public(self) -> bool:
        return self.schema_name == PUBLIC_SCHEMA

    @property
    def is_template(self) -> bool:
        return self.schema_name == TEMPLATE_SCHEMA

    @property
    def is_active(self) -> bool:
        return self.status == TenantStatus.ACTIVE

    @property
    def is_white_label(self) -> bool:
        return self.label_mode == LabelMode.WHITE


class Domain(DomainMixin):
    class Meta:
        ordering = ["-is_primary", "domain"]

    def __str__(self) -> str:
        return self.domain


class FontChoice(models.TextChoices):
    SANS = "sans", "Sans serif"
    SERIF = "serif", "Serif"
    ROUNDED = "rounded", "Rounded"
    MONO = "mono", "Monospace"


FONT_STACKS: dict[str, str] = {
    FontChoice.SANS: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
    FontChoice.SERIF: 'Georgia, "Times New Roman", serif',
    FontChoice.ROUNDED: '"Trebuchet MS", "Arial Rounded MT Bold", Verdana, sans-serif',
    FontChoice.MONO: '"Courier New", ui-monospace, monospace',
}


def brand_logo_key(instance: "Brand", filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"brand/logo-{uuid.uuid4().hex[:12]}.{extension}"


class Brand(models.Model):
    """Everything a customer sees of a tenant: name, legal entity, contacts, look."""

    tenant = models.OneToOneField(Tenant, on_delete=models.CASCADE, related_name="brand")
    display_name = models.CharField(max_length=120)
    legal_name = models.CharField(max_length=160, blank=True)
    address_line = models.CharField(max_length=200, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=2, default="FR")
    siret = models.CharField(max_length=17, blank=True, validators=[validate_siret])
    vat_number = models.CharField(max_length=15, blank=True, validators=[vat_number_validator])
    logo = models.ImageField(upload_to=brand_logo_key, blank=True)
    primary_color = models.CharField(max_length=7, default="#1f4e79", validators=[color_validator])
    accent_color = models.CharField(max_length=7, default="#f2a900", validators=[color_validator])
    background_color = models.CharField(
        max_length=7, default="#ffffff", validators=[color_validator]
    )
    text_color = models.CharField(max_length=7, default="#1a1a1a", validators=[color_validator])
    font = models.CharField(max_length=10, choices=FontChoice.choices, default=FontChoice.SANS)
    support_email = models.EmailField(blank=True)
    support_phone = models.CharField(max_length=30, blank=True)
    email_sender_name = models.CharField(max_length=120, blank=True,
                                         validators=[sender_name_validator])
    email_sender_address = models.EmailField(blank=True)
    grey_label_line = models.CharField(
        max_length=120,
        blank=True,
        help_text="Shown in grey label mode only, e.g. 'operated by ...'.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.display_name

    @property
    def font_stack(self) -> str:
        return FONT_STACKS.get(self.font, FONT_STACKS[FontChoice.SANS])

    @property
    def visible_operator_line(self) -> str:
        """The 'operated by' line, only ever shown for grey-label tenants."""
        if self.tenant.label_mode == LabelMode.GREY:
            return self.grey_label_line
        return ""

    @property
    def from_email(self) -> str:
        from django.conf import settings

        address = self.email_sender_address or settings.DEFAULT_FROM_EMAIL
        name = (self.email_sender_name or self.display_name).replace('"', "")
        return f'"{name}" <{address}>'


# What a tenant's staff, the operator's onboarding and the API may set on a brand (the logo is
# uploaded apart, through the back office).
BRAND_EDITABLE_FIELDS = (
    "display_name",
    "legal_name",
    "address_line",
    "postal_code",
    "city",
    "country",
    "siret",
    "vat_number",
    "primary_color",
    "accent_color",
    "background_color",
    "text_color",
    "font",
    "support_email",
    "support_phone",
    "email_sender_name",
    "email_sender_address",
    "grey_label_line",
)


class TenantEvent(models.Model):
    """Audit trail of what happened to a tenant, and who did it."""

    class Kind(models.TextChoices):
        PROVISIONED = "provisioned", "Provisioned"
        SUSPENDED = "suspended", "Suspended"
        REACTIVATED = "reactivated", "Reactivated"
        BRAND_UPDATED = "brand_updated", "Brand updated"
        DOMAIN_ADDED = "domain_added", "Domain added"

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor_email = models.EmailField(blank=True)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} ({self.tenant_id})"
