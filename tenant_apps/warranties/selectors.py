"""Typed reads of warranties and claims for the storefront, the back office and the API.

``access_*`` fetch *and* authorise: another customer's warranty and a missing one get the same
``WarrantyNotFound``, so an id reveals nothing.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from tenant_apps.accounts.models import User
from tenant_apps.customers.models import Customer
from tenant_apps.repairs.models import Device
from tenant_apps.repairs.selectors import devices_of

from .errors import WarrantyNotFound
from .models import Warranty, WarrantyClaim
from .state import ClaimStatus


def warranties_of(customer: Customer) -> QuerySet[Warranty]:
    return Warranty.objects.filter(device__customer=customer).select_related(
        "device__category", "device__brand", "device__device_model", "plan",
        "repair_order").prefetch_related(
        Prefetch("claims", queryset=WarrantyClaim.objects.select_related("repair_order")))


def access_warranty(customer: Customer, warranty_id: int) -> Warranty:
    warranty = warranties_of(customer).filter(pk=warranty_id).first()
    if warranty is None:
        raise WarrantyNotFound()
    return warranty


@dataclass
class DeviceWarranties:
    """One device's cover: the retailer's warranties apart from the legal guarantee."""

    device: Device
    commercial: list[Warranty] = field(default_factory=list)
    legal_conformity: list[Warranty] = field(default_factory=list)


def warranties_by_device(customer: Customer) -> list[DeviceWarranties]:
    """Every device of the customer, each with its warranties (devices without any too)."""
    groups = {device.pk: DeviceWarranties(device) for device in devices_of(customer)}
    for warranty in warranties_of(customer):
        group = groups[warranty.device_id]
        (group.legal_conformity if warranty.is_legal_conformity
         else group.commercial).append(warranty)
    return list(groups.values())


def claims_for_staff(status: str = "") -> QuerySet[WarrantyClaim]:
    """The claims queue: oldest first, so the longest waiting is decided first."""
    claims = WarrantyClaim.objects.select_related(
        "warranty__device__customer__user", "warranty__device__category", "repair_order"
    ).order_by("created_at", "id")
    return claims.filter(status=status) if status in ClaimStatus.values else claims


def access_claim_for_staff(claim_id: int) -> WarrantyClaim:
    claim = claims_for_staff().filter(pk=claim_id).first()
    if claim is None:
        raise WarrantyNotFound("claim")
    return claim


def warranties_for_staff() -> QuerySet[Warranty]:
    return Warranty.objects.select_related(
        "device__customer__user", "device__category", "device__brand", "device__device_model",
        "plan", "repair_order").order_by("-created_at", "-id")


def access_invoice(user: User, warranty_id: int) -> Warranty:
    """A purchase invoice is served to the device's owner and to the tenant's staff only."""
    warranty = None
    if user.is_authenticated:
        warranties = Warranty.objects.select_related("device__customer").exclude(
            purchase_invoice="")
        if not user.is_store_staff:
            warranties = warranties.filter(device__customer__user=user)
        warranty = warranties.filter(pk=warranty_id).first()
    if warranty is None:
        raise WarrantyNotFound()
    return warranty
