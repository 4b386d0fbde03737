"""Read models of the catalogue: what a storefront, the back office and checkout list."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from tenant_apps.pricing.tax import TaxedPrice

from .models import Brand, CatalogSettings, DeviceCategory, DeviceModel, ItemKind, SellableItem


@dataclass(frozen=True)
class PricedItem:
    """An item with its unit price split into net, VAT and gross."""

    item: SellableItem
    price: TaxedPrice


def catalog_settings() -> CatalogSettings:
    return CatalogSettings.current()


def items(kind: str | None = None, *, active_only: bool = True) -> QuerySet[SellableItem]:
    """Items with their scope loaded (one query whatever their number), optionally of one kind."""
    queryset = SellableItem.objects.with_scope()
    if active_only:
        queryset = queryset.active()
    if kind:
        queryset = queryset.of_kind(kind)
    return queryset


def active_items(kind: str | None = None) -> QuerySet[SellableItem]:
    return items(kind, active_only=True)


def priced(rows: QuerySet[SellableItem] | list[SellableItem]) -> list[PricedItem]:
    return [PricedItem(item, item.taxed_price()) for item in rows]


def packages_for_device(*, category: DeviceCategory | None = None,
                        device_model: DeviceModel | None = None) -> QuerySet[SellableItem]:
    """Active repair packages that certainly fit a device.

    With a device model: the packages of that model and those of its whole category. With only a
    category: the packages of the whole category (a model's package may not fit another model).
    """
    if device_model is not None:
        category = device_model.category
    if category is None:
        return SellableItem.objects.none()
    fits = Q(category=category)
    if device_model is not None:
        fits |= Q(device_model=device_model)
    return (
        active_items(ItemKind.REPAIR_PACKAGE)
        .filter(fits, Q(category__isnull=True) | Q(category__is_active=True))
        .filter(Q(device_model__isnull=True) | Q(device_model__is_active=True))
    )


def categories(*, active_only: bool = True) -> QuerySet[DeviceCategory]:
    queryset = DeviceCategory.objects.all()
    return queryset.filter(is_active=True) if active_only else queryset


def brands(*, active_only: bool = True) -> QuerySet[Brand]:
    queryset = Brand.objects.all()
    return queryset.filter(is_active=True) if active_only else queryset


def device_models(*, active_only: bool = True, category: DeviceCategory | None = None,
                  brand: Brand | None = None) -> QuerySet[DeviceModel]:
    queryset = DeviceModel.objects.select_related("category", "brand")
    if active_only:
        queryset = queryset.filter(is_active=True, category__is_active=True, brand__is_active=True)
    if category is not None:
        queryset = queryset.filter(category=category)
    if brand is not None:
        queryset = queryset.filter(brand=brand)
    return queryset
