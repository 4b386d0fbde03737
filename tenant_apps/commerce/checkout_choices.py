"""The checkout's choices, validated: who buys, where it goes, who is billed, how it is paid.

The storefront steps and the API give the same inputs (the same field names) and both turn them
into ``CheckoutDetails`` here, so a refusal names the same field on both. Choices are re-resolved
when the order is placed: an address deleted or an option withdrawn since is caught then.
"""

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Any

from django.db import models

from shared_apps.postoffices.errors import PostOfficeError
from shared_apps.postoffices.selectors import get_post_office
from tenant_apps.customers.actions import PHONE_RE, POSTAL_CODE_RE
from tenant_apps.customers.countries import HOME_COUNTRY
from tenant_apps.customers.errors import CustomerError
from tenant_apps.customers.models import Address, Customer
from tenant_apps.customers.vat import clean_country
from tenant_apps.payments.providers import available_providers
from tenants.lookups import is_database_id

from .checkout_errors import CheckoutError
from .checkout_models import OPTION_CODE_PATTERN, CheckoutSettings, DeliveryOption
from .checkout_pricing import DeliveryFee
from .order_actions import CheckoutDetails
from .order_models import DeliveryKind

_ADDRESS_LIMITS = {"name": 150, "phone": 30, "street": 200, "postal_code": 12, "city": 100,
                   "country": 2}


class Destination(models.TextChoices):
    SAVED = "saved", "One of my saved addresses"
    NEW = "new", "A new address"
    POST_OFFICE = "post_office", "A post office"


class BillingSource(models.TextChoices):
    SAME = "same", "Same as the delivery address"
    SAVED = "saved", "One of my saved addresses"
    NEW = "new", "Another address"


@dataclass(frozen=True)
class PostalAddress:
    name: str = ""
    phone: str = ""
    street: str = ""
    postal_code: str = ""
    city: str = ""
    country: str = HOME_COUNTRY

    @classmethod
    def of(cls, address: Address, fallback_name: str) -> "PostalAddress":
        return cls(address.recipient_name or fallback_name, address.phone, address.street,
                   address.postal_code, address.city, address.country)


def clean_postal_address(raw: Mapping[str, Any], *, prefix: str) -> PostalAddress:
    """An address typed in ``{prefix}name``, ``{prefix}street``... fields, checked one by one."""
    values: dict[str, str] = {}
    for name, limit in _ADDRESS_LIMITS.items():
        value = str(raw.get(f"{prefix}{name}") or "").strip()
        if len(value) > limit:
            raise CheckoutError(f"At most {limit} characters.", code="too_long",
                                field=f"{prefix}{name}")
        if "\x00" in value:  # PostgreSQL refuses NUL bytes in text: refused here, by name
            raise CheckoutError("Null characters are not allowed.", code="null_characters",
                                field=f"{prefix}{name}")
        values[name] = value
    for name in ("name", "street", "postal_code", "city"):
        if not values[name]:
            raise CheckoutError("This field is required.", code="required",
                                field=f"{prefix}{name}")
    if not POSTAL_CODE_RE.match(values["postal_code"]):
        raise CheckoutError("Enter a valid postal code.", code="invalid_postal_code",
                            field=f"{prefix}postal_code")
    if values["phone"] and not PHONE_RE.match(values["phone"]):
        raise CheckoutError("Enter a phone number: digits, spaces, +, -, dots, brackets.",
                            code="invalid_phone", field=f"{prefix}phone")
    try:
        values["country"] = clean_country(values["country"] or HOME_COUNTRY,
                                          field=f"{prefix}country")
    except CustomerError as error:
        raise CheckoutError(error.detail, code=error.code, field=error.field) from None
    values["postal_code"] = values["postal_code"].upper()
    return PostalAddress(**values)


