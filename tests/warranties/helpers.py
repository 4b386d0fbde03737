"""Warranty rows for tests, made through the real actions inside a tenant's schema."""

import io
from datetime import date

from django.utils import timezone

from tenant_apps.accounts.models import Role, User
from tenant_apps.repairs.models import Device
from tenant_apps.warranties.actions import ClaimVisit, WarrantyRequest, register_warranty
from tenant_apps.warranties.models import Warranty
from tenant_apps.warranties.state import WarrantyKind
from tests.repairs.helpers import MINIMAL_PDF, image_bytes, new_customer, new_device  # noqa: F401

STAFF_EMAIL = "desk@alpha.test"


def staff(role: str = Role.COUNTER_STAFF) -> User:
    found = User.objects.filter(email=f"{role}@warranty.test").first()
    return found or User.objects.create_user(f"{role}@warranty.test", "x-pass-123456",
                                             role=role)


def commercial(device: Device | None = None, *, months: int = 12,
               starts_on: date | None = None, kind: str = WarrantyKind.COMMERCIAL,
               **details) -> Warranty:
    request = WarrantyRequest(kind=kind, starts_on=starts_on or timezone.localdate(),
                              months=None if kind == WarrantyKind.LEGAL_CONFORMITY else months,
                              **details)
    return register_warranty(device or new_device(), request, io.BytesIO(MINIMAL_PDF),
                             invoice_name="invoice.pdf", actor_email="owner@example.test")


def visit(day: date) -> ClaimVisit:
    return ClaimVisit(street="3 rue des Lilas", postal_code="69003", city="Lyon", day=day,
                      period="morning")
