"""The demo catalogue: complete, idempotent, and only in the schema it was run in."""

from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from tenant_apps.catalog.demo import seed_catalog
from tenant_apps.catalog.models import (
    Brand,
    DeviceCategory,
    DeviceModel,
    FeeKind,
    ItemKind,
    SellableItem,
)

from .helpers import item_names

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return (DeviceCategory.objects.count(), Brand.objects.count(), DeviceModel.objects.count(),
            SellableItem.objects.count())


def test_seed_catalog_is_idempotent_and_stays_in_its_tenant(tenant_a, tenant_b):
    with tenant_context(tenant_a):
        seed_catalog()
        first = counts()
        protector = SellableItem.objects.get(kind=ItemKind.PRODUCT, name__icontains="protector")
        protector.stock = 3
        protector.save(update_fields=["stock"])

        seed_catalog()

        assert counts() == first
        protector.refresh_from_db()
        assert protector.stock == 3
        assert DeviceCategory.objects.get(slug="washing-machine").can_travel is False
        assert DeviceModel.objects.filter(name__in=["iPhone 13", "Galaxy S22"]).count() == 2
        screen = SellableItem.objects.get(name="Broken screen")
        assert (screen.category.slug, screen.warranty_months) == ("phone", 12)
        shipping = SellableItem.objects.get(kind=ItemKind.FEE, fee_kind=FeeKind.SHIPPING)
        assert shipping.taxed_price().gross.amount == Decimal("9.90")
        assert sorted(SellableItem.objects.filter(kind=ItemKind.WARRANTY_PLAN)
                      .values_list("warranty_months", flat=True)) == [3, 6, 12]
    assert item_names(tenant_b) == set()
