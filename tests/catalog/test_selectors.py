"""Which repair packages fit a device, and what storefronts list."""

from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from tenant_apps.catalog import actions, selectors
from tenant_apps.catalog.models import ItemKind

from .helpers import category, package, product

pytestmark = pytest.mark.django_db


@pytest.fixture
def devices(tenant_a):
    with tenant_context(tenant_a):
        phone, laptop = category("phone"), category("laptop")
        apple = actions.create_brand(name="Apple", slug="apple")
        samsung = actions.create_brand(name="Samsung", slug="samsung")
        iphone = actions.create_device_model(category=phone, brand=apple, name="iPhone 13")
        galaxy = actions.create_device_model(category=phone, brand=samsung, name="Galaxy S22")
        packages = {
            "any phone package": package("Battery", category=phone),
            "iphone package": package("iPhone screen", device_model=iphone),
            "galaxy package": package("Galaxy screen", device_model=galaxy),
            "laptop package": package("Keyboard", category=laptop),
        }
        withdrawn = package("Old offer", category=phone)
        actions.deactivate_item(withdrawn)
    return {"phone": phone, "iphone": iphone, "galaxy": galaxy, **packages}


def names(queryset) -> set[str]:
    return set(queryset.values_list("name", flat=True))


def test_a_model_gets_its_own_packages_and_its_category_ones(tenant_a, devices):
    with tenant_context(tenant_a):
        fitting = selectors.packages_for_device(device_model=devices["iphone"])

        assert names(fitting) == {"Battery", "iPhone screen"}


def test_a_category_alone_gets_only_the_packages_that_fit_every_device(tenant_a, devices):
    with tenant_context(tenant_a):
        assert names(selectors.packages_for_device(category=devices["phone"])) == {"Battery"}
        assert names(selectors.packages_for_device()) == set()


def test_a_deactivated_model_fits_nothing_of_its_own(tenant_a, devices):
    with tenant_context(tenant_a):
        actions.update_device_model(devices["galaxy"], {"is_active": False})

        assert names(selectors.packages_for_device(device_model=devices["galaxy"])) == {"Battery"}


def test_active_items_by_kind_with_prices(tenant_a, devices):
    with tenant_context(tenant_a):
        product("Cable", price="12.00")
        actions.create_item(kind=ItemKind.FEE, name="Diagnosis", fee_kind="diagnosis",
                            price=Decimal("29.00"), price_includes_vat=True)

        rows = selectors.priced(selectors.active_items(ItemKind.PRODUCT))

        assert [(row.item.name, row.price.net.amount, row.price.gross.amount) for row in rows] == [
            ("Cable", Decimal("10.00"), Decimal("12.00"))]
        assert names(selectors.active_items(ItemKind.REPAIR_PACKAGE)) == {
            "Battery", "iPhone screen", "Galaxy screen", "Keyboard"}
