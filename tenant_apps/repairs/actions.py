"""Every change to a repair order: opening it, moving its status, notes and photos.

Each action is one transaction that locks the row it changes and writes the history row with it.
Quotes have their own module (``quote_actions``) and move the order through ``move_locked``.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import IO

from django.db import IntegrityError, transaction
from django.utils import timezone

from tenant_apps.accounts.models import User
from tenant_apps.catalog.models import ItemKind, SellableItem
from tenant_apps.commerce.order_actions import transition_order
from tenant_apps.commerce.order_models import Order
from tenant_apps.commerce.order_state import OrderStatus
from tenant_apps.customers.countries import HOME_COUNTRY, ISO_COUNTRY_CODES

from .errors import InvalidRepairTransition, RepairError, TransitionFollowsQuote
from .inbound import request_inbound_shipment
from .models import (
    Device,
    Quote,
    RepairCounter,
    RepairEvent,
    RepairNote,
    RepairOrder,
    RepairPhoto,
    format_reference,
)
from .signals import repair_status_changed
from .state import (
    NOTHING_TO_PAY_STATUSES,
    TERMINAL_STATUSES,
    QuoteStatus,
    RepairPath,
    RepairStatus,
    can_transition,
    initial_status,
    is_quote_driven,
)
from .uploads import PHOTO_KINDS, check_upload

MAX_FAULT_LENGTH = 4000
MAX_NOTE_LENGTH = 2000
MAX_PHOTOS = 10
MAX_SLOTS = 6
MAX_SLOT_DAYS_AHEAD = 90  # a visit is asked for a broken device, not booked a year ahead
SLOT_PERIODS = ("morning", "afternoon")


@dataclass(frozen=True)
class VisitSlot:
    day: date
    period: str  # one of SLOT_PERIODS


@dataclass(frozen=True)
class VisitRequest:
    """Where the technician goes (R7) and when the customer would like the visit."""

    street: str
    postal_code: str
    city: str
    country: str = HOME_COUNTRY
    slots: tuple[VisitSlot, ...] = field(default_factory=tuple)


def _take_reference() -> str:
    """The next repair number of this tenant; the counter row stays locked until commit."""
    RepairCounter.objects.bulk_create([RepairCounter(pk=1)], ignore_conflicts=True)
    counter = RepairCounter.objects.select_for_update().get(pk=1)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return format_reference(counter.last_number)


def _check_path(device: Device, path: str) -> RepairPath:
    if path not in RepairPath.values:
        raise RepairError("Choose how the device is repaired.", code="invalid_choice",
                          field="path")
    travels = device.category.can_travel
    if not travels and path != RepairPath.ON_SITE:
        raise RepairError("This device cannot travel: ask for a technician's visit.",
                          code="on_site_only", field="path")
    if travels and path == RepairPath.ON_SITE:
        raise RepairError("This device can be brought in or shipped: visits are for devices "
                          "that cannot travel.", code="device_travels", field="path")
    return RepairPath(path)


def package_fits(package: SellableItem, device: Device) -> bool:
    """A package is for a whole category or for one model: the device must be in its scope."""
    if package.kind != ItemKind.REPAIR_PACKAGE or not package.is_active:
        return False
    if package.device_model_id is not None:
        return package.device_model_id == device.device_model_id
    return package.category_id == device.category_id


def _clean_fault(text: str, *, required: bool) -> str:
    text = (text or "").strip()
    if required and not text:
        raise RepairError("Describe the fault.", code="required", field="fault_description")
    if len(text) > MAX_FAULT_LENGTH:
        raise RepairError(f"At most {MAX_FAULT_LENGTH} characters.", code="too_long",
                          field="fault_description")
    return text


def _visit_fields(visit: VisitRequest | None) -> dict[str, object]:
    if visit is None:
        raise RepairError("Give the address of the visit.", code="required", field="visit")
    values = {"visit_street": visit.street.strip(), "visit_postal_code": visit.postal_code.strip(),
              "visit_city": visit.city.strip()}
    for name, value in values.items():
        if not value:
            raise RepairError("Give the address of the visit.", code="required", field=name)
    slots = visit.slots
    if not 1 <= len(slots) <= MAX_SLOTS or len(set(slots)) != len(slots):
        raise RepairError(f"Choose from 1 to {MAX_SLOTS} different visit slots.",
                          code="invalid_slots", field="preferred_slots")
    country = (visit.country or HOME_COUNTRY).strip().upper()
    if country not in ISO_COUNTRY_CODES:
        raise RepairError("Choose a country (ISO code, e.g. FR).", code="invalid_country",
                          field="visit_country")
    today = timezone.localdate()
    for slot in slots:
        if (slot.period not in SLOT_PERIODS or slot.day <= today
                or (slot.day - today).days > MAX_SLOT_DAYS_AHEAD):
            raise RepairError(f"Choose slots from tomorrow on, within {MAX_SLOT_DAYS_AHEAD} "
                              "days, in the morning or the afternoon.",
                              code="invalid_slots", field="preferred_slots")
    return {**values, "visit_country": country,
            "preferred_slots": [{"date": slot.day.isoformat(), "period": slot.period}
                                for slot in sorted(slots, key=lambda s: (s.day, s.period))]}


def _path_fields(device: Device, path: RepairPath, *, fault_description: str,
                 package: SellableItem | None, visit: VisitRequest | None) -> dict[str, object]:
    if path == RepairPath.PACKAGE:
        if package is None or not package_fits(package, device):
            raise RepairError("Choose a repair package for this device.", code="invalid_choice",
                              field="package")
        return {"package": package,
                "fault_description": _clean_fault(fault_description, required=False)}
    if path == RepairPath.DIAGNOSIS:
        return {"fault_description": _clean_fault(fault_description, required=True)}
    return {"fault_description": _clean_fault(fault_description, required=False),
            **_visit_fields(visit)}


def create_repair_order(device: Device, *, path: str, fault_description: str = "",
                        package: SellableItem | None = None, visit: VisitRequest | None = None,
                        is_warranty: bool = False, actor_email: str = "") -> RepairOrder:
    """Open a repair of ``device`` along ``path``, awaiting its first payment.

    A device that cannot travel is repaired on site, any other one by package or diagnosis; a
    package must cover the device's category or model; a diagnosis needs the fault described;
    a visit needs an address and preferred slots. A device has one open repair at a time.
    A repair under warranty (``is_warranty``, opened by staff for an accepted claim) is not
    charged: it starts where the payment would have taken it (the device is awaited, with its
    return label asked of logistics, or the visit is to schedule).
    """
    repair_path = _check_path(device, path)
    values = _path_fields(device, repair_path, fault_description=fault_description,
                          package=package, visit=visit)
    with transaction.atomic():
        Device.objects.select_for_update().filter(pk=device.pk).first()  # serialises openings
        if device.repair_orders.exclude(status__in=TERMINAL_STATUSES).exists():
            raise RepairError("This device already has a repair in progress.",
                              code="repair_open", field="device", status=409)
        repair = RepairOrder(reference=_take_reference(), device=device,
                             customer_id=device.customer_id, path=repair_path,
                             status=initial_status(repair_path, is_warranty=is_warranty),
                             is_warranty=is_warranty, **values)
        try:
            with transaction.atomic():
                repair.save()
        except IntegrityError:
            raise RepairError("This device already has a repair in progress.",
                              code="repair_open", field="device", status=409) from None
        RepairEvent.objects.create(repair_order=repair, to_status=repair.status,
                                   actor_email=actor_email)
        if is_warranty:
            request_inbound_shipment(repair, actor_email=actor_email)
            # Created past the payment, with no status move: the customer still hears of it.
            from .notifications import notify_customer

            notify_customer(repair, repair.status)
    return repair


def move_locked(locked: RepairOrder, target: str, *, actor_email: str) -> None:
    """Move a repair order whose row the caller holds locked; checks the path's table."""
    if not can_transition(locked.path, locked.status, target):
        raise InvalidRepairTransition(locked.path, locked.status, target)
    source = locked.status
    RepairEvent.objects.create(repair_order=locked, from_status=source, to_status=target,
                               actor_email=actor_email)
    locked.status = target
    locked.save(update_fields=["status", "updated_at"])
    if target in NOTHING_TO_PAY_STATUSES:
        _cancel_unpaid_orders(locked, actor_email=actor_email)
    repair_status_changed.send(sender=RepairOrder, repair=locked, from_status=source,
                               to_status=target, actor_email=actor_email)


