"""Demo sellers' legal identities (the demo seed calls ``seed_documents`` in each tenant)."""

from decimal import Decimal
from typing import Any

from django.db import transaction

from tenants.context import current_tenant

from .models import SellerProfile

DEMO_PROFILES: dict[str, dict[str, Any]] = {
    "retail": {
        "legal_name": "Demo Retail SAS", "legal_form": "SAS", "share_capital": Decimal("50000"),
        "siren": "732829320", "siret": "73282932000074", "vat_number": "FR44732829320",
        "rcs_city": "Paris", "street": "12 rue de la Paix", "postal_code": "75002",
        "city": "Paris", "email": "help@retail.localhost", "phone": "+33 1 23 45 67 89",
        "footer": "Demo Retail SAS · Merci de votre confiance.",
    },
    "sme": {
        "legal_name": "Atelier Demo SARL", "legal_form": "SARL",
        "share_capital": Decimal("7500"), "siren": "842315673", "siret": "84231567300009",
        "vat_number": "FR31842315673", "rcs_city": "Bordeaux", "street": "3 quai des Chartrons",
        "postal_code": "33000", "city": "Bordeaux", "email": "contact@sme.localhost",
        "phone": "+33 5 56 00 00 00",
    },
}


@transaction.atomic
def seed_documents() -> SellerProfile | None:
    """Fill the current demo tenant's seller identity once; other tenants are left alone.
    Idempotent: an existing profile (perhaps edited by a manager) is kept as it is."""
    tenant = current_tenant()
    values = DEMO_PROFILES.get(tenant.slug) if tenant is not None else None
    if values is None:
        return None
    profile, _ = SellerProfile.objects.get_or_create(pk=1, defaults=values)
    return profile
