"""The repair journey of one tenant: customers' devices, repair orders and their quotes.

A repair order is one device's repair along one of three paths (``state.RepairPath``); its money
is taken by commerce orders (``order`` for the first payment, ``Quote.order`` for the quote's).
Every change goes through ``device_actions``, ``actions`` and ``quote_actions``.
"""

import re

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from tenant_apps.catalog.models import Brand, DeviceCategory, DeviceModel, SellableItem
from tenant_apps.commerce.order_models import Order
from tenant_apps.customers.countries import HOME_COUNTRY
from tenant_apps.customers.models import Customer
from tenant_apps.pricing.money import DEFAULT_CURRENCY
from tenant_apps.pricing.tax import VatRate

from .state import TERMINAL_STATUSES, QuoteStatus, RepairPath, RepairStatus

REFERENCE_PREFIX = "R"
REFERENCE_DIGITS = 6
DEFAULT_QUOTE_VALIDITY_DAYS = 30
MAX_QUOTE_VALIDITY_DAYS = 365


_REFERENCE = re.compile(rf"{REFERENCE_PREFIX}-[0-9]{{{REFERENCE_DIGITS},10}}")


def format_reference(number: int) -> str:
    """``R-000123``: unique in the tenant, distinct at a glance from order numbers (``C-``)."""
    return f"{REFERENCE_PREFIX}-{number:0{REFERENCE_DIGITS}d}"


def is_reference_shaped(text: str) -> bool:
    """Whether ``text`` (from a URL) can be a reference at all: anything else, a NUL byte
    included, is "not found" before it reaches the database."""
    return bool(_REFERENCE.fullmatch(text or ""))


def _amount(**options: object) -> models.DecimalField:
    return models.DecimalField(max_digits=12, decimal_places=2, **options)  # type: ignore[arg-type]


class RepairSettings(models.Model):
    """The tenant's repair settings: one row per tenant schema (pk is always 1)."""

    quote_validity_days = models.PositiveSmallIntegerField(
        default=DEFAULT_QUOTE_VALIDITY_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_QUOTE_VALIDITY_DAYS)],
        help_text="Days a sent quote can be accepted.",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="repairs_settings_singleton"),
            models.CheckConstraint(
                condition=Q(quote_validity_days__gte=1,
                            quote_validity_days__lte=MAX_QUOTE_VALIDITY_DAYS),
                name="repairs_settings_validity_range"),
        ]

    def __str__(self) -> str:
        return "Repair settings"

    @classmethod
    def current(cls) -> "RepairSettings":
        """The saved settings, or the defaults (unsaved) when the tenant never changed them."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class Device(models.Model):
    """A customer's device (R2). Brand and model come from the catalogue, or as free text when
    the catalogue lacks them."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="devices")
    category = models.ForeignKey(DeviceCategory, on_delete=models.PROTECT, related_name="+")
    brand = models.ForeignKey(Brand, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    brand_name = models.CharField(max_length=80, blank=True)
    device_model = models.ForeignKey(DeviceModel, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    model_name = models.CharField(max_length=120, blank=True)
    serial_or_imei = models.CharField(max_length=64, blank=True)
    purchase_date = models.DateField(null=True, blank=True)
    # Stored under the tenant's prefix with a random name; served only to its owner and staff.
    proof_of_purchase = models.FileField(upload_to="repairs/proofs/", blank=True,
                                         max_length=200)
    proof_content_type = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(brand__isnull=True) | Q(brand_name=""),
                                   name="repairs_device_brand_or_name"),
            models.CheckConstraint(condition=Q(device_model__isnull=True) | Q(model_name=""),
                                   name="repairs_device_model_or_name"),
            models.CheckConstraint(
                condition=Q(proof_of_purchase="", proof_content_type="")
                | (~Q(proof_of_purchase="") & ~Q(proof_content_type="")),
                name="repairs_device_proof_typed"),
        ]

    def __str__(self) -> str:
        return " ".join(part for part in (self.brand_label, self.model_label) if part) or (
            f"Device {self.pk}")

    @property
    def brand_label(self) -> str:
        return self.brand.name if self.brand is not None else self.brand_name

    @property
    def model_label(self) -> str:
        return self.device_model.name if self.device_model is not None else self.model_name


class RepairCounter(models.Model):
    """The one row handing out repair numbers: locked by the transaction that opens a repair."""

    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="repairs_counter_one")]

    def __str__(self) -> str:
        return f"Last repair {self.last_number}"


