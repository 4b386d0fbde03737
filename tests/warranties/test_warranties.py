"""Registering warranties, their derived status and voiding, the legal guarantee kept apart."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from tenant_apps.accounts.models import Role
from tenant_apps.catalog.actions import create_item
from tenant_apps.catalog.models import ItemKind
from tenant_apps.repairs.errors import UploadRefused
from tenant_apps.warranties.actions import WarrantyRequest, register_warranty, void_warranty
from tenant_apps.warranties.errors import WarrantyError
from tenant_apps.warranties.models import Warranty
from tenant_apps.warranties.state import (
    COMMERCIAL_KINDS,
    VOIDABLE_STATUSES,
    WarrantyKind,
    WarrantyStatus,
)

from .helpers import MINIMAL_PDF, commercial, image_bytes, new_device, staff

pytestmark = pytest.mark.django_db
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def _register(device, data: bytes, name: str, **request):
    request.setdefault("kind", WarrantyKind.COMMERCIAL)
    request.setdefault("starts_on", timezone.localdate())
    request.setdefault("months", 6)
    return register_warranty(device, WarrantyRequest(**request), io.BytesIO(data),
                             invoice_name=name)


@pytest.mark.parametrize("months", [3, 6, 12])
def test_commercial_warranty_of_3_6_or_12_months(in_a, months):
    warranty = commercial(months=months, starts_on=date(2026, 8, 31))
    assert (warranty.kind, warranty.months, warranty.starts_on) == (
        "commercial", months, date(2026, 8, 31))
    assert warranty.ends_on == {3: date(2026, 11, 30), 6: date(2027, 2, 28),
                                12: date(2027, 8, 31)}[months]
    assert warranty.invoice_content_type == "application/pdf"
    # Stored under the tenant's prefix with a random name.
    assert warranty.purchase_invoice.name.startswith(f"{in_a.schema_name}/warranties/invoices/")
    assert "invoice" not in warranty.purchase_invoice.name.rsplit("/", 1)[-1]
    assert default_storage.exists(warranty.purchase_invoice.name)


@pytest.mark.parametrize("months", [0, 1, 24, None])
def test_other_lengths_are_refused(in_a, months):
    with pytest.raises(WarrantyError) as refused:
        _register(new_device(), MINIMAL_PDF, "invoice.pdf", months=months)
    assert refused.value.field == "months"
    assert not Warranty.objects.exists()


def test_a_png_or_jpeg_invoice_is_accepted(in_a):
    assert _register(new_device(), image_bytes("PNG"), "scan.png").invoice_content_type == (
        "image/png")
    assert _register(new_device(), image_bytes("JPEG"), "scan.jpg").invoice_content_type == (
        "image/jpeg")


@pytest.mark.parametrize(("data", "name", "code"), [
    (HTML, "invoice.pdf", "invalid_upload"),
    (image_bytes("PNG") + HTML, "invoice.png", "unsafe_content"),
    (image_bytes("PNG"), "invoice.pdf", "extension_mismatch"),
    (b"", "invoice.pdf", "empty_file"),
])
def test_the_upload_check_is_reused_naming_the_field(in_a, data, name, code):
    with pytest.raises(UploadRefused) as refused:
        _register(new_device(), data, name)
    assert (refused.value.code, refused.value.field) == (code, "purchase_invoice")
    assert not Warranty.objects.exists()


def test_dates_are_checked(in_a):
    today = timezone.localdate()
    with pytest.raises(WarrantyError) as future:
        _register(new_device(), MINIMAL_PDF, "a.pdf", starts_on=today + timedelta(days=1))
    assert (future.value.code, future.value.field) == ("future_date", "starts_on")
    with pytest.raises(WarrantyError) as ended:
        _register(new_device(), MINIMAL_PDF, "a.pdf", months=3,
                  starts_on=today - timedelta(days=120))
    assert (ended.value.code, ended.value.field) == ("already_ended", "starts_on")


def test_a_plan_sets_the_months_and_must_be_a_warranty_plan(in_a):
    plan = create_item(kind=ItemKind.WARRANTY_PLAN, name="Extension 6", price=Decimal("29.00"),
                       warranty_months=6)
    warranty = _register(new_device(), MINIMAL_PDF, "a.pdf", months=None, plan=plan)
    assert (warranty.months, warranty.plan) == (6, plan)
    with pytest.raises(WarrantyError) as mismatch:
        _register(new_device(), MINIMAL_PDF, "a.pdf", months=12, plan=plan)
    assert (mismatch.value.code, mismatch.value.field) == ("plan_mismatch", "months")
    product = create_item(kind=ItemKind.PRODUCT, name="Cable", price=Decimal("9.00"), stock=1)
    with pytest.raises(WarrantyError) as wrong:
        _register(new_device(), MINIMAL_PDF, "a.pdf", plan=product)
    assert wrong.value.field == "plan"


def test_the_repair_kind_is_not_registered_by_hand(in_a):
    with pytest.raises(WarrantyError) as refused:
        _register(new_device(), MINIMAL_PDF, "a.pdf", kind=WarrantyKind.REPAIR)
    assert refused.value.field == "kind"


def test_legal_conformity_lasts_two_years_and_is_kept_apart(in_a):
    device = new_device()
    sold_on = date(2025, 2, 28)
    legal = commercial(device, kind=WarrantyKind.LEGAL_CONFORMITY, starts_on=sold_on)
    assert (legal.months, legal.ends_on) == (24, date(2027, 2, 28))
    assert legal.status_on(date(2026, 11, 22)) == WarrantyStatus.ACTIVE
    # Not counted as a commercial warranty of the device.
    assert not Warranty.objects.commercial().filter(device=device).exists()
    assert list(Warranty.objects.legal_conformity().filter(device=device)) == [legal]
    assert WarrantyKind.LEGAL_CONFORMITY not in COMMERCIAL_KINDS
    extension = commercial(device, months=12)
    assert list(Warranty.objects.commercial().filter(device=device)) == [extension]
    # One live legal guarantee per device.
    with pytest.raises(WarrantyError) as twice:
        commercial(device, kind=WarrantyKind.LEGAL_CONFORMITY, starts_on=sold_on)
    assert (twice.value.code, twice.value.status) == ("legal_conformity_exists", 409)
    with pytest.raises(IntegrityError), transaction.atomic():
        Warranty.objects.create(device=device, kind=WarrantyKind.LEGAL_CONFORMITY, months=24,
                                starts_on=sold_on, ends_on=legal.ends_on,
                                purchase_invoice="x.pdf", invoice_content_type="application/pdf")


def test_legal_conformity_has_no_plan_nor_other_length(in_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Warranty.objects.create(device=new_device(), kind=WarrantyKind.LEGAL_CONFORMITY,
                                months=12, starts_on=date(2026, 1, 1),
                                ends_on=date(2027, 1, 1), purchase_invoice="x.pdf",
                                invoice_content_type="application/pdf")


def test_status_is_derived_from_the_dates_and_the_void_mark(in_a):
    warranty = commercial(months=3, starts_on=date(2026, 11, 1))
    assert warranty.ends_on == date(2027, 2, 1)
    assert warranty.status_on(date(2027, 2, 1)) == WarrantyStatus.ACTIVE  # the end day counts
    assert warranty.status_on(date(2027, 2, 2)) == WarrantyStatus.EXPIRED
    assert list(Warranty.objects.active_on(date(2027, 2, 1))) == [warranty]
    assert not Warranty.objects.active_on(date(2027, 2, 2)).exists()
    warranty.voided_at = timezone.now()
    assert warranty.status_on(date(2026, 12, 1)) == WarrantyStatus.VOID


def _expired(warranty: Warranty) -> Warranty:
    Warranty.objects.filter(pk=warranty.pk).update(starts_on=date(2025, 1, 1),
                                                   ends_on=date(2025, 4, 1))
    warranty.refresh_from_db()
    return warranty


@pytest.mark.parametrize("status", list(WarrantyStatus))
def test_only_an_active_warranty_can_be_voided(in_a, status):
    manager = staff(Role.MANAGER)
    warranty = commercial()
    if status == WarrantyStatus.EXPIRED:
        _expired(warranty)
    if status == WarrantyStatus.VOID:
        void_warranty(warranty, "Forged invoice", actor=manager)
    if status in VOIDABLE_STATUSES:
        voided = void_warranty(warranty, "Forged invoice", actor=manager)
        assert (voided.status, voided.void_reason, voided.voided_by_email) == (
            WarrantyStatus.VOID, "Forged invoice", manager.email)
        return
    before = Warranty.objects.values().get(pk=warranty.pk)
    with pytest.raises(WarrantyError) as refused:
        void_warranty(warranty, "Again", actor=manager)
    assert (refused.value.code, refused.value.status) == ("invalid_transition", 409)
    assert Warranty.objects.values().get(pk=warranty.pk) == before


def test_voiding_needs_a_manager_and_a_reason(in_a):
    warranty = commercial()
    with pytest.raises(WarrantyError) as clerk:
        void_warranty(warranty, "Forged", actor=staff(Role.COUNTER_STAFF))
    assert clerk.value.status == 403
    with pytest.raises(WarrantyError) as silent:
        void_warranty(warranty, "  ", actor=staff(Role.MANAGER))
    assert silent.value.field == "reason"
    warranty.refresh_from_db()
    assert warranty.status == WarrantyStatus.ACTIVE
