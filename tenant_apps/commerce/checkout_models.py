"""What the tenant's checkout offers: its settings (guests, terms of sale) and delivery options.

Both are edited by managers in the back office (``checkout_actions``). The settings row and the
default delivery options are created on first use (``checkout_actions.ensure_checkout``).
"""

from decimal import Decimal

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from tenant_apps.pricing.money import DEFAULT_CURRENCY, Money
from tenant_apps.pricing.tax import VAT_PERCENT, TaxedPrice, VatRate

from .order_models import DeliveryKind

DEFAULT_TERMS_VERSION = "2026-11"
DEFAULT_TERMS_TEXT = (
    "Orders are confirmed once paid. Items are delivered within 5 working days to the address "
    "or post office chosen at checkout. Individuals may withdraw within 14 days of delivery. "
    "Repairs are guaranteed for the duration shown with each repair package."
)
OPTION_CODE_PATTERN = r"^[a-z0-9][a-z0-9-]{0,39}$"
# Delivery options go to an address or to a post office; "none" is only for orders.
DELIVERY_OPTION_KINDS = [(DeliveryKind.HOME.value, DeliveryKind.HOME.label),
                         (DeliveryKind.POST_OFFICE.value, DeliveryKind.POST_OFFICE.label)]


class CheckoutSettings(models.Model):
    """The tenant's checkout settings: one row per tenant schema (pk is always 1)."""

    allows_guest_checkout = models.BooleanField(
        default=True, help_text="Visitors may order without an account, with an e-mail address.")
    terms_version = models.CharField(
        max_length=40, default=DEFAULT_TERMS_VERSION,
        help_text="Recorded on each order with the time the customer accepted the terms.")
    terms_text = models.TextField(max_length=20000, default=DEFAULT_TERMS_TEXT)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(pk=1),
                                              name="commerce_checkout_settings_singleton")]

    def __str__(self) -> str:
        return "Checkout settings"

    @classmethod
    def current(cls) -> "CheckoutSettings":
        """The saved settings, or the defaults (unsaved) when the tenant never changed them."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class DeliveryOptionQuerySet(models.QuerySet["DeliveryOption"]):
    def active(self) -> "DeliveryOptionQuerySet":
        return self.filter(is_active=True)


class DeliveryOption(models.Model):
    """A way to deliver an order, at a price charged as one order line."""

    code = models.CharField(max_length=40, unique=True,
                            validators=[RegexValidator(OPTION_CODE_PATTERN)],
                            help_text="Lower-case letters, digits and dashes, e.g. colissimo.")
    label = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=DELIVERY_OPTION_KINDS)
    price = models.DecimalField(max_digits=10, decimal_places=2,
                                validators=[MinValueValidator(Decimal("0.00"))])
    price_includes_vat = models.BooleanField(
        default=True, help_text="The price was entered including VAT (otherwise excluding VAT).")
    vat_rate = models.CharField(max_length=20, choices=VatRate.choices, default=VatRate.STANDARD)
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = DeliveryOptionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0),
                                   name="commerce_delivery_option_price_positive"),
            models.CheckConstraint(condition=Q(kind__in=[DeliveryKind.HOME,
                                                         DeliveryKind.POST_OFFICE]),
                                   name="commerce_delivery_option_kind"),
            models.CheckConstraint(condition=Q(code__regex=OPTION_CODE_PATTERN),
                                   name="commerce_delivery_option_code"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_post_office(self) -> bool:
        return self.kind == DeliveryKind.POST_OFFICE

    def taxed_price(self) -> TaxedPrice:
        """The fee with its VAT, from the amount as it was entered."""
        amount = Money(Decimal(self.price), DEFAULT_CURRENCY)
        rate = VAT_PERCENT[self.vat_rate]
        if self.price_includes_vat:
            return TaxedPrice.from_gross(amount, rate)
        return TaxedPrice.from_net(amount, rate)
