"""Who pays French VAT: the customer's VAT status, and the identifiers it rests on.

Everything here is pure: no database, no network. The VIES look-up lives in ``vies.py``.
"""

from dataclasses import dataclass

from django.db import models
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siret as fr_siret

from .countries import HOME_COUNTRY, country_of_vat_prefix, is_country_code, is_other_member_state
from .errors import CustomerError


class CustomerKind(models.TextChoices):
    INDIVIDUAL = "individual", "Individual"
    PROFESSIONAL = "professional", "Professional"


class VatNumberStatus(models.TextChoices):
    NOT_CHECKED = "not_checked", "Not checked"
    # Format and checksum pass; no VIES look-up asked because the number decides nothing (the
    # customer is billed in France or outside the EU).
    FORMAT_VALID = "format_valid", "Format valid"
    # A VIES look-up is queued, or VIES was unavailable and the look-up will be retried.
    PENDING = "pending", "Pending VIES check"
    VALID = "valid", "Valid (VIES)"
    # Only ever set when VIES itself answers that the number is not valid.
    INVALID = "invalid", "Invalid (VIES)"


class VatStatus(models.TextChoices):
    NATIONAL = "national", "National (VAT charged)"
    INTRA_EU = "intra_eu", "Intra-EU (reverse charge)"
    EXTRA_EU = "extra_eu", "Extra-EU (export, no VAT)"


def derive_vat_status(kind: str, billing_country: str, vat_number_status: str, *,
                      is_guest: bool) -> VatStatus:
    """The VAT treatment that follows from who the customer is and where they are billed.

    - Guests and individuals: national, wherever they live (B2C sales are taxed in France).
    - Professionals billed in France: national.
    - Professionals billed in another EU member state: intra-EU (no VAT, reverse charge) only
      once VIES has confirmed their VAT number (``valid``). While the number is ``pending``
      (look-up queued, or VIES down), only ``format_valid``, ``invalid`` or missing, VAT is
      charged (national): charging VAT that turns out not to be due is corrected by a credit
      note, while a wrongly exempted sale leaves the seller owing the tax.
    - Professionals billed outside the EU: extra-EU (export, no French VAT).
    """
    if is_guest or kind != CustomerKind.PROFESSIONAL or billing_country == HOME_COUNTRY:
        return VatStatus.NATIONAL
    if is_other_member_state(billing_country):
        if vat_number_status == VatNumberStatus.VALID:
            return VatStatus.INTRA_EU
        return VatStatus.NATIONAL
    return VatStatus.EXTRA_EU


def clean_country(value: str, *, field: str = "billing_country") -> str:
    country = (value or "").strip().upper()
    if not is_country_code(country):
        raise CustomerError("Use a two-letter ISO country code, e.g. FR.",
                            code="invalid_country", field=field)
    return country


def clean_siret(value: str) -> str:
    """A SIRET without spaces or dots, checked by length and Luhn checksum; "" stays ""."""
    if not (value or "").strip():
        return ""
    try:
        return str(fr_siret.validate(value))
    except StdnumError:
        raise CustomerError("Enter a valid 14-digit SIRET.", code="invalid_siret",
                            field="siret") from None


@dataclass(frozen=True)
class VatNumber:
    number: str  # compact, with its prefix, e.g. "FR40303265045"

    @property
    def prefix(self) -> str:
        return self.number[:2]

    @property
    def local_part(self) -> str:
        return self.number[2:]

    @property
    def country(self) -> str:
        """The ISO country of the number (EL numbers are Greek: GR)."""
        return country_of_vat_prefix(self.prefix)


def clean_vat_number(value: str) -> VatNumber | None:
    """An EU VAT number, normalised and checked by format and checksum; None when empty."""
    if not (value or "").strip():
        return None
    try:
        number = str(eu_vat.compact(value))
        valid = bool(eu_vat.is_valid(number))
    except StdnumError:
        valid = False
    if not valid:
        raise CustomerError("Enter a valid EU VAT number with its country prefix, "
                            "e.g. FR40303265045.", code="invalid_vat_number", field="vat_number")
    return VatNumber(number)
