"""Warranties and their claims: kinds, statuses and the moves allowed between them.

A warranty's status is derived, never stored: ``void`` once staff voided it, ``expired`` after its
last day (``ends_on``, inclusive), ``active`` otherwise. Voiding is the only change a warranty
undergoes, and only an active one may be voided (``VOIDABLE_STATUSES``).

A claim is filed by the customer, then staff decide::

    submitted -> accepted   (a no-charge repair order is opened in the same transaction)
              -> rejected   (with a reason)
"""

from django.db import models

# Commercial warranties (sold by the retailer, or bought elsewhere and proven by an invoice).
COMMERCIAL_MONTHS = (3, 6, 12)
# Garantie légale de conformité (Code de la consommation, art. L217-3 and L217-7): two years
# from the delivery of new goods. Owed by the seller whatever commercial warranty is added.
LEGAL_CONFORMITY_MONTHS = 24


class WarrantyKind(models.TextChoices):
    COMMERCIAL = "commercial", "Commercial warranty"
    REPAIR = "repair", "Repair warranty"
    LEGAL_CONFORMITY = "legal_conformity", "Legal conformity guarantee"


# The warranties the retailer grants of its own will (as opposed to the one the law imposes).
COMMERCIAL_KINDS = frozenset({WarrantyKind.COMMERCIAL, WarrantyKind.REPAIR})


class WarrantyStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    EXPIRED = "expired", "Expired"
    VOID = "void", "Void"


VOIDABLE_STATUSES = frozenset({WarrantyStatus.ACTIVE})


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


CLAIM_TRANSITIONS: dict[ClaimStatus, frozenset[ClaimStatus]] = {
    ClaimStatus.SUBMITTED: frozenset({ClaimStatus.ACCEPTED, ClaimStatus.REJECTED}),
    ClaimStatus.ACCEPTED: frozenset(),
    ClaimStatus.REJECTED: frozenset(),
}


def can_transition_claim(source: str, target: str) -> bool:
    if source not in ClaimStatus.values or target not in ClaimStatus.values:
        return False
    return ClaimStatus(target) in CLAIM_TRANSITIONS[ClaimStatus(source)]
