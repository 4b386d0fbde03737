"""Every change to the catalogue. Each action validates (a Django ValidationError naming the
fields), saves in one transaction and writes its audit row in that same transaction."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from psycopg.errors import UniqueViolation

from tenant_apps.pricing.tax import VatRate

from .errors import CatalogError, InsufficientStock
from .models import (
    Brand,
    CatalogEvent,
    CatalogSettings,
    DeviceCategory,
    DeviceModel,
    ItemKind,
    SellableItem,
)

Record = TypeVar("Record", DeviceCategory, Brand, DeviceModel, SellableItem)

# The audit subject of each model, and the field a unique-constraint clash is reported on.
SUBJECTS: dict[type[models.Model], tuple[str, str]] = {
    DeviceCategory: ("category", "slug"),
    Brand: ("brand", "slug"),
    DeviceModel: ("device_model", "name"),
    SellableItem: ("item", "name"),
}
EDITABLE_FIELDS: dict[type[models.Model], frozenset[str]] = {
    DeviceCategory: frozenset({"name", "slug", "can_travel", "is_active"}),
    Brand: frozenset({"name", "slug", "is_active"}),
    DeviceModel: frozenset({"category", "brand", "name", "is_active"}),
    SellableItem: frozenset({
        "name", "description", "is_active", "vat_rate", "price", "price_includes_vat",
        "warranty_months", "category", "device_model", "fee_kind",
    }),
}


def _record_event(record: models.Model, kind: str, *, actor_email: str,
                  stock_delta: int | None = None) -> None:
    subject, _ = SUBJECTS[type(record)]
    CatalogEvent.objects.create(kind=kind, subject=subject, subject_id=record.pk,
                                stock_delta=stock_delta, actor_email=actor_email)


def _save_validated(record: Record, event: str, *, actor_email: str,
                    update_fields: list[str] | None = None) -> Record:
    """Validate, then save and audit atomically.

    The model's clean() reports the rules the check constraints enforce, field by field, so the
    constraints are not validated twice; a duplicate (found now or by a concurrent insert) is
    reported on the field that must be unique.
    """
    record.full_clean(validate_constraints=False)
    _, unique_field = SUBJECTS[type(record)]
    try:
        with transaction.atomic():
            record.save(update_fields=update_fields)
            _record_event(record, event, actor_email=actor_email)
    except IntegrityError as error:
        if not isinstance(error.__cause__, UniqueViolation):
            raise
        raise ValidationError({unique_field: "This value is already used."}) from error
    return record


def _apply_changes(record: Record, changes: Mapping[str, Any]) -> list[str]:
    editable = EDITABLE_FIELDS[type(record)]
    refused = sorted(set(changes) - editable)
    if refused:
        raise ValidationError({name: "This field cannot be changed." for name in refused})
    changed = []
    for name, value in changes.items():
        if getattr(record, name) != value:
            setattr(record, name, value)
            changed.append(name)
    return changed


def _update(record: Record, changes: Mapping[str, Any], *, actor_email: str) -> Record:
    changed = _apply_changes(record, changes)
    if not changed:
        return record
    if isinstance(record, SellableItem):
        changed.append("updated_at")
    return _save_validated(record, CatalogEvent.Kind.UPDATED, actor_email=actor_email,
                           update_fields=changed)


# --- Reference data ----------------------------------------------------------------------------

def create_category(*, name: str, slug: str, can_travel: bool = True,
                    actor_email: str = "") -> DeviceCategory:
    """A device category; ``can_travel=False`` for devices repaired on site (washing machines)."""
    category = DeviceCategory(name=name, slug=slug, can_travel=can_travel)
    return _save_validated(category, CatalogEvent.Kind.CREATED, actor_email=actor_email)


def update_category(category: DeviceCategory, changes: Mapping[str, Any], *,
                    actor_email: str = "") -> DeviceCategory:
    return _update(category, changes, actor_email=actor_email)


def create_brand(*, name: str, slug: str, actor_email: str = "") -> Brand:
    return _save_validated(Brand(name=name, slug=slug), CatalogEvent.Kind.CREATED,
                           actor_email=actor_email)


def update_brand(brand: Brand, changes: Mapping[str, Any], *, actor_email: str = "") -> Brand:
    return _update(brand, changes, actor_email=actor_email)


def create_device_model(*, category: DeviceCategory, brand: Brand, name: str,
                        actor_email: str = "") -> DeviceModel:
    device_model = DeviceModel(category=category, brand=brand, name=name)
    return _save_validated(device_model, CatalogEvent.Kind.CREATED, actor_email=actor_email)


def update_device_model(device_model: DeviceModel, changes: Mapping[str, Any], *,
                        actor_email: str = "") -> DeviceModel:
    return _update(device_model, changes, actor_email=actor_email)


# --- Sellable items ----------------------------------------------------------------------------

def create_item(*, kind: str, name: str, price: Decimal, vat_rate: str | None = None,
                price_includes_vat: bool | None = None, description: str = "",
                actor_email: str = "", **specific: Any) -> SellableItem:
    """A sellable item of ``kind``, with its kind-specific fields in ``specific``
    (warranty_months, category, device_model, fee_kind, stock).

    The VAT rate and whether the price includes VAT default to the tenant's catalogue settings.
    """
    if isinstance(price, float):
        raise ValidationError({"price": "Give the price as a decimal, never a float."})
    if kind not in ItemKind.values:
        raise ValidationError({"kind": f"Choose one of: {', '.join(ItemKind.values)}."})
    unknown = sorted(set(specific) - (EDITABLE_FIELDS[SellableItem] | {"stock"}))
    if unknown:
        raise ValidationError({name: "This field is unknown." for name in unknown})
    settings = CatalogSettings.current()
    item = SellableItem(
        kind=kind, name=name, description=description, price=price,
        vat_rate=vat_rate or settings.default_vat_rate,
        price_includes_vat=(settings.prices_include_vat if price_includes_vat is None
                            else price_includes_vat),
        **specific,
    )
    return _save_validated(item, CatalogEvent.Kind.CREATED, actor_email=actor_email)


def update_item(item: SellableItem, changes: Mapping[str, Any], *,
                actor_email: str = "") -> SellableItem:
    """Change an item's fields; its kind never changes and its stock moves only by adjust_stock."""
    if isinstance(changes.get("price"), float):
        raise ValidationError({"price": "Give the price as a decimal, never a float."})
    return _update(item, changes, actor_email=actor_email)


