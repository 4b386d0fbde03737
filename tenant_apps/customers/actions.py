"""Every change to a customer: profiles, guests, company details and VAT, addresses.

Each action runs in one transaction, locks the customer row it changes, writes an audit row, and
schedules the VIES look-up after commit.
"""

import re
from dataclasses import dataclass, fields

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from tenant_apps.accounts.models import Role, User, normalise_email
from tenants.context import current_tenant
from tenants.scheduling import schedule_on_commit

from .countries import is_other_member_state
from .errors import CustomerError
from .models import Address, AddressKind, Customer, CustomerEvent
from .vat import (
    CustomerKind,
    VatNumberStatus,
    VatStatus,
    clean_country,
    clean_siret,
    clean_vat_number,
)
from .vies import ViesResult


def ensure_customer_for_user(user: User) -> Customer:
    """The customer profile of a customer account, created on first use (sign-up, checkout)."""
    if user.role != Role.CUSTOMER:
        raise CustomerError("Only customer accounts have a customer profile.",
                            code="not_a_customer", status=404)
    customer, created = Customer.objects.get_or_create(user=user)
    if created:
        CustomerEvent.objects.create(customer=customer, kind=CustomerEvent.Kind.CREATED,
                                     actor_email=user.email)
    return customer


def create_guest(email: str, full_name: str) -> Customer:
    """A customer without an account, for a guest checkout: always national for VAT."""
    email = normalise_email(email or "")
    try:
        validate_email(email)
    except ValidationError:
        raise CustomerError("Enter a valid e-mail address.", code="invalid_email",
                            field="email") from None
    full_name = (full_name or "").strip()
    if not full_name:
        raise CustomerError("Enter the guest's name.", code="required", field="full_name")
    with transaction.atomic():
        customer = Customer.objects.create(guest_email=email, guest_name=full_name[:150])
        CustomerEvent.objects.create(customer=customer, kind=CustomerEvent.Kind.CREATED)
    return customer


@dataclass(frozen=True)
class CustomerDetails:
    """The changes asked for; None leaves a field as it is."""

    kind: str | None = None
    company_name: str | None = None
    siret: str | None = None
    vat_number: str | None = None
    billing_country: str | None = None


def _merged(customer: Customer, details: CustomerDetails) -> dict[str, str]:
    """The customer's details after the change, validated and normalised."""
    kind = customer.kind if details.kind is None else details.kind
    if kind not in CustomerKind.values:
        raise CustomerError("Choose individual or professional.", code="invalid_kind",
                            field="kind")
    merged = {
        "kind": kind,
        "company_name": (customer.company_name if details.company_name is None
                         else details.company_name.strip()[:200]),
        "siret": customer.siret if details.siret is None else clean_siret(details.siret),
        "vat_number": customer.vat_number if details.vat_number is None else "",
        "billing_country": (customer.billing_country if details.billing_country is None
                            else clean_country(details.billing_country)),
    }
    if details.vat_number is not None:
        number = clean_vat_number(details.vat_number)
        merged["vat_number"] = number.number if number else ""
    if kind == CustomerKind.INDIVIDUAL:
        # An individual has no company: switching back drops the company's identifiers.
        merged.update(company_name="", siret="", vat_number="")
    elif not merged["company_name"]:
        raise CustomerError("A professional customer needs a company name.", code="required",
                            field="company_name")
    if merged["vat_number"]:
        vat_country = clean_vat_number(merged["vat_number"])
        if vat_country and vat_country.country != merged["billing_country"]:
            raise CustomerError("The VAT number's country must be the billing country.",
                                code="vat_country_mismatch", field="vat_number")
    return merged


def _number_status_after(customer: Customer, merged: dict[str, str]) -> str:
    if not merged["vat_number"]:
        return VatNumberStatus.NOT_CHECKED
    if merged["vat_number"] == customer.vat_number and customer.vat_number_status in (
        VatNumberStatus.VALID, VatNumberStatus.INVALID, VatNumberStatus.PENDING,
    ):
        return customer.vat_number_status
    if is_other_member_state(merged["billing_country"]):
        return VatNumberStatus.PENDING
    return VatNumberStatus.FORMAT_VALID