@dataclass(frozen=True)
class DeliveryChoice:
    delivery_option: str
    destination: str
    address_id: int | None = None
    address: PostalAddress | None = None
    post_office_id: str = ""

    def as_data(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> "DeliveryChoice":
        address = data.get("address")
        return cls(**{**data, "address": PostalAddress(**address) if address else None})


@dataclass(frozen=True)
class BillingChoice:
    billing: str = BillingSource.SAME
    billing_address_id: int | None = None
    address: PostalAddress | None = None

    def as_data(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> "BillingChoice":
        address = data.get("address")
        return cls(**{**data, "address": PostalAddress(**address) if address else None})


@dataclass(frozen=True)
class Buyer:
    """Who orders: a registered customer, or a guest (``customer`` None) by e-mail and name."""

    customer: Customer | None
    email: str
    name: str


def active_options() -> list[DeliveryOption]:
    return list(DeliveryOption.objects.active())


def _option(code: str, destination: str) -> DeliveryOption:
    code = str(code or "")
    # Only a well-formed code reaches the query (a NUL byte would be a database error).
    option = DeliveryOption.objects.active().filter(code=code).first() \
        if re.match(OPTION_CODE_PATTERN, code) else None
    if option is None:
        raise CheckoutError("Choose one of the delivery options offered.",
                            code="unknown_delivery_option", field="delivery_option")
    wanted = DeliveryKind.POST_OFFICE if destination == Destination.POST_OFFICE \
        else DeliveryKind.HOME
    if option.kind != wanted:
        raise CheckoutError(f"{option.label} does not deliver there: choose an option for "
                            f"{DeliveryKind(wanted).label.lower()}.",
                            code="delivery_option_mismatch", field="delivery_option")
    return option


def _saved_address(buyer: Buyer, address_id: int | None, *, field: str) -> Address:
    if buyer.customer is None or address_id is None or not is_database_id(address_id):
        raise CheckoutError("Choose one of your saved addresses.", code="unknown_address",
                            field=field)
    address = Address.objects.filter(pk=address_id, customer=buyer.customer).first()
    if address is None:
        raise CheckoutError("Choose one of your saved addresses.", code="unknown_address",
                            field=field)
    return address


def _delivery_fields(buyer: Buyer, choice: DeliveryChoice) -> tuple[dict[str, Any],
                                                                     PostalAddress | None]:
    """The order's delivery snapshot and, for a home delivery, the address it goes to."""
    if choice.destination == Destination.POST_OFFICE:
        try:
            office = get_post_office(str(choice.post_office_id or "")[:20])
        except PostOfficeError:
            raise CheckoutError("Choose a post office from the search results.",
                                code="unknown_post_office", field="post_office_id") from None
        return {
            "delivery_kind": DeliveryKind.POST_OFFICE, "delivery_name": buyer.name[:150],
            "delivery_street": office.street, "delivery_postal_code": office.postal_code,
            "delivery_city": office.city, "delivery_country": office.country,
            "post_office_id": office.id, "post_office_name": office.name[:200],
        }, None
    if choice.destination == Destination.SAVED:
        address = PostalAddress.of(_saved_address(buyer, choice.address_id, field="address_id"),
                                   buyer.name)
    elif choice.destination == Destination.NEW and choice.address is not None:
        address = choice.address
    else:
        raise CheckoutError("Choose where to deliver.", code="invalid_choice",
                            field="destination")
    return {
        "delivery_kind": DeliveryKind.HOME, "delivery_name": address.name[:150],
        "delivery_phone": address.phone, "delivery_street": address.street,
        "delivery_postal_code": address.postal_code, "delivery_city": address.city,
        "delivery_country": address.country,
    }, address


def _billing_address(buyer: Buyer, choice: BillingChoice,
                     delivered_to: PostalAddress | None) -> PostalAddress:
    if choice.billing == BillingSource.SAME:
        if delivered_to is None:
            raise CheckoutError("A post office is not a billing address: give yours.",
                                code="billing_address_required", field="billing")
        return delivered_to
    if choice.billing == BillingSource.SAVED:
        return PostalAddress.of(_saved_address(buyer, choice.billing_address_id,
                                               field="billing_address_id"), buyer.name)
    if choice.billing == BillingSource.NEW and choice.address is not None:
        return choice.address
    raise CheckoutError("Choose the billing address.", code="invalid_choice", field="billing")


def _billing_fields(buyer: Buyer, address: PostalAddress) -> dict[str, Any]:
    customer = buyer.customer
    is_professional = customer is not None and customer.is_professional
    return {
        "billing_name": address.name[:200], "billing_street": address.street,
        "billing_postal_code": address.postal_code, "billing_city": address.city,
        "billing_country": address.country,
        "billing_company": customer.company_name if customer and is_professional else "",
        "buyer_vat_number": customer.vat_number if customer and is_professional else "",
        "buyer_siret": customer.siret if customer and is_professional else "",
    }


def check_provider(code: str) -> str:
    if code not in dict(available_providers()):
        raise CheckoutError("Choose one of the payment methods offered.",
                            code="unknown_payment_provider", field="payment_provider")
    return code


def check_terms(settings: CheckoutSettings, *, accepted: bool, version: str) -> None:
    if not accepted:
        raise CheckoutError("Accept the terms of sale to place the order.",
                            code="terms_not_accepted", field="terms_accepted")
    if version != settings.terms_version:
        raise CheckoutError(f"The terms of sale are now version {settings.terms_version}: "
                            "read and accept them.", code="terms_version_changed",
                            field="terms_version", status=409)


def resolve_delivery(buyer: Buyer, delivery: DeliveryChoice,
                     billing: BillingChoice) -> CheckoutDetails:
    """Delivery, fee and billing as the order will snapshot them; refusals name the field."""
    option = _option(delivery.delivery_option, delivery.destination)
    delivery_fields, delivered_to = _delivery_fields(buyer, delivery)
    billing_fields = _billing_fields(buyer, _billing_address(buyer, billing, delivered_to))
    return CheckoutDetails(
        **delivery_fields, **billing_fields, delivery_method=option.code,
        delivery_label=option.label,
        delivery_fee=DeliveryFee(option.code, option.label, option.taxed_price()),
    )


def checkout_details(buyer: Buyer, delivery: DeliveryChoice, billing: BillingChoice, *,
                     payment_provider: str, terms_version: str,
                     accepted_at: datetime) -> CheckoutDetails:
    """Everything the order records; the terms must already be checked (``check_terms``)."""
    return replace(resolve_delivery(buyer, delivery, billing),
                   payment_provider=check_provider(payment_provider),
                   terms_version=terms_version, terms_accepted_at=accepted_at)


def _id(value: object, *, field: str) -> int:
    text = str(value if value is not None else "").strip()
    # isascii: "²" and other Unicode digits pass isdigit() but not int().
    if isinstance(value, bool) or not (text.isascii() and text.isdigit()) or len(text) > 18:
        raise CheckoutError("Choose one of your saved addresses.", code="required", field=field)
    return int(text)


def delivery_choice_from(data: Mapping[str, Any]) -> DeliveryChoice:
    """Parse the delivery inputs (form or API, same names); only the chosen destination's
    inputs are read and required."""
    destination = str(data.get("destination") or "")
    if destination not in Destination.values:
        raise CheckoutError("Choose where to deliver.", code="required", field="destination")
    option = str(data.get("delivery_option") or "").strip()
    if not option:
        raise CheckoutError("Choose a delivery option.", code="required",
                            field="delivery_option")
    if destination == Destination.SAVED:
        return DeliveryChoice(option, destination,
                              address_id=_id(data.get("address_id"), field="address_id"))
    if destination == Destination.NEW:
        return DeliveryChoice(option, destination,
                              address=clean_postal_address(data, prefix="delivery_"))
    office = str(data.get("post_office_id") or "").strip().upper()
    if not office:
        raise CheckoutError("Choose a post office.", code="required", field="post_office_id")
    return DeliveryChoice(option, destination, post_office_id=office[:20])


def billing_choice_from(data: Mapping[str, Any]) -> BillingChoice:
    source = str(data.get("billing") or BillingSource.SAME)
    if source not in BillingSource.values:
        raise CheckoutError("Choose the billing address.", code="invalid_choice",
                            field="billing")
    if source == BillingSource.SAVED:
        return BillingChoice(source, billing_address_id=_id(data.get("billing_address_id"),
                                                            field="billing_address_id"))
    if source == BillingSource.NEW:
        return BillingChoice(source, address=clean_postal_address(data, prefix="billing_"))
    return BillingChoice(source)
