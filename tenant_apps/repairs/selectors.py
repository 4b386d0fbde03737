"""Typed reads of the repair journey for the storefront, the back office and the API.

``access_*`` fetch *and* authorise: another customer's object and a missing one get the same
``NotFound``, so an id reveals nothing.
"""

from django.db.models import QuerySet

from tenant_apps.accounts.models import User
from tenant_apps.customers.models import Customer

from .errors import NotFound
from .models import Device, Quote, RepairOrder
from .state import QuoteStatus, RepairStatus, allowed_targets


def devices_of(customer: Customer) -> QuerySet[Device]:
    return Device.objects.filter(customer=customer).select_related(
        "category", "brand", "device_model")


def access_device(customer: Customer, device_id: int) -> Device:
    device = devices_of(customer).filter(pk=device_id).first()
    if device is None:
        raise NotFound("device")
    return device


def repair_orders_of(customer: Customer) -> QuerySet[RepairOrder]:
    return RepairOrder.objects.filter(customer=customer).select_related(
        "device__category", "package")


def access_repair_order(customer: Customer, repair_order_id: int) -> RepairOrder:
    repair = repair_orders_of(customer).filter(pk=repair_order_id).first()
    if repair is None:
        raise NotFound("repair order")
    return repair


def access_quote(customer: Customer, quote_id: int) -> Quote:
    """A quote the customer may read and answer: sent to them at some point, never a draft."""
    quote = (Quote.objects.filter(pk=quote_id, repair_order__customer=customer)
             .exclude(status=QuoteStatus.DRAFT).first())
    if quote is None:
        raise NotFound("quote")
    return quote


def live_quote(repair: RepairOrder) -> Quote | None:
    """The quote awaiting the customer's answer, if any."""
    return repair.quotes.filter(status=QuoteStatus.SENT).prefetch_related("lines").first()


def can_see_proof(user: User, device: Device) -> bool:
    """A proof of purchase is served to its owner and to the tenant's staff, nobody else."""
    if not user.is_authenticated or not device.proof_of_purchase:
        return False
    return user.is_store_staff or device.customer.user_id == user.pk


def staff_targets(repair: RepairOrder) -> list[RepairStatus]:
    """The statuses staff may pick for the repair now (quote moves excluded)."""
    return allowed_targets(repair.path, repair.status)
