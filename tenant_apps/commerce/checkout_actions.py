"""Every change the checkout makes: its settings and delivery options, and placing the order."""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from tenant_apps.catalog.models import CatalogSettings
from tenant_apps.customers.actions import AddressDetails, add_address
from tenant_apps.customers.models import AddressKind, Customer
from tenant_apps.pricing.tax import VatRate

from .checkout_choices import Buyer, PostalAddress
from .checkout_emails import send_order_placed_email
from .checkout_models import CheckoutSettings, DeliveryOption
from .checkout_selectors import order_for_checkout_key
from .models import Cart
from .order_actions import CheckoutDetails, place_order_from_cart
from .order_models import DeliveryKind, Order

# code, label, kind, price incl. VAT, position: what seed_checkout and the migration give.
DEFAULT_DELIVERY_OPTIONS = [
    ("colissimo", "Colissimo home delivery", DeliveryKind.HOME, "6.90", 10),
    ("post-office", "Post office pick-up", DeliveryKind.POST_OFFICE, "4.90", 20),
]
OPTION_FIELDS = ("code", "label", "kind", "price", "price_includes_vat", "vat_rate", "is_active",
                 "position")


def update_checkout_settings(*, allows_guest_checkout: bool, terms_version: str,
                             terms_text: str) -> CheckoutSettings:
    """Save the settings row, created on first save; the row is locked while it changes."""
    with transaction.atomic():
        CheckoutSettings.objects.get_or_create(pk=1)
        settings = CheckoutSettings.objects.select_for_update().get(pk=1)
        settings.allows_guest_checkout = allows_guest_checkout
        settings.terms_version = terms_version.strip()
        settings.terms_text = terms_text.strip()
        settings.full_clean()
        settings.save()
    return settings


def new_option_defaults() -> dict[str, Any]:
    """A new option's price is entered as the catalogue's prices are (CatalogSettings)."""
    catalog = CatalogSettings.current()
    return {"price_includes_vat": catalog.prices_include_vat,
            "vat_rate": catalog.default_vat_rate, "is_active": True}


def create_delivery_option(values: dict[str, Any]) -> DeliveryOption:
    """A new option; refused (ValidationError per field) as the model's validation says."""
    option = DeliveryOption(**{**new_option_defaults(), **values})
    option.full_clean()
    option.save()
    return option


def update_delivery_option(option: DeliveryOption, values: dict[str, Any]) -> DeliveryOption:
    with transaction.atomic():
        locked = DeliveryOption.objects.select_for_update().get(pk=option.pk)
        changed = [name for name in OPTION_FIELDS
                   if name in values and getattr(locked, name) != values[name]]
        for name in changed:
            setattr(locked, name, values[name])
        if changed:
            locked.full_clean()
            locked.save(update_fields=changed)
    return locked


def seed_checkout() -> None:
    """The default settings and delivery options; running it again changes nothing."""
    with transaction.atomic():
        CheckoutSettings.objects.get_or_create(pk=1)
        for code, label, kind, price, position in DEFAULT_DELIVERY_OPTIONS:
            DeliveryOption.objects.get_or_create(code=code, defaults={
                "label": label, "kind": kind, "price": Decimal(price),
                "price_includes_vat": True, "vat_rate": VatRate.STANDARD, "position": position,
            })


def ensure_checkout() -> CheckoutSettings:
    """The settings row; on first use, created with the default delivery options.

    Tenant schemas are cloned from a template without its rows, so the defaults are written
    here, the first time a checkout or its settings page is opened.
    """
    settings = CheckoutSettings.objects.filter(pk=1).first()
    if settings is None:
        seed_checkout()
        settings = CheckoutSettings.objects.get(pk=1)
    return settings


def save_new_address(customer: Customer, address: PostalAddress) -> int:
    """Keep an address typed at checkout in the customer's address book; returns its id."""
    saved = add_address(customer, AddressDetails(
        kind=AddressKind.HOME, recipient_name=address.name, phone=address.phone,
        street=address.street, postal_code=address.postal_code, city=address.city,
        country=address.country))
    return saved.pk


def place_checkout_order(cart: Cart, buyer: Buyer, details: CheckoutDetails, *,
                         expected_total_gross: Decimal | None, checkout_key: str) -> Order:
    """Place the order and queue its confirmation e-mail, in one transaction.

    The cart row stays locked until commit, so a repeated submit with the same ``checkout_key``
    waits, then finds the order made by the first and sends no second e-mail.
    """
    with transaction.atomic():
        Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())
        existing = order_for_checkout_key(cart, checkout_key)
        if existing is not None:
            return existing
        order = place_order_from_cart(
            cart, customer_email=buyer.email, customer=buyer.customer, guest_name=buyer.name,
            details=details, expected_total_gross=expected_total_gross,
            checkout_key=checkout_key)
        send_order_placed_email(order)
    return order