class RepairOrder(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="repair_orders")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT,
                                 related_name="repair_orders")
    path = models.CharField(max_length=20, choices=RepairPath.choices)
    status = models.CharField(max_length=30, choices=RepairStatus.choices,
                              default=RepairStatus.AWAITING_PAYMENT)
    fault_description = models.TextField(max_length=4000, blank=True)
    # Package path: the flat-rate package chosen (a catalogue item of kind repair_package).
    package = models.ForeignKey(SellableItem, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    # On-site path: where the technician goes and when the customer would like it.
    visit_street = models.CharField(max_length=200, blank=True)
    visit_postal_code = models.CharField(max_length=12, blank=True)
    visit_city = models.CharField(max_length=100, blank=True)
    visit_country = models.CharField(max_length=2, default=HOME_COUNTRY)
    preferred_slots = models.JSONField(default=list, blank=True)  # [{"date", "period"}]
    # The first payment: the package, the shipping fee or the travel fee.
    order = models.ForeignKey(Order, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="repair_orders")
    # A repair under warranty is not charged (accepted claims, wired later).
    is_warranty = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"], name="repairs_order_status")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=RepairStatus.values),
                                   name="repairs_order_status_known"),
            models.CheckConstraint(condition=Q(path__in=RepairPath.values),
                                   name="repairs_order_path_known"),
            models.CheckConstraint(
                condition=(Q(path=RepairPath.PACKAGE) & Q(package__isnull=False))
                | (~Q(path=RepairPath.PACKAGE) & Q(package__isnull=True)),
                name="repairs_order_package_iff_package_path"),
            models.CheckConstraint(
                condition=~Q(path=RepairPath.ON_SITE) | ~Q(visit_street=""),
                name="repairs_order_on_site_has_address"),
            models.UniqueConstraint(fields=["device"],
                                    condition=~Q(status__in=sorted(TERMINAL_STATUSES)),
                                    name="repairs_one_open_order_per_device"),
        ]

    def __str__(self) -> str:
        return self.reference


class RepairPhoto(models.Model):
    """A photo of the fault (R4), checked like every upload and stored under a random name."""

    repair_order = models.ForeignKey(RepairOrder, on_delete=models.CASCADE,
                                     related_name="photos")
    image = models.FileField(upload_to="repairs/photos/", max_length=200)
    content_type = models.CharField(max_length=40)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Photo {self.pk} of {self.repair_order_id}"


class RepairEvent(models.Model):
    """The repair order's history: its opening and every status change, never edited."""

    repair_order = models.ForeignKey(RepairOrder, on_delete=models.CASCADE,
                                     related_name="events")
    from_status = models.CharField(max_length=30, choices=RepairStatus.choices, blank=True)
    to_status = models.CharField(max_length=30, choices=RepairStatus.choices)
    actor_email = models.EmailField(max_length=254, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status}"


class RepairNote(models.Model):
    """A staff note on a repair order: for colleagues, never shown to the customer."""

    repair_order = models.ForeignKey(RepairOrder, on_delete=models.CASCADE,
                                     related_name="notes")
    author_email = models.EmailField(max_length=254)
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Note by {self.author_email}"


class Quote(models.Model):
    """A priced proposal for a repair. A revision is a new version; sending it supersedes the
    quote the customer had, so a repair order has at most one quote to answer."""

    repair_order = models.ForeignKey(RepairOrder, on_delete=models.CASCADE,
                                     related_name="quotes")
    version = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=QuoteStatus.choices,
                              default=QuoteStatus.DRAFT)
    currency = models.CharField(max_length=3, default=DEFAULT_CURRENCY)
    total_net = _amount(default=0)
    total_tax = _amount(default=0)
    total_gross = _amount(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)  # last day it can be accepted
    answered_at = models.DateTimeField(null=True, blank=True)
    # The payment of an accepted quote (wired by the checkout later).
    order = models.ForeignKey(Order, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="repair_quotes")
    created_by_email = models.EmailField(max_length=254, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["repair_order", "-version"]
        indexes = [models.Index(fields=["status", "valid_until"], name="repairs_quote_due")]
        constraints = [
            models.UniqueConstraint(fields=["repair_order", "version"],
                                    name="repairs_quote_version_unique"),
            models.UniqueConstraint(fields=["repair_order"], condition=Q(status=QuoteStatus.SENT),
                                    name="repairs_one_sent_quote"),
            models.UniqueConstraint(fields=["repair_order"],
                                    condition=Q(status=QuoteStatus.DRAFT),
                                    name="repairs_one_draft_quote"),
            models.CheckConstraint(condition=Q(status__in=QuoteStatus.values),
                                   name="repairs_quote_status_known"),
            models.CheckConstraint(condition=Q(status=QuoteStatus.DRAFT)
                                   | Q(valid_until__isnull=False, sent_at__isnull=False),
                                   name="repairs_quote_sent_has_validity"),
            models.CheckConstraint(condition=Q(total_gross=F("total_net") + F("total_tax")),
                                   name="repairs_quote_totals_add_up"),
        ]

    def __str__(self) -> str:
        return f"Quote {self.version} of {self.repair_order_id}"


class QuoteLineKind(models.TextChoices):
    PART = "part", "Part"
    LABOUR = "labour", "Labour"


class QuoteLine(models.Model):
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=QuoteLineKind.choices)
    description = models.CharField(max_length=200)
    quantity = models.PositiveSmallIntegerField()
    unit_net = _amount()
    vat_rate = models.CharField(max_length=20, choices=VatRate.choices)
    vat_percent = models.DecimalField(max_digits=5, decimal_places=2)  # snapshot
    line_net = _amount()
    line_tax = _amount()
    line_gross = _amount()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["quote", "position"],
                                    name="repairs_quote_line_position"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="repairs_quote_line_qty"),
            models.CheckConstraint(condition=Q(unit_net__gte=0),
                                   name="repairs_quote_line_price_positive"),
            models.CheckConstraint(condition=Q(line_gross=F("line_net") + F("line_tax")),
                                   name="repairs_quote_line_adds_up"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.description}"


class QuoteEvent(models.Model):
    """The quote's history: its drafting and every status change, never edited."""

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=QuoteStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=QuoteStatus.choices)
    actor_email = models.EmailField(max_length=254, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status}"
