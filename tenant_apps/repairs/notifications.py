"""Tell the customer what happened to their repair: a branded e-mail at every status they care
about, and a text message when we know their phone number (N5).

``on_repair_status_changed`` hears ``signals.repair_status_changed`` inside the transaction that
moved the order and only schedules ``notify_repair_status`` after commit: a move rolled back tells
nobody. The task reads the repair then, so what the same transaction made after the move (the
return label of a repair awaiting its device, the quote just sent) is in the message.

Statuses that are the workshop's business (diagnosing, visited, a quote accepted and awaiting its
payment: the customer is on the payment page) send nothing.
"""

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from celery import shared_task
from django.urls import NoReverseMatch, reverse

from tenant_apps.customers.models import Address
from tenants.context import current_tenant
from tenants.mail import send_branded_email
from tenants.scheduling import assert_tenant, schedule_on_commit
from tenants.sms import normalise_phone, send_sms_on_commit
from tenants.urls import tenant_url

from .models import Quote, RepairOrder
from .signals import repair_status_changed
from .state import QuoteStatus, RepairPath, RepairStatus

logger = logging.getLogger(__name__)

S = RepairStatus
SHIPPING_MODULE = "tenant_apps.logistics.repair_shipping"
TIMELINE_MODULE = "tenant_apps.repairs.timeline"
INBOUND_LEG = "to_repair_centre"
OUTBOUND_LEG = "from_repair_centre"
DISPATCH_UID = "tenant_apps.repairs.notifications"


@dataclass(frozen=True)
class StatusMessage:
    headline: str  # subject and SMS: short
    sentence: str  # the e-mail's first paragraph


MESSAGES: dict[str, StatusMessage] = {
    S.AWAITING_DEVICE: StatusMessage(
        "send us your device",
        "Your payment is received. Pack your device and drop the parcel off with the return "
        "label."),
    S.VISIT_SCHEDULED: StatusMessage(
        "your technician's visit is being scheduled",
        "Your payment is received. We will call you to confirm one of the slots you chose."),
    S.RECEIVED: StatusMessage(
        "your device has arrived",
        "Your device has arrived at our repair centre. A technician will look at it shortly."),
    S.QUOTE_SENT: StatusMessage(
        "your quote is ready",
        "Your quote is ready. Accept it and pay online to start the repair, or decline it."),
    S.REPAIRING: StatusMessage(
        "your repair has started",
        "A technician is repairing your device."),
    S.REPAIRED: StatusMessage(
        "your device is repaired",
        "Your device is repaired."),
    S.SHIPPED_BACK: StatusMessage(
        "your device is on its way back",
        "Your repaired device has been handed to the carrier and is on its way back to you."),
    S.RETURNING: StatusMessage(
        "your device is coming back",
        "Your device is coming back to you unrepaired."),
    S.COMPLETED: StatusMessage(
        "your repair is complete",
        "Your repair is complete. Thank you for your trust."),
    S.CLOSED: StatusMessage(
        "your repair request is closed",
        "Your repair request is closed without a repair."),
    S.CANCELLED: StatusMessage(
        "your repair request is cancelled",
        "Your repair request is cancelled."),
}
NOTIFIED_STATUSES = frozenset(MESSAGES)


# --- Hearing the moves -----------------------------------------------------------------------

def on_repair_status_changed(sender: object, *, repair: RepairOrder, to_status: str,
                             **kwargs: object) -> None:
    """Receiver of ``repair_status_changed``: queue the customer's news after commit."""
    if to_status in NOTIFIED_STATUSES:
        notify_customer(repair, to_status)


def notify_customer(repair: RepairOrder, status: str) -> None:
    """Queue the e-mail (and text) telling the customer ``repair`` is ``status``, after commit.

    Also for news that moves no status: a revised quote sent while the repair was already
    "quote sent".
    """
    tenant = current_tenant()
    if tenant is None or status not in NOTIFIED_STATUSES:
        return
    schedule_on_commit(notify_repair_status, tenant.pk, repair.pk, str(status))


def connect() -> None:
    """Hear every status move; called once from ``RepairsConfig.ready``."""
    repair_status_changed.connect(on_repair_status_changed, dispatch_uid=DISPATCH_UID)


def disconnect() -> None:
    repair_status_changed.disconnect(dispatch_uid=DISPATCH_UID)


# --- The task --------------------------------------------------------------------------------

@shared_task
def notify_repair_status(tenant_id: int, repair_id: int, status: str) -> str:
    """Queue the e-mail and the text about ``status`` for the repair's customer."""
    assert_tenant(tenant_id)
    repair = (RepairOrder.objects.select_related("customer__user", "device__brand",
                                                 "device__device_model", "order")
              .filter(pk=repair_id).first())
    if repair is None or status not in MESSAGES:
        return "skipped"
    context = status_context(repair, status)
    email = repair.customer.email
    if email:
        send_branded_email("repair_status", email, context)
    phone = customer_phone(repair)
    if phone:
        send_sms_on_commit(phone, sms_text(context))
    return "sent"