def deactivate_item(item: SellableItem, *, actor_email: str = "") -> SellableItem:
    """Withdraw an item from sale. Past orders keep their own snapshot of it."""
    if not item.is_active:
        return item
    item.is_active = False
    return _save_validated(item, CatalogEvent.Kind.DEACTIVATED, actor_email=actor_email,
                           update_fields=["is_active", "updated_at"])


def adjust_stock(product: SellableItem, delta: int, *, actor_email: str = "") -> int:
    """Add ``delta`` (negative to take units out) to a product's stock and return the new stock.

    One conditional UPDATE: PostgreSQL re-checks ``stock >= -delta`` on the locked row, so
    concurrent decrements can never take the stock below zero; the loser gets InsufficientStock.
    """
    if isinstance(delta, bool) or not isinstance(delta, int):
        raise CatalogError("Give a whole number of units.", code="invalid", field="delta")
    if product.kind != ItemKind.PRODUCT:
        raise CatalogError("Only products have a stock.", code="not_a_product", field="stock")
    if delta == 0:
        raise CatalogError("Give a number of units other than 0.", code="invalid", field="delta")
    with transaction.atomic():
        moved = SellableItem.objects.filter(
            pk=product.pk, kind=ItemKind.PRODUCT, stock__gte=-delta
        ).update(stock=F("stock") + delta, updated_at=timezone.now())
        if not moved:
            raise InsufficientStock()
        stock = SellableItem.objects.values_list("stock", flat=True).get(pk=product.pk)
        _record_event(product, CatalogEvent.Kind.STOCK_ADJUSTED, actor_email=actor_email,
                      stock_delta=delta)
    product.stock = stock
    return int(stock or 0)


# --- Settings ----------------------------------------------------------------------------------

def update_catalog_settings(*, prices_include_vat: bool, default_vat_rate: str) -> CatalogSettings:
    """How new prices are entered: including or excluding VAT, and the rate a new item gets."""
    if default_vat_rate not in VatRate.values:
        raise ValidationError({"default_vat_rate": "Choose one of the French VAT rates."})
    with transaction.atomic():
        settings, _ = CatalogSettings.objects.select_for_update().get_or_create(pk=1)
        settings.prices_include_vat = prices_include_vat
        settings.default_vat_rate = default_vat_rate
        settings.save(update_fields=["prices_include_vat", "default_vat_rate"])
    return settings