def update_customer_details(customer: Customer, details: CustomerDetails, *,
                            actor: User | None) -> Customer:
    """Change kind, company, SIRET, VAT number or billing country; queue a VIES look-up when a
    VAT number starts to matter (a new number, or a billing country in another member state)."""
    if customer.is_guest:
        raise CustomerError("A guest has no company details.", code="guest_customer",
                            status=409)
    with transaction.atomic():
        locked = Customer.objects.select_for_update().get(pk=customer.pk)
        merged = _merged(locked, details)
        merged["vat_number_status"] = _number_status_after(locked, merged)
        changed = [name for name, value in merged.items() if getattr(locked, name) != value]
        if not changed:
            return locked
        for name in changed:
            setattr(locked, name, merged[name])
        if "vat_number" in changed:
            locked.vat_number_checked_at = None
            changed.append("vat_number_checked_at")
        locked.save(update_fields=[*changed, "updated_at"])
        CustomerEvent.objects.create(customer=locked, kind=CustomerEvent.Kind.DETAILS_CHANGED,
                                     actor_email=actor.email if actor else "",
                                     detail=", ".join(sorted(changed))[:300])
        if "vat_number_status" in changed and locked.vat_number_status == VatNumberStatus.PENDING:
            _queue_vies_check(locked)
    return locked


def _queue_vies_check(customer: Customer) -> None:
    from .tasks import check_vat_number

    tenant = current_tenant()
    if tenant is None:
        raise CustomerError("Customers live on a tenant.", code="no_tenant")
    schedule_on_commit(check_vat_number, tenant.pk, customer.pk, customer.vat_number)


def record_vies_result(customer_id: int, vat_number: str, result: ViesResult) -> bool:
    """Store what VIES said about ``vat_number``; True when the customer changed.

    Idempotent: a number that changed since the look-up was queued, or that VIES has already
    decided, is left alone. An unavailable VIES leaves the number pending, never invalid.
    """
    if result == ViesResult.UNAVAILABLE:
        return False
    with transaction.atomic():
        customer = Customer.objects.select_for_update().filter(pk=customer_id).first()
        if (customer is None or customer.vat_number != vat_number
                or customer.vat_number_status != VatNumberStatus.PENDING):
            return False
        customer.vat_number_status = (VatNumberStatus.VALID if result == ViesResult.VALID
                                      else VatNumberStatus.INVALID)
        customer.vat_number_checked_at = timezone.now()
        customer.save(update_fields=["vat_number_status", "vat_number_checked_at", "updated_at"])
        CustomerEvent.objects.create(customer=customer, kind=CustomerEvent.Kind.VAT_NUMBER_CHECKED,
                                     detail=f"{vat_number}: {result.value}")
    return True


def needs_vies_check(customer_id: int, vat_number: str) -> bool:
    """Whether a queued look-up still has something to decide."""
    return Customer.objects.filter(pk=customer_id, vat_number=vat_number,
                                   vat_number_status=VatNumberStatus.PENDING).exists()


def set_vat_status_override(customer: Customer, value: str | None, *, staff: User) -> Customer:
    """A manager fixes the customer's VAT status (None goes back to the derived one)."""
    if not staff.is_manager:
        raise CustomerError("Only the store's managers may override a VAT status.",
                            code="forbidden", status=403)
    if value is not None and value not in VatStatus.values:
        raise CustomerError("Choose national, intra-EU or extra-EU.", code="invalid_choice",
                            field="vat_status_override")
    if customer.is_guest and value not in (None, VatStatus.NATIONAL):
        raise CustomerError("Guests are always charged national VAT.", code="guest_customer",
                            field="vat_status_override", status=409)
    with transaction.atomic():
        locked = Customer.objects.select_for_update().get(pk=customer.pk)
        if locked.vat_status_override == value:
            return locked
        locked.vat_status_override = value
        locked.vat_status_override_by = staff if value is not None else None
        locked.vat_status_override_at = timezone.now() if value is not None else None
        locked.save(update_fields=["vat_status_override", "vat_status_override_by",
                                   "vat_status_override_at", "updated_at"])
        CustomerEvent.objects.create(customer=locked,
                                     kind=CustomerEvent.Kind.VAT_STATUS_OVERRIDDEN,
                                     actor_email=staff.email, detail=value or "derived")
    return locked


# --- Addresses ---------------------------------------------------------------------------------

PHONE_RE = re.compile(r"^\+?[0-9][0-9 ().-]{3,28}$")
POSTAL_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 -]{1,10}$")