def _cancel_unpaid_orders(locked: RepairOrder, *, actor_email: str) -> None:
    """Cancel the repair's orders still awaiting payment, so none is paid after the repair ended.

    Payments lock an order before its repair: an order a payment is settling right now (its
    row locked) is skipped, never waited for; that payment finds the repair ended and is
    refunded by staff like any payment of a cancelled repair.
    """
    quote_orders = Quote.objects.filter(repair_order=locked).exclude(order__isnull=True)
    order_ids = [order_id for order_id in (locked.order_id, *quote_orders.values_list(
        "order_id", flat=True)) if order_id is not None]
    placed = Order.objects.select_for_update(skip_locked=True).filter(
        pk__in=order_ids, status=OrderStatus.PLACED)
    for order in placed:
        transition_order(order, OrderStatus.CANCELLED, actor_email=actor_email or "repairs")


def transition_repair_order(repair: RepairOrder, target: str, *, actor_email: str) -> RepairOrder:
    """Move the repair order to ``target`` if its path's table allows it from its status.

    The row is locked and its status re-read first. Sending and accepting a quote move the
    order only through ``quote_actions``; an order whose quote awaits an answer leaves
    "quote sent" only with that answer (once the quote expired, staff may end it by hand).
    """
    if target not in RepairStatus.values:
        raise RepairError("Choose a known status.", code="invalid_status", field="status")
    if is_quote_driven(target):
        raise TransitionFollowsQuote(target)
    with transaction.atomic():
        locked = RepairOrder.objects.select_for_update().get(pk=repair.pk)
        if (locked.status == RepairStatus.QUOTE_SENT and can_transition(
                locked.path, locked.status, target) and Quote.objects.filter(
                repair_order=locked, status=QuoteStatus.SENT).exists()):
            raise RepairError("The customer has a quote to answer: decline it instead.",
                              code="quote_pending", field="status", status=409)
        move_locked(locked, target, actor_email=actor_email)
    repair.status, repair.updated_at = locked.status, locked.updated_at
    return repair


