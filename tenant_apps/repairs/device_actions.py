"""Every change to a customer's devices (R2): registering, editing, the proof of purchase."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import IO

from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context
from stdnum import imei

from tenant_apps.catalog.models import Brand, DeviceCategory, DeviceModel
from tenant_apps.customers.models import Customer
from tenants.context import current_schema

from .errors import DeviceError
from .models import Device
from .state import TERMINAL_STATUSES
from .uploads import PROOF_KINDS, check_upload

IMEI_LENGTHS = frozenset({14, 15, 16})  # without check digit, with it, IMEISV
MAX_SERIAL_LENGTH = 64
_SERIAL = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ./_-]*")
PROOF_FIELD = "proof_of_purchase"


@dataclass(frozen=True)
class DeviceDetails:
    """What a customer (or staff for them) says about a device. Brand and model are picked
    from the catalogue (ids) or typed (names) when the catalogue lacks them."""

    category_id: int
    brand_id: int | None = None
    brand_name: str = ""
    device_model_id: int | None = None
    model_name: str = ""
    serial_or_imei: str = ""
    purchase_date: date | None = None


def normalise_serial(value: str) -> str:
    """An IMEI (all digits once spaces and dashes go) is checked with its Luhn digit; anything
    else is a manufacturer's serial number, kept as typed."""
    value = (value or "").strip()
    if not value:
        return ""
    compact = imei.compact(value)
    if compact.isdigit() and len(compact) in IMEI_LENGTHS:
        if not imei.is_valid(compact):
            raise DeviceError("This IMEI is not valid: check its digits.", code="invalid_imei",
                              field="serial_or_imei")
        return compact
    if len(value) > MAX_SERIAL_LENGTH or not _SERIAL.fullmatch(value):
        raise DeviceError(f"Enter the serial number as printed (letters, digits, at most "
                          f"{MAX_SERIAL_LENGTH} characters).", code="invalid_serial",
                          field="serial_or_imei")
    return value


def _fields(details: DeviceDetails) -> dict[str, object]:
    category = DeviceCategory.objects.filter(pk=details.category_id, is_active=True).first()
    if category is None:
        raise DeviceError("Choose a device category.", code="invalid_choice", field="category")
    device_model = None
    if details.device_model_id is not None:
        device_model = DeviceModel.objects.filter(pk=details.device_model_id,
                                                  is_active=True).first()
        if device_model is None or device_model.category_id != category.pk:
            raise DeviceError("Choose a model of this category.", code="invalid_choice",
                              field="device_model")
    brand = None
    if details.brand_id is not None:
        brand = Brand.objects.filter(pk=details.brand_id, is_active=True).first()
        if brand is None:
            raise DeviceError("Choose a brand.", code="invalid_choice", field="brand")
    if device_model is not None:
        if brand is not None and device_model.brand_id != brand.pk:
            raise DeviceError("This model is not of this brand.", code="invalid_choice",
                              field="device_model")
        brand = device_model.brand
    if details.purchase_date is not None and details.purchase_date > timezone.localdate():
        raise DeviceError("The purchase date cannot be in the future.", code="future_date",
                          field="purchase_date")
    return {
        "category": category, "brand": brand, "device_model": device_model,
        "brand_name": "" if brand else _free_text(details.brand_name, 80, "brand_name"),
        "model_name": "" if device_model else _free_text(details.model_name, 120, "model_name"),
        "serial_or_imei": normalise_serial(details.serial_or_imei),
        "purchase_date": details.purchase_date,
    }


def _free_text(value: str, limit: int, field: str) -> str:
    value = " ".join((value or "").split())
    if len(value) > limit:
        raise DeviceError(f"At most {limit} characters.", code="too_long", field=field)
    return value


def register_device(customer: Customer, details: DeviceDetails) -> Device:
    """A new device of ``customer``; refused, with nothing saved, on any invalid detail."""
    return Device.objects.create(customer=customer, **_fields(details))


def update_device(device: Device, details: DeviceDetails) -> Device:
    """Change a device's details. Its category is fixed while a repair is open: the repair's
    path was chosen for that category."""
    values = _fields(details)
    with transaction.atomic():
        locked = Device.objects.select_for_update().get(pk=device.pk)
        if details.category_id != locked.category_id and locked.repair_orders.exclude(
                status__in=TERMINAL_STATUSES).exists():
            raise DeviceError("The category cannot change while a repair is open.",
                              code="repair_open", field="category", status=409)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*values, "updated_at"])
    return locked


def _deleter(storage: Storage, name: str) -> Callable[[], None]:
    schema = current_schema()  # the file's tenant, whatever the connection says at commit

    def delete() -> None:
        with schema_context(schema):
            storage.delete(name)

    return delete


def attach_proof_of_purchase(device: Device, upload: IO[bytes], *, name: str) -> Device:
    """Store the proof of purchase (PDF, JPEG or PNG, recognised by content) under the tenant's
    prefix with a random name, replacing any earlier one."""
    checked = check_upload(upload, name=name, field=PROOF_FIELD, kinds=PROOF_KINDS)
    with transaction.atomic():
        locked = Device.objects.select_for_update().get(pk=device.pk)
        previous = locked.proof_of_purchase.name
        locked.proof_of_purchase.save(checked.file.name or "", checked.file, save=False)
        locked.proof_content_type = checked.content_type
        locked.save(update_fields=["proof_of_purchase", "proof_content_type", "updated_at"])
        if previous:
            transaction.on_commit(_deleter(locked.proof_of_purchase.storage, previous))
    device.proof_of_purchase, device.proof_content_type = (locked.proof_of_purchase,
                                                           locked.proof_content_type)
    return device
