"""Items of each kind, their validation, and the reference data they point at."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django_tenants.utils import tenant_context

from tenant_apps.catalog import actions
from tenant_apps.catalog.models import (
    CatalogEvent,
    FeeKind,
    ItemKind,
    SellableItem,
)
from tenant_apps.pricing.tax import VatRate

from .helpers import category, package, product

pytestmark = pytest.mark.django_db


def field_errors(excinfo) -> set[str]:
    return set(excinfo.value.message_dict)


def test_each_kind_is_created_with_its_own_fields(tenant_a):
    with tenant_context(tenant_a):
        phone = category("phone")
        brand = actions.create_brand(name="Apple", slug="apple")
        iphone = actions.create_device_model(category=phone, brand=brand, name="iPhone 13")

        screen = package("Broken screen", category=phone, warranty_months=12)
        iphone_screen = package("iPhone 13 screen", device_model=iphone)
        shipping = actions.create_item(kind=ItemKind.FEE, name="Shipping", price=Decimal("9.90"),
                                       fee_kind=FeeKind.SHIPPING, price_includes_vat=True)
        plan = actions.create_item(kind=ItemKind.WARRANTY_PLAN, name="6 months",
                                   price=Decimal("29.00"), warranty_months=6)
        protector = product(stock=7)

        assert (screen.category, screen.warranty_months) == (phone, 12)
        assert iphone_screen.device_model == iphone and iphone_screen.category is None
        assert shipping.taxed_price().net.amount == Decimal("8.25")
        assert plan.warranty_months == 6 and plan.stock is None
        assert protector.stock == 7
        assert CatalogEvent.objects.filter(subject="item", kind="created").count() == 5


@pytest.mark.parametrize(("kind", "fields", "bad_fields"), [
    (ItemKind.REPAIR_PACKAGE, {"warranty_months": 12}, {"category"}),
    (ItemKind.REPAIR_PACKAGE, {"category": "phone"}, {"warranty_months"}),
    (ItemKind.REPAIR_PACKAGE, {"category": "phone", "warranty_months": 61}, {"warranty_months"}),
    (ItemKind.FEE, {}, {"fee_kind"}),
    (ItemKind.FEE, {"fee_kind": "parking"}, {"fee_kind"}),
    (ItemKind.FEE, {"fee_kind": FeeKind.TRAVEL, "stock": 3}, {"stock"}),
    (ItemKind.WARRANTY_PLAN, {"warranty_months": 5}, {"warranty_months"}),
    (ItemKind.WARRANTY_PLAN, {}, {"warranty_months"}),
    (ItemKind.PRODUCT, {}, {"stock"}),
    (ItemKind.PRODUCT, {"stock": 2, "warranty_months": 6}, {"warranty_months"}),
    (ItemKind.PRODUCT, {"stock": 2, "category": "phone"}, {"category"}),
])
def test_kind_specific_rules_name_the_field_and_write_nothing(tenant_a, kind, fields, bad_fields):
    with tenant_context(tenant_a):
        if fields.get("category") == "phone":
            fields = {**fields, "category": category("phone")}

        with pytest.raises(ValidationError) as excinfo:
            actions.create_item(kind=kind, name="Bad", price=Decimal("10.00"), **fields)

        assert field_errors(excinfo) == bad_fields
        assert not SellableItem.objects.filter(name="Bad").exists()


@pytest.mark.parametrize(("fields", "bad_fields"), [
    ({"price": Decimal("-1.00")}, {"price"}),
    ({"price": Decimal("123456789.00")}, {"price"}),
    ({"price": Decimal("1.001")}, {"price"}),
    ({"price": 9.9}, {"price"}),
    ({"name": ""}, {"name"}),
    ({"vat_rate": "luxury"}, {"vat_rate"}),
    ({"kind": "service"}, {"kind"}),
])
def test_common_fields_are_validated(tenant_a, fields, bad_fields):
    values = {"kind": ItemKind.PRODUCT, "name": "Cable", "price": Decimal("10.00"), "stock": 1,
              **fields}
    with tenant_context(tenant_a):
        with pytest.raises(ValidationError) as excinfo:
            actions.create_item(**values)

        assert field_errors(excinfo) == bad_fields
        assert not SellableItem.objects.exists()


def test_a_package_is_scoped_to_a_category_or_a_model_not_both(tenant_a):
    with tenant_context(tenant_a):
        phone = category("phone")
        brand = actions.create_brand(name="Samsung", slug="samsung")
        galaxy = actions.create_device_model(category=phone, brand=brand, name="Galaxy S22")

        with pytest.raises(ValidationError) as excinfo:
            package(category=phone, device_model=galaxy)

        assert field_errors(excinfo) == {"device_model"}


def test_the_database_refuses_a_row_that_breaks_its_kind(tenant_a):
    with tenant_context(tenant_a):
        with pytest.raises(IntegrityError), transaction.atomic():
            SellableItem.objects.create(kind=ItemKind.FEE, name="No kind", price=Decimal("1"),
                                        price_includes_vat=True)
        with pytest.raises(IntegrityError), transaction.atomic():
            SellableItem.objects.create(kind=ItemKind.PRODUCT, name="Negative",
                                        price=Decimal("1"), price_includes_vat=True, stock=-1)


def test_new_prices_follow_the_tenant_entry_mode(tenant_a, tenant_b):
    with tenant_context(tenant_a):
        actions.update_catalog_settings(prices_include_vat=False,
                                        default_vat_rate=VatRate.INTERMEDIATE)
        entered_excl = product("Cable", price="10.00")
        entered_excl.refresh_from_db()
        no_default = actions.create_item(kind=ItemKind.PRODUCT, name="Case", stock=1,
                                         price=Decimal("10.00"))
    with tenant_context(tenant_b):
        default_incl = actions.create_item(kind=ItemKind.PRODUCT, name="Case", stock=1,
                                           price=Decimal("12.00"))

    assert (no_default.price_includes_vat, no_default.vat_rate) == (False, VatRate.INTERMEDIATE)
    assert no_default.taxed_price().gross.amount == Decimal("11.00")
    assert entered_excl.price_includes_vat is True  # given explicitly, kept
    assert (default_incl.price_includes_vat, default_incl.vat_rate) == (True, VatRate.STANDARD)
    assert default_incl.taxed_price().net.amount == Decimal("10.00")


def test_update_never_changes_the_kind_or_the_stock(tenant_a):
    with tenant_context(tenant_a):
        item = product(stock=3)

        with pytest.raises(ValidationError) as excinfo:
            actions.update_item(item, {"kind": ItemKind.FEE, "stock": 100})

        assert field_errors(excinfo) == {"kind", "stock"}
        item.refresh_from_db()
        assert (item.kind, item.stock) == (ItemKind.PRODUCT, 3)


def test_update_and_deactivate(tenant_a):
    with tenant_context(tenant_a):
        item = product(price="14.90")

        actions.update_item(item, {"price": Decimal("19.90"), "name": "Glass protector"})
        actions.deactivate_item(item)

        item.refresh_from_db()
        assert (item.name, item.price, item.is_active) == ("Glass protector", Decimal("19.90"),
                                                           False)
        kinds = list(CatalogEvent.objects.filter(subject_id=item.pk, subject="item")
                     .order_by("id").values_list("kind", flat=True))
        assert kinds == ["created", "updated", "deactivated"]


def test_reference_data_slugs_are_unique_per_tenant(tenant_a, tenant_b):
    with tenant_context(tenant_a):
        actions.create_category(name="Phone", slug="phone")
        with pytest.raises(ValidationError) as excinfo:
            actions.create_category(name="Phones", slug="phone")
        assert field_errors(excinfo) == {"slug"}
        brand = actions.create_brand(name="Apple", slug="apple")
        actions.create_device_model(category=category("phone"), brand=brand, name="iPhone 13")
        with pytest.raises(ValidationError) as excinfo:
            actions.create_device_model(category=category("phone"), brand=brand,
                                        name="iPhone 13")
        assert field_errors(excinfo) == {"name"}
    with tenant_context(tenant_b):
        assert actions.create_category(name="Phone", slug="phone").pk


def test_washing_machines_do_not_travel(tenant_a):
    with tenant_context(tenant_a):
        washer = actions.create_category(name="Washing machine", slug="washing-machine",
                                         can_travel=False)
        actions.update_category(washer, {"name": "Washer"})

        washer.refresh_from_db()
        assert (washer.name, washer.can_travel) == ("Washer", False)