@dataclass(frozen=True)
class AddressDetails:
    """An address as given; on update, None leaves a field as it is."""

    kind: str | None = None
    recipient_name: str | None = None
    phone: str | None = None
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    country: str | None = None


_ADDRESS_LIMITS = {"recipient_name": 150, "street": 200, "city": 100}


def _clean_address(details: AddressDetails, current: Address) -> dict[str, str]:
    values = {item.name: getattr(details, item.name) for item in fields(details)}
    cleaned: dict[str, str] = {}
    for name, value in values.items():
        value = getattr(current, name) if value is None else str(value).strip()
        if name in _ADDRESS_LIMITS and len(value) > _ADDRESS_LIMITS[name]:
            raise CustomerError(f"At most {_ADDRESS_LIMITS[name]} characters.",
                                code="too_long", field=name)
        cleaned[name] = value
    if cleaned["kind"] not in AddressKind.values:
        raise CustomerError("Choose home, billing or other.", code="invalid_kind", field="kind")
    for name in ("street", "postal_code", "city"):
        if not cleaned[name]:
            raise CustomerError("This field is required.", code="required", field=name)
    if not POSTAL_CODE_RE.match(cleaned["postal_code"]):
        raise CustomerError("Enter a valid postal code.", code="invalid_postal_code",
                            field="postal_code")
    if cleaned["phone"] and not PHONE_RE.match(cleaned["phone"]):
        raise CustomerError("Enter a phone number: digits, spaces, +, -, dots, brackets.",
                            code="invalid_phone", field="phone")
    cleaned["postal_code"] = cleaned["postal_code"].upper()
    cleaned["country"] = clean_country(cleaned["country"], field="country")
    return cleaned


def add_address(customer: Customer, details: AddressDetails) -> Address:
    """A new address; the customer's first one becomes the default for delivery and billing."""
    with transaction.atomic():
        locked = Customer.objects.select_for_update().get(pk=customer.pk)
        cleaned = _clean_address(details, Address(kind=AddressKind.HOME, country="FR"))
        is_first = not locked.addresses.exists()
        return Address.objects.create(customer=locked, is_default_delivery=is_first,
                                      is_default_billing=is_first, **cleaned)


def update_address(address: Address, details: AddressDetails) -> Address:
    with transaction.atomic():
        locked = Address.objects.select_for_update().get(pk=address.pk)
        cleaned = _clean_address(details, locked)
        changed = [name for name, value in cleaned.items() if getattr(locked, name) != value]
        for name in changed:
            setattr(locked, name, cleaned[name])
        if changed:
            locked.save(update_fields=changed)
    return locked


def delete_address(address: Address) -> None:
    """Remove an address; a default it held passes to the customer's oldest remaining one."""
    with transaction.atomic():
        Customer.objects.select_for_update().get(pk=address.customer_id)
        locked = Address.objects.filter(pk=address.pk).first()
        if locked is None:
            return
        locked.delete()
        heir = Address.objects.filter(customer_id=address.customer_id).order_by("id").first()
        if heir is None:
            return
        if locked.is_default_delivery:
            _make_default(heir, "is_default_delivery")
        if locked.is_default_billing:
            _make_default(heir, "is_default_billing")


def _make_default(address: Address, flag: str) -> None:
    # Clear the old default first: the partial unique index allows one true per customer.
    Address.objects.filter(customer_id=address.customer_id, **{flag: True}).exclude(
        pk=address.pk).update(**{flag: False})
    Address.objects.filter(pk=address.pk).update(**{flag: True})
    setattr(address, flag, True)


def set_default_address(address: Address, *, use: str) -> Address:
    """Make ``address`` the default for ``use`` ("delivery" or "billing"), atomically: the
    customer row is locked so two switches never race, and exactly one default remains."""
    flag = {"delivery": "is_default_delivery", "billing": "is_default_billing"}.get(use)
    if flag is None:
        raise CustomerError("Choose delivery or billing.", code="invalid_choice", field="use")
    with transaction.atomic():
        Customer.objects.select_for_update().get(pk=address.customer_id)
        locked = Address.objects.filter(pk=address.pk).first()
        if locked is None:
            raise CustomerError("No such address.", code="not_found", status=404)
        _make_default(locked, flag)
    return locked