def add_repair_note(repair: RepairOrder, text: str, *, author: User) -> RepairNote:
    """A note for colleagues on the repair; only store staff write them."""
    if not author.is_store_staff:
        raise RepairError("Only staff write notes.", code="forbidden", field="text", status=403)
    text = (text or "").strip()
    if not text:
        raise RepairError("Write the note.", code="required", field="text")
    if len(text) > MAX_NOTE_LENGTH:
        raise RepairError(f"A note holds at most {MAX_NOTE_LENGTH} characters.",
                          code="too_long", field="text")
    return RepairNote.objects.create(repair_order=repair, text=text, author_email=author.email)


def add_repair_photo(repair: RepairOrder, upload: IO[bytes], *, name: str) -> RepairPhoto:
    """A photo of the fault (JPEG or PNG, recognised by content), at most ``MAX_PHOTOS``."""
    checked = check_upload(upload, name=name, field="photo", kinds=PHOTO_KINDS)
    with transaction.atomic():
        locked = RepairOrder.objects.select_for_update().get(pk=repair.pk)
        if locked.status in TERMINAL_STATUSES:
            raise RepairError("This repair is over.", code="repair_closed", field="photo",
                              status=409)
        if locked.photos.count() >= MAX_PHOTOS:
            raise RepairError(f"At most {MAX_PHOTOS} photos.", code="too_many_photos",
                              field="photo", status=409)
        photo = RepairPhoto(repair_order=locked, content_type=checked.content_type)
        photo.image.save(checked.file.name or "", checked.file, save=False)
        photo.save()
    return photo
