"""Stock moves only through adjust_stock, never below zero, even under concurrent decrements.

The concurrent test commits its rows from connections of its own (threads), as
tests/dispatch/test_concurrency.py does, and deletes them at the end: django_db(transaction=True)
would flush the public schema and the session's tenants with it.
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from tenant_apps.catalog.actions import adjust_stock
from tenant_apps.catalog.errors import CatalogError, InsufficientStock
from tenant_apps.catalog.models import CatalogEvent, ItemKind, SellableItem
from tests.threads import on_own_connection

from .helpers import product

pytestmark = pytest.mark.django_db


def test_adjust_stock_adds_and_removes_units(tenant_a):
    with tenant_context(tenant_a):
        item = product(stock=2)

        assert adjust_stock(item, 5, actor_email="boss@alpha.test") == 7
        assert adjust_stock(item, -7) == 0

        item.refresh_from_db()
        assert item.stock == 0
        deltas = list(CatalogEvent.objects.filter(kind="stock_adjusted", subject_id=item.pk)
                      .order_by("id").values_list("stock_delta", flat=True))
        assert deltas == [5, -7]


def test_stock_never_goes_below_zero(tenant_a):
    with tenant_context(tenant_a):
        item = product(stock=2)

        with pytest.raises(InsufficientStock) as excinfo:
            adjust_stock(item, -3)

        assert (excinfo.value.field, excinfo.value.status) == ("stock", 409)
        item.refresh_from_db()
        assert item.stock == 2
        assert not CatalogEvent.objects.filter(kind="stock_adjusted").exists()


@pytest.mark.parametrize("delta", [0, 1.5, True, "2"])
def test_stock_adjustments_are_whole_non_zero_numbers(tenant_a, delta):
    with tenant_context(tenant_a):
        item = product(stock=2)

        with pytest.raises(CatalogError) as excinfo:
            adjust_stock(item, delta)

        assert excinfo.value.field == "delta"
        item.refresh_from_db()
        assert item.stock == 2


def test_only_products_have_a_stock(tenant_a):
    with tenant_context(tenant_a):
        fee = SellableItem.objects.create(kind=ItemKind.FEE, name="Travel", fee_kind="travel",
                                          price=Decimal("49.00"), price_includes_vat=True)

        with pytest.raises(CatalogError) as excinfo:
            adjust_stock(fee, 1)

        assert excinfo.value.code == "not_a_product"


def _committed_product(tenant, stock):
    with tenant_context(tenant):
        return product("Race protector", stock=stock).pk


def _stock_of(tenant, item_id):
    with tenant_context(tenant):
        return SellableItem.objects.get(pk=item_id).stock, CatalogEvent.objects.filter(
            subject="item", subject_id=item_id, kind="stock_adjusted").count()


def _remove(tenant, item_id):
    with tenant_context(tenant):
        CatalogEvent.objects.filter(subject="item", subject_id=item_id).delete()
        SellableItem.objects.filter(pk=item_id).delete()


def test_concurrent_decrements_never_oversell(tenant_a):
    # given a product with 3 units, committed
    item_id = on_own_connection(_committed_product, tenant_a, 3)
    try:
        takers = 8
        start = threading.Barrier(takers, timeout=30)
        outcomes: list[str] = []

        def take_one():
            try:
                with tenant_context(tenant_a):
                    item = SellableItem.objects.get(pk=item_id)  # everyone saw 3 in stock
                    start.wait()
                    adjust_stock(item, -1)
                outcomes.append("taken")
            except InsufficientStock:
                outcomes.append("refused")
            except Exception as error:  # noqa: BLE001 - shown by the assertion below
                outcomes.append(repr(error))
            finally:
                connection.close()

        # when eight buyers take one unit each at the same moment, each on its own connection
        threads = [threading.Thread(target=take_one) for _ in range(takers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        # then exactly three get one, the others are refused, and the stock ends at zero
        assert sorted(outcomes) == ["refused"] * 5 + ["taken"] * 3
        assert on_own_connection(_stock_of, tenant_a, item_id) == (0, 3)
    finally:
        on_own_connection(_remove, tenant_a, item_id)
