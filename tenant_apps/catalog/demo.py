"""Demo catalogue for a store: run inside the tenant's schema; running it again changes nothing."""

from decimal import Decimal

from django.db import transaction

from .models import (
    Brand,
    CatalogSettings,
    DeviceCategory,
    DeviceModel,
    FeeKind,
    ItemKind,
    SellableItem,
)

CATEGORIES = [
    # slug, name, can travel
    ("phone", "Phone", True),
    ("laptop", "Laptop", True),
    ("washing-machine", "Washing machine", False),
    ("tv", "TV", True),
]
BRANDS = [("apple", "Apple"), ("samsung", "Samsung"), ("lenovo", "Lenovo"), ("bosch", "Bosch")]
MODELS = [
    # category, brand, name
    ("phone", "apple", "iPhone 13"),
    ("phone", "samsung", "Galaxy S22"),
    ("laptop", "lenovo", "ThinkPad T14"),
    ("washing-machine", "bosch", "Serie 6 WAU28"),
]
# kind, name, price incl. VAT, kind-specific fields (scopes name a category slug or a model name)
ITEMS: list[tuple[str, str, str, dict[str, object]]] = [
    (ItemKind.REPAIR_PACKAGE, "Broken screen", "129.00",
     {"category": "phone", "warranty_months": 12}),
    (ItemKind.REPAIR_PACKAGE, "Battery replacement", "79.00",
     {"category": "phone", "warranty_months": 6}),
    (ItemKind.REPAIR_PACKAGE, "iPhone 13 screen replacement", "219.00",
     {"device_model": "iPhone 13", "warranty_months": 12}),
    (ItemKind.FEE, "Shipping to the repair centre", "9.90", {"fee_kind": FeeKind.SHIPPING}),
    (ItemKind.FEE, "Technician travel", "49.00", {"fee_kind": FeeKind.TRAVEL}),
    (ItemKind.FEE, "Diagnosis", "29.00", {"fee_kind": FeeKind.DIAGNOSIS}),
    (ItemKind.WARRANTY_PLAN, "Warranty extension 3 months", "19.00", {"warranty_months": 3}),
    (ItemKind.WARRANTY_PLAN, "Warranty extension 6 months", "29.00", {"warranty_months": 6}),
    (ItemKind.WARRANTY_PLAN, "Warranty extension 12 months", "49.00", {"warranty_months": 12}),
    (ItemKind.PRODUCT, "Tempered glass screen protector", "14.90", {"stock": 25}),
    (ItemKind.PRODUCT, "USB-C charging cable", "12.90", {"stock": 40}),
]


@transaction.atomic
def seed_catalog() -> None:
    """Seed the current tenant schema with the demo catalogue (all prices incl. 20% VAT).

    Idempotent: rows are found by their natural key (slug, brand + name, kind + name) and only
    created when missing; existing rows, stock included, are left as they are.
    """
    CatalogSettings.objects.get_or_create(pk=1)
    categories = {
        slug: DeviceCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "can_travel": can_travel})[0]
        for slug, name, can_travel in CATEGORIES
    }
    brands = {slug: Brand.objects.get_or_create(slug=slug, defaults={"name": name})[0]
              for slug, name in BRANDS}
    models = {
        name: DeviceModel.objects.get_or_create(
            brand=brands[brand], name=name, defaults={"category": categories[category]})[0]
        for category, brand, name in MODELS
    }
    for kind, name, price, specific in ITEMS:
        fields = dict(specific)
        if "category" in fields:
            fields["category"] = categories[str(fields["category"])]
        if "device_model" in fields:
            fields["device_model"] = models[str(fields["device_model"])]
        SellableItem.objects.get_or_create(
            kind=kind, name=name,
            defaults={"price": Decimal(price), "price_includes_vat": True, **fields},
        )
