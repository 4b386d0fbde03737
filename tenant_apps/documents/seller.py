"""The seller's legal identity on documents: validation, completeness and the printed snapshot."""

from decimal import Decimal
from typing import Any

from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siren as fr_siren
from stdnum.fr import siret as fr_siret

from tenant_apps.customers.countries import is_country_code
from tenants.mail import current_brand

from .errors import InvalidSellerProfile
from .models import SellerProfile

# Fixed by law (Code de commerce, art. L441-10 and D441-5): printed on every invoice to a
# professional.
RECOVERY_INDEMNITY = "Indemnité forfaitaire pour frais de recouvrement : 40 €"

# What a complete identity has: (field, label) in the order the back office lists them.
REQUIRED_FIELDS = (
    ("legal_name", "legal name"),
    ("legal_form", "legal form"),
    ("siren", "SIREN"),
    ("vat_number", "VAT number"),
    ("rcs_city", "RCS city"),
    ("street", "registered address"),
    ("postal_code", "postal code"),
    ("city", "city"),
)


def seller_profile() -> SellerProfile:
    """The current tenant's profile; an unsaved one with the defaults if none was saved yet."""
    return SellerProfile.objects.filter(pk=1).first() or SellerProfile(pk=1)


def clean_siren(value: str) -> str:
    if not (value or "").strip():
        return ""
    try:
        return str(fr_siren.validate(value))
    except StdnumError:
        raise InvalidSellerProfile("Enter a valid 9-digit SIREN.", code="invalid_siren",
                                   field="siren") from None


def clean_siret(value: str) -> str:
    if not (value or "").strip():
        return ""
    try:
        return str(fr_siret.validate(value))
    except StdnumError:
        raise InvalidSellerProfile("Enter a valid 14-digit SIRET.", code="invalid_siret",
                                   field="siret") from None


def clean_vat_number(value: str) -> str:
    if not (value or "").strip():
        return ""
    try:
        return str(eu_vat.validate(value))
    except StdnumError:
        raise InvalidSellerProfile("Enter a valid EU VAT number with its country prefix.",
                                   code="invalid_vat_number", field="vat_number") from None


def clean_identity(fields: dict[str, Any]) -> dict[str, Any]:
    """The identifiers checked and normalised; a SIRET must belong to the SIREN."""
    cleaned = dict(fields)
    cleaned["siren"] = clean_siren(fields.get("siren", ""))
    cleaned["siret"] = clean_siret(fields.get("siret", ""))
    cleaned["vat_number"] = clean_vat_number(fields.get("vat_number", ""))
    if "country" in fields:
        country = (fields["country"] or "").strip().upper()
        if not is_country_code(country):
            raise InvalidSellerProfile("Use a two-letter ISO country code, e.g. FR.",
                                       code="invalid_country", field="country")
        cleaned["country"] = country
    if cleaned["siret"] and not cleaned["siren"]:
        cleaned["siren"] = cleaned["siret"][:9]
    if cleaned["siret"] and cleaned["siret"][:9] != cleaned["siren"]:
        raise InvalidSellerProfile("The SIRET must start with the SIREN.",
                                   code="siret_not_of_siren", field="siret")
    return cleaned


def missing_identity(profile: SellerProfile | None = None) -> list[str]:
    """What the printed identity lacks (after falling back to the brand); empty when complete."""
    identity = seller_snapshot(profile)
    return [label for field, label in REQUIRED_FIELDS if not identity.get(field)]


def seller_snapshot(profile: SellerProfile | None = None) -> dict[str, Any]:
    """The seller as a document prints it: the profile, with the brand filling its blanks."""
    profile = profile or seller_profile()
    brand = current_brand()

    def pick(own: str, brand_field: str) -> str:
        fallback = getattr(brand, brand_field, "") if brand is not None else ""
        return own or str(fallback or "")

    siret = pick(profile.siret, "siret").replace(" ", "")
    capital = profile.share_capital
    return {
        "display_name": brand.display_name if brand is not None else "",
        "legal_name": pick(profile.legal_name, "legal_name") or pick("", "display_name"),
        "legal_form": profile.legal_form,
        "share_capital": format_capital(capital) if capital is not None else "",
        "siren": profile.siren or siret[:9],
        "siret": siret,
        "vat_number": pick(profile.vat_number, "vat_number"),
        "rcs_city": profile.rcs_city,
        "street": pick(profile.street, "address_line"),
        "postal_code": pick(profile.postal_code, "postal_code"),
        "city": pick(profile.city, "city"),
        "country": profile.country or "FR",
        "email": pick(profile.email, "support_email"),
        "phone": pick(profile.phone, "support_phone"),
        "payment_terms_days": profile.payment_terms_days,
        "late_payment_rate": profile.late_payment_rate,
        "footer": profile.footer,
        "vat_on_debits": profile.vat_on_debits,
    }


def format_capital(amount: Decimal) -> str:
    """``10 000 €``: French grouping, cents only when there are some."""
    whole = amount == amount.to_integral_value()
    text = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    return text.replace(",", " ").replace(".", ",") + " €"