def sms_text(context: dict[str, str]) -> str:
    link = context.get("action_link") or context["timeline_link"]
    return (f"{context['brand_name']}: {context['headline']} ({context['reference']}). "
            f"{link}").strip()


# --- What the message says -------------------------------------------------------------------

def status_context(repair: RepairOrder, status: str) -> dict[str, str]:
    """The template context of the e-mail about ``status`` (strings only: it crosses Celery)."""
    message = MESSAGES[status]
    tenant = current_tenant()
    brand = getattr(tenant, "brand", None)
    sentence = message.sentence
    if status == S.REPAIRED:
        sentence += (" We will come back to you to end the visit." if
                     repair.path == RepairPath.ON_SITE else " We will ship it back shortly.")
    context = {
        "name": repair.customer.name,
        "reference": repair.reference,
        "device": str(repair.device),
        "status": str(status),
        "headline": message.headline,
        "sentence": sentence,
        "brand_name": brand.display_name if brand is not None else "",
        "timeline_link": timeline_link(repair),
        "action_link": "",
        "action_label": "",
    }
    extra = _EXTRAS.get(status)
    if extra is not None:
        context.update(extra(repair, context))
    return context


def _label_extra(repair: RepairOrder, context: dict[str, str]) -> dict[str, str]:
    inbound = [shipment for shipment in repair_shipments(repair)
               if getattr(shipment, "leg", "") == INBOUND_LEG]
    if not inbound:
        return {}
    shipment = inbound[-1]
    try:
        path = reverse("shipping:label", kwargs={"shipment_id": shipment.pk})
    except NoReverseMatch:
        return {}
    return {"action_link": _absolute(path), "action_label": "Download the return label",
            "carrier": shipment.carrier_label, "tracking_number": shipment.tracking_number}


def _quote_extra(repair: RepairOrder, context: dict[str, str]) -> dict[str, str]:
    quote = (Quote.objects.filter(repair_order=repair, status=QuoteStatus.SENT)
             .order_by("-version").first())
    if quote is None:
        return {}
    return {"action_link": f"{context['timeline_link']}#quote-{quote.version}",
            "action_label": "See the quote",
            "quote_total": f"{quote.total_gross} {quote.currency}",
            "quote_valid_until": f"{quote.valid_until:%d/%m/%Y}" if quote.valid_until else ""}


def _tracking_extra(repair: RepairOrder, context: dict[str, str]) -> dict[str, str]:
    outbound = [shipment for shipment in repair_shipments(repair)
                if getattr(shipment, "leg", "") == OUTBOUND_LEG]
    if not outbound:
        return {}
    shipment = outbound[-1]
    url = shipment.tracking_url or ""
    return {"carrier": shipment.carrier_label, "tracking_number": shipment.tracking_number,
            "action_link": url, "action_label": "Follow my parcel" if url else ""}


def _visit_extra(repair: RepairOrder, context: dict[str, str]) -> dict[str, str]:
    slots = ", ".join(f"{slot.get('date', '')} ({slot.get('period', '')})"
                      for slot in repair.preferred_slots or [] if isinstance(slot, dict))
    return {"visit_address": f"{repair.visit_street}, {repair.visit_postal_code} "
                             f"{repair.visit_city}",
            "visit_slots": slots}


_EXTRAS: dict[str, Callable[[RepairOrder, dict[str, str]], dict[str, str]]] = {
    S.AWAITING_DEVICE: _label_extra,
    S.RETURNING: _tracking_extra,
    S.QUOTE_SENT: _quote_extra,
    S.SHIPPED_BACK: _tracking_extra,
    S.VISIT_SCHEDULED: _visit_extra,
}


def customer_phone(repair: RepairOrder) -> str:
    """Where a text reaches the customer: their account's phone, their default delivery
    address's, or the one given with the repair's payment; "" when none is a number."""
    customer = repair.customer
    candidates = [customer.user.phone if customer.user is not None else ""]
    candidates.append(Address.objects.filter(customer=customer, is_default_delivery=True)
                      .values_list("phone", flat=True).first() or "")
    if repair.order is not None:
        candidates.append(repair.order.delivery_phone)
    for candidate in candidates:
        number = normalise_phone(candidate)
        if number:
            return number
    return ""


# --- Links of other parts, read when installed -----------------------------------------------

def optional_function(module_name: str, attribute: str) -> Any:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as missing:
        if missing.name != module_name:
            raise
        return None
    return getattr(module, attribute, None)


def _absolute(path: str) -> str:
    tenant = current_tenant()
    if tenant is None:
        raise LookupError("Repair e-mails are sent on a tenant's domain.")
    return tenant_url(tenant, path)


def timeline_link(repair: RepairOrder) -> str:
    """The signed timeline link of the repair, or the customer's repairs page without it."""
    link = optional_function(TIMELINE_MODULE, "timeline_link")
    if link is not None:
        return str(link(repair))
    logger.warning("No repair timeline installed: e-mails link to /repairs/.")
    return _absolute("/repairs/")


def repair_shipments(repair: RepairOrder) -> list[Any]:
    shipments_of = optional_function(SHIPPING_MODULE, "shipments_of")
    return list(shipments_of(repair)) if shipments_of is not None else []
