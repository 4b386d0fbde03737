"""Repair-journey rows for tests, made through the real actions inside a tenant's schema."""

import io
from datetime import timedelta
from decimal import Decimal
from itertools import count

from django.utils import timezone
from PIL import Image

from tenant_apps.catalog.models import SellableItem
from tenant_apps.customers.models import Customer
from tenant_apps.repairs.actions import VisitRequest, VisitSlot, create_repair_order
from tenant_apps.repairs.device_actions import DeviceDetails, register_device
from tenant_apps.repairs.models import Device, Quote, RepairOrder
from tenant_apps.repairs.quote_actions import QuoteLineInput, create_quote, send_quote
from tenant_apps.repairs.state import RepairPath
from tests.catalog.helpers import category, package

STAFF_EMAIL = "tech@alpha.test"
_numbers = count(1)

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n165\n%%EOF\n"
)


def image_bytes(image_format: str = "PNG", size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=image_format)
    return buffer.getvalue()


def new_customer(prefix: str = "cust") -> Customer:
    """A guest customer, made in the current schema (no account needed for the domain)."""
    number = next(_numbers)
    return Customer.objects.create(guest_email=f"{prefix}{number}@example.test",
                                   guest_name=f"Customer {number}")


def travelling_category():
    return category("phone", can_travel=True)


def fixed_category():
    return category("washing-machine", can_travel=False)


def new_device(customer: Customer | None = None, *, travels: bool = True, **details) -> Device:
    if "category_id" not in details:
        chosen = travelling_category() if travels else fixed_category()
        details["category_id"] = chosen.pk
    return register_device(customer or new_customer(), DeviceDetails(**details))


def screen_package() -> SellableItem:
    return package("Broken screen", category=travelling_category())


def visit() -> VisitRequest:
    tomorrow = timezone.localdate() + timedelta(days=1)
    return VisitRequest(street="3 rue des Lilas", postal_code="69003", city="Lyon",
                        slots=(VisitSlot(tomorrow, "morning"),))


def new_repair(path: str = RepairPath.DIAGNOSIS, device: Device | None = None) -> RepairOrder:
    if path == RepairPath.PACKAGE:
        device = device or new_device()
        return create_repair_order(device, path=path, package=screen_package())
    if path == RepairPath.ON_SITE:
        return create_repair_order(device or new_device(travels=False), path=path, visit=visit())
    return create_repair_order(device or new_device(), path=path,
                               fault_description="Does not turn on.")


def lines() -> list[QuoteLineInput]:
    return [QuoteLineInput(kind="part", description="Screen", quantity=2,
                           unit_net=Decimal("10.00")),
            QuoteLineInput(kind="labour", description="Fitting", quantity=1,
                           unit_net=Decimal("45.50"))]


def at_status(repair: RepairOrder, status: str) -> RepairOrder:
    """Test set-up only: put the repair where a test starts, without history."""
    RepairOrder.objects.filter(pk=repair.pk).update(status=status)
    repair.refresh_from_db()
    return repair


def sent_quote(repair: RepairOrder, *, today=None) -> Quote:
    """A quote sent for a repair that is diagnosing (or visited)."""
    return send_quote(create_quote(repair, lines(), actor_email=STAFF_EMAIL),
                      actor_email=STAFF_EMAIL, today=today)
