"""The tenant's catalogue: device reference data and the items it sells.

Every sellable item lives in one table with a ``kind``: a cart or order line points at one model
whatever it sells, and the kind-specific fields are few (a warranty length, a fee kind, a scope, a
stock). Check constraints keep each kind's fields filled or empty as the kind requires, so a row
can never be "a fee with a stock" even when written without the actions.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from tenant_apps.pricing.money import DEFAULT_CURRENCY, Money
from tenant_apps.pricing.tax import VAT_PERCENT, TaxedPrice, VatRate

MAX_PACKAGE_WARRANTY_MONTHS = 60


class ItemKind(models.TextChoices):
    REPAIR_PACKAGE = "repair_package", "Repair package"
    FEE = "fee", "Fee"
    WARRANTY_PLAN = "warranty_plan", "Warranty plan"
    PRODUCT = "product", "Product"


class FeeKind(models.TextChoices):
    SHIPPING = "shipping", "Shipping to the repair centre"
    TRAVEL = "travel", "Technician travel"
    DIAGNOSIS = "diagnosis", "Diagnosis"


WARRANTY_PLAN_MONTHS = (3, 6, 12)


class CatalogSettings(models.Model):
    """The tenant's catalogue settings: one row per tenant schema (pk is always 1)."""

    prices_include_vat = models.BooleanField(
        default=True,
        help_text="New prices are entered including VAT (otherwise excluding VAT).",
    )
    default_vat_rate = models.CharField(
        max_length=20, choices=VatRate.choices, default=VatRate.STANDARD
    )

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="catalog_settings_singleton")]

    def __str__(self) -> str:
        return "Catalogue settings"

    @classmethod
    def current(cls) -> "CatalogSettings":
        """The saved settings, or the defaults (unsaved) when the tenant never changed them."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class DeviceCategory(models.Model):
    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    can_travel = models.BooleanField(
        default=True,
        help_text="Devices of this category can be brought in or shipped; if not, a technician "
        "comes on site.",
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "device categories"

    def __str__(self) -> str:
        return self.name


class Brand(models.Model):
    """A device maker (not to be confused with the tenant's own brand in tenants.Brand)."""

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class DeviceModel(models.Model):
    category = models.ForeignKey(DeviceCategory, on_delete=models.PROTECT, related_name="models")
    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, related_name="models")
    name = models.CharField(max_length=120)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["brand__name", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["brand", "name"], name="catalog_model_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.brand.name} {self.name}"


class SellableItemQuerySet(models.QuerySet["SellableItem"]):
    def active(self) -> "SellableItemQuerySet":
        return self.filter(is_active=True)

    def of_kind(self, kind: str) -> "SellableItemQuerySet":
        return self.filter(kind=kind)

    def with_scope(self) -> "SellableItemQuerySet":
        return self.select_related("category", "device_model__brand", "device_model__category")


def _kind_is(kind: str) -> Q:
    return Q(kind=kind)


# Which kind-specific fields each kind fills (the others stay empty).
KIND_FIELDS: dict[str, frozenset[str]] = {
    ItemKind.REPAIR_PACKAGE: frozenset({"warranty_months", "category", "device_model"}),
    ItemKind.FEE: frozenset({"fee_kind"}),
    ItemKind.WARRANTY_PLAN: frozenset({"warranty_months"}),
    ItemKind.PRODUCT: frozenset({"stock"}),
}
KIND_SPECIFIC_FIELDS = frozenset().union(*KIND_FIELDS.values())


class SellableItem(models.Model):
    kind = models.CharField(max_length=20, choices=ItemKind.choices)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, max_length=2000)
    is_active = models.BooleanField(default=True)
    vat_rate = models.CharField(max_length=20, choices=VatRate.choices, default=VatRate.STANDARD)
    price = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.00"))]
    )
    price_includes_vat = models.BooleanField(
        help_text="The price was entered including VAT (otherwise excluding VAT)."
    )
    # Repair packages and warranty plans.
    warranty_months = models.PositiveSmallIntegerField(null=True, blank=True)
    # Repair packages: scoped to a whole category or to one device model.
    category = models.ForeignKey(
        DeviceCategory, null=True, blank=True, on_delete=models.PROTECT, related_name="packages"
    )
    device_model = models.ForeignKey(
        DeviceModel, null=True, blank=True, on_delete=models.PROTECT, related_name="packages"
    )
    # Fees.
    fee_kind = models.CharField(max_length=20, choices=FeeKind.choices, blank=True)
    # Products: units on hand, changed only by actions.adjust_stock.
    stock = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SellableItemQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name", "id"]
        indexes = [models.Index(fields=["kind", "is_active"], name="catalog_item_kind_active")]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="catalog_item_price_positive"),
            models.CheckConstraint(
                condition=~_kind_is(ItemKind.PRODUCT) | Q(stock__gte=0),
                name="catalog_product_stock",
            ),
            models.CheckConstraint(
                condition=_kind_is(ItemKind.PRODUCT) | Q(stock__isnull=True),
                name="catalog_stock_only_products",
            ),
            models.CheckConstraint(
                condition=~_kind_is(ItemKind.FEE) | ~Q(fee_kind=""),
                name="catalog_fee_has_kind",
            ),
            models.CheckConstraint(
                condition=_kind_is(ItemKind.FEE) | Q(fee_kind=""),
                name="catalog_fee_kind_only_fees",
            ),
            models.CheckConstraint(
                condition=~_kind_is(ItemKind.WARRANTY_PLAN)
                | Q(warranty_months__in=WARRANTY_PLAN_MONTHS),
                name="catalog_warranty_plan_months",
            ),
            models.CheckConstraint(
                condition=~_kind_is(ItemKind.REPAIR_PACKAGE)
                | (Q(warranty_months__isnull=False) & (
                    Q(category__isnull=False, device_model__isnull=True)
                    | Q(category__isnull=True, device_model__isnull=False))),
                name="catalog_package_scope",
            ),
            models.CheckConstraint(
                condition=_kind_is(ItemKind.REPAIR_PACKAGE)
                | (Q(category__isnull=True) & Q(device_model__isnull=True)),
                name="catalog_scope_only_packages",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def currency(self) -> str:
        return DEFAULT_CURRENCY

    @property
    def vat_percent(self) -> Decimal:
        return VAT_PERCENT[self.vat_rate]

    def taxed_price(self) -> TaxedPrice:
        """The unit price with its VAT, from the amount as it was entered."""
        amount = Money(Decimal(self.price), self.currency)
        if self.price_includes_vat:
            return TaxedPrice.from_gross(amount, self.vat_percent)
        return TaxedPrice.from_net(amount, self.vat_percent)

    def clean(self) -> None:
        """Kind-specific rules, reported per field."""
        errors: dict[str, str] = {}
        allowed = KIND_FIELDS.get(self.kind, frozenset())
        for name in sorted(KIND_SPECIFIC_FIELDS - allowed):
            if _is_filled(self, name):
                errors[name] = f"Only for {_kinds_using(name)}."
        if self.kind == ItemKind.REPAIR_PACKAGE:
            errors.update(_package_errors(self))
        elif self.kind == ItemKind.FEE and not self.fee_kind:
            errors["fee_kind"] = "Choose the kind of fee."
        elif (self.kind == ItemKind.WARRANTY_PLAN
              and self.warranty_months not in WARRANTY_PLAN_MONTHS):
            months = ", ".join(str(m) for m in WARRANTY_PLAN_MONTHS)
            errors["warranty_months"] = f"A warranty plan lasts {months} months."
        elif self.kind == ItemKind.PRODUCT and self.stock is None:
            errors["stock"] = "Give the units in stock (0 or more)."
        if errors:
            raise ValidationError(errors)


def _is_filled(item: SellableItem, name: str) -> bool:
    if name in ("category", "device_model"):
        return getattr(item, f"{name}_id") is not None
    value = getattr(item, name)
    return value not in (None, "")


def _kinds_using(name: str) -> str:
    kinds = [str(ItemKind(kind).label).lower() for kind, names in KIND_FIELDS.items()
             if name in names]
    return " and ".join(kinds)


def _package_errors(item: SellableItem) -> dict[str, str]:
    errors: dict[str, str] = {}
    if item.warranty_months is None:
        errors["warranty_months"] = "Give the warranty of the repair in months (0 for none)."
    elif isinstance(item.warranty_months, int) and (
            item.warranty_months > MAX_PACKAGE_WARRANTY_MONTHS):
        errors["warranty_months"] = f"At most {MAX_PACKAGE_WARRANTY_MONTHS} months."
    if item.category_id is None and item.device_model_id is None:
        errors["category"] = "Scope the package to a device category or to a device model."
    elif item.category_id is not None and item.device_model_id is not None:
        errors["device_model"] = "Choose a device category or a device model, not both."
    return errors


class CatalogEvent(models.Model):
    """Audit trail of catalogue changes, stock movements included."""

    class Kind(models.TextChoices):
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"
        DEACTIVATED = "deactivated", "Deactivated"
        STOCK_ADJUSTED = "stock_adjusted", "Stock adjusted"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    subject = models.CharField(max_length=40, help_text="What changed, e.g. item or brand.")
    subject_id = models.BigIntegerField()
    stock_delta = models.IntegerField(null=True, blank=True)
    actor_email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["subject", "subject_id"], name="catalog_event_subject")]

    def __str__(self) -> str:
        return f"{self.subject} {self.subject_id}: {self.kind}"
