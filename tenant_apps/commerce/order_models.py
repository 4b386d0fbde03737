"""Orders of one tenant: what was bought, at which prices, by whom, and what happened since.

An order is a snapshot: its lines copy the description and prices of the priced cart at placing
time, so a later catalogue change never alters it. Changes go through ``order_actions.py``.
"""

import re
import secrets

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from tenant_apps.catalog.models import ItemKind, SellableItem
from tenant_apps.customers.countries import HOME_COUNTRY
from tenant_apps.customers.models import Customer
from tenant_apps.customers.vat import VatStatus
from tenant_apps.pricing.money import DEFAULT_CURRENCY

from .order_state import OrderStatus
from .pricing import VatTreatment

REFERENCE_PREFIX = "C"
REFERENCE_DIGITS = 6


def format_reference(number: int) -> str:
    """``C-000123``: readable on the phone, unique in the tenant."""
    return f"{REFERENCE_PREFIX}-{number:0{REFERENCE_DIGITS}d}"


def new_public_token() -> str:
    """The secret in a guest's order link: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


# What new_public_token() (and a payment's token) looks like: anything else names nothing, and
# must not reach the query (a NUL byte in a URL would be a database error, a 500).
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,64}")


def is_token_shaped(token: object) -> bool:
    return isinstance(token, str) and _TOKEN_SHAPE.fullmatch(token) is not None


class DeliveryKind(models.TextChoices):
    HOME = "home", "To an address"
    POST_OFFICE = "post_office", "Pick-up at a post office"
    NONE = "none", "Nothing to deliver"


def _amount(**options: object) -> models.DecimalField:
    return models.DecimalField(max_digits=12, decimal_places=2, **options)  # type: ignore[arg-type]


class OrderCounter(models.Model):
    """The one row handing out order numbers: locked by the transaction that places an order."""

    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="commerce_order_counter_one")]

    def __str__(self) -> str:
        return f"Last order {self.last_number}"


class Order(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="orders")
    # Snapshots of the customer at placing time, also what staff search.
    email = models.EmailField(max_length=254)
    customer_name = models.CharField(max_length=200, blank=True)
    vat_status = models.CharField(max_length=20, choices=VatStatus.choices)
    vat_treatment = models.CharField(max_length=20, choices=VatTreatment.choices)
    vat_mention = models.CharField(max_length=200, blank=True)
    shows_vat_included = models.BooleanField()
    status = models.CharField(max_length=20, choices=OrderStatus.choices,
                              default=OrderStatus.PLACED)
    currency = models.CharField(max_length=3, default=DEFAULT_CURRENCY)
    total_net = _amount()
    total_tax = _amount()
    total_gross = _amount()
    placed_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Opens the order's page, documents and payment without an account (guests): sent by e-mail.
    public_token = models.CharField(max_length=64, unique=True, default=new_public_token,
                                    editable=False)
    # Who is billed, as printed on the receipt or invoice (snapshot at placing time).
    billing_name = models.CharField(max_length=200, blank=True)
    billing_company = models.CharField(max_length=200, blank=True)
    billing_street = models.CharField(max_length=200, blank=True)
    billing_postal_code = models.CharField(max_length=12, blank=True)
    billing_city = models.CharField(max_length=100, blank=True)
    billing_country = models.CharField(max_length=2, default=HOME_COUNTRY)
    buyer_vat_number = models.CharField(max_length=20, blank=True)
    buyer_siret = models.CharField(max_length=14, blank=True)
    # Where it goes: an address or a post office, with the delivery option chosen.
    delivery_kind = models.CharField(max_length=20, choices=DeliveryKind.choices,
                                     default=DeliveryKind.NONE)
    delivery_method = models.CharField(max_length=40, blank=True)  # the option's code
    delivery_label = models.CharField(max_length=120, blank=True)
    delivery_name = models.CharField(max_length=150, blank=True)
    delivery_phone = models.CharField(max_length=30, blank=True)
    delivery_street = models.CharField(max_length=200, blank=True)
    delivery_postal_code = models.CharField(max_length=12, blank=True)
    delivery_city = models.CharField(max_length=100, blank=True)
    delivery_country = models.CharField(max_length=2, default=HOME_COUNTRY)
    post_office_id = models.CharField(max_length=6, blank=True)
    post_office_name = models.CharField(max_length=200, blank=True)
    # The terms of sale the customer accepted, and when.
    terms_version = models.CharField(max_length=40, blank=True)
    terms_accepted_at = models.DateTimeField(null=True, blank=True)
    # The payment provider chosen at checkout ("dummy", "stripe"); payments themselves live in
    # tenant_apps.payments.
    payment_provider = models.CharField(max_length=20, blank=True)
    # The checkout's idempotency key (cart and form token): a repeated "place order" finds the
    # order it already made instead of making a second one.
    checkout_key = models.CharField(max_length=120, null=True, blank=True, unique=True,
                                    editable=False)

    class Meta:
        ordering = ["-placed_at", "-id"]
        indexes = [
            models.Index(fields=["-placed_at", "-id"], name="commerce_order_placed"),
            models.Index(fields=["status", "-placed_at"], name="commerce_order_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=OrderStatus.values),
                                   name="commerce_order_status_known"),
            models.CheckConstraint(condition=Q(total_gross=F("total_net") + F("total_tax")),
                                   name="commerce_order_totals_add_up"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def price_label(self) -> str:
        if self.vat_treatment != VatTreatment.CHARGED:
            return "no VAT"
        return "incl. VAT" if self.shows_vat_included else "excl. VAT"


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    item = models.ForeignKey(SellableItem, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    description = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ItemKind.choices)
    quantity = models.PositiveSmallIntegerField()
    unit_net = _amount()
    unit_gross = _amount()
    vat_rate = models.DecimalField(max_digits=5, decimal_places=2)
    line_net = _amount()
    line_tax = _amount()
    line_gross = _amount()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "position"],
                                    name="commerce_order_line_position"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="commerce_order_line_qty"),
            models.CheckConstraint(condition=Q(line_gross=F("line_net") + F("line_tax")),
                                   name="commerce_order_line_adds_up"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.description}"


class OrderEvent(models.Model):
    """The order's history: one row per status change (and its creation), never edited."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=OrderStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=OrderStatus.choices)
    actor_email = models.EmailField(max_length=254, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status}"


class OrderNote(models.Model):
    """A staff note on an order: for colleagues, never shown to the customer."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="notes")
    author_email = models.EmailField(max_length=254)
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Note by {self.author_email}"
