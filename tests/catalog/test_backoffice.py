"""Back-office catalogue pages: who may read and write, bad input, query counts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.catalog.models import DeviceCategory, ItemKind, SellableItem

from .helpers import category, item_names, logged_in, package, product

pytestmark = pytest.mark.django_db

READ_PAGES = ["/backoffice/catalog/", "/backoffice/catalog/categories/",
              "/backoffice/catalog/brands/", "/backoffice/catalog/models/"]
MANAGER_PAGES = ["/backoffice/catalog/items/new/product/", "/backoffice/catalog/categories/new/",
                 "/backoffice/catalog/settings/"]
PRODUCT_FORM = {"name": "USB cable", "description": "", "vat_rate": "standard", "price": "12.90",
                "price_entry": "incl", "stock": "10"}


@pytest.fixture
def manager_a(client_a, tenant_a, user_factory):
    return logged_in(client_a, tenant_a, user_factory(tenant_a, "boss2@alpha.test", Role.MANAGER))


@pytest.fixture
def counter_a(client_a, tenant_a, user_factory):
    user = user_factory(tenant_a, "counter@alpha.test", Role.COUNTER_STAFF)
    return logged_in(client_a, tenant_a, user)


@pytest.mark.parametrize("path", READ_PAGES + MANAGER_PAGES)
def test_anonymous_visitors_go_to_the_staff_login(client_a, path):
    response = client_a.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/backoffice/login/?next=")


@pytest.mark.parametrize("path", READ_PAGES + MANAGER_PAGES)
def test_customers_get_403(client_a, tenant_a, user_factory, path):
    logged_in(client_a, tenant_a, user_factory(tenant_a, "shopper@alpha.test"))

    assert client_a.get(path).status_code == 403


def test_counter_staff_read_the_lists_but_change_nothing(counter_a, tenant_a):
    with tenant_context(tenant_a):
        item = product("Glass protector")

    for path in READ_PAGES:
        assert counter_a.get(path).status_code == 200, path
    listing = counter_a.get("/backoffice/catalog/").content.decode()
    assert "Glass protector" in listing and 'id="item-create-links"' not in listing
    for path in MANAGER_PAGES + [f"/backoffice/catalog/items/{item.pk}/"]:
        assert counter_a.get(path).status_code == 403, path
    assert counter_a.post("/backoffice/catalog/items/new/product/", PRODUCT_FORM).status_code == 403
    assert counter_a.post(f"/backoffice/catalog/items/{item.pk}/deactivate/").status_code == 403
    assert counter_a.post(f"/backoffice/catalog/items/{item.pk}/stock/",
                          {"delta": "-5"}).status_code == 403
    with tenant_context(tenant_a):
        item.refresh_from_db()
        assert (item.is_active, item.stock) == (True, 5)
        assert SellableItem.objects.count() == 1


def test_managers_create_edit_and_deactivate_items(manager_a, tenant_a, tenant_b):
    created = manager_a.post("/backoffice/catalog/items/new/product/", PRODUCT_FORM)

    assert created.status_code == 302
    with tenant_context(tenant_a):
        item = SellableItem.objects.get(name="USB cable")
        assert (item.kind, item.price, item.price_includes_vat, item.stock) == (
            ItemKind.PRODUCT, Decimal("12.90"), True, 10)
    edited = manager_a.post(f"/backoffice/catalog/items/{item.pk}/", {
        **PRODUCT_FORM, "price": "10.00", "price_entry": "excl", "is_active": "on"})
    assert edited.status_code == 302
    assert manager_a.post(f"/backoffice/catalog/items/{item.pk}/deactivate/").status_code == 302
    with tenant_context(tenant_a):
        item.refresh_from_db()
        assert (item.taxed_price().gross.amount, item.is_active) == (Decimal("12.00"), False)
    assert item_names(tenant_b) == set()


@pytest.mark.parametrize(("path", "data", "field"), [
    ("/backoffice/catalog/items/new/product/", {**PRODUCT_FORM, "price": "abc"}, "price"),
    ("/backoffice/catalog/items/new/product/", {**PRODUCT_FORM, "price": "-1"}, "price"),
    ("/backoffice/catalog/items/new/product/", {**PRODUCT_FORM, "stock": "-2"}, "stock"),
    ("/backoffice/catalog/items/new/product/", {**PRODUCT_FORM, "vat_rate": "x"}, "vat_rate"),
    ("/backoffice/catalog/items/new/repair_package/",
     {**PRODUCT_FORM, "warranty_months": "12", "category": "", "device_model": ""}, "category"),
    ("/backoffice/catalog/items/new/warranty_plan/",
     {**PRODUCT_FORM, "warranty_months": "5"}, "warranty_months"),
    ("/backoffice/catalog/items/new/fee/", {**PRODUCT_FORM, "fee_kind": ""}, "fee_kind"),
    ("/backoffice/catalog/categories/new/", {"name": "Phone", "slug": "not a slug"}, "slug"),
])
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(manager_a, tenant_a, path, data,
                                                                field):
    response = manager_a.post(path, data)

    assert response.status_code == 400
    assert f'data-field="{field}"' in response.content.decode()
    with tenant_context(tenant_a):
        assert not SellableItem.objects.exists()
        assert not DeviceCategory.objects.exists()


def test_a_duplicate_slug_is_refused_on_the_slug(manager_a, tenant_a):
    with tenant_context(tenant_a):
        category("phone")

    response = manager_a.post("/backoffice/catalog/categories/new/",
                              {"name": "Phones", "slug": "phone"})

    assert response.status_code == 400
    assert 'data-field="slug"' in response.content.decode()


def test_stock_below_zero_is_refused_on_the_page(manager_a, tenant_a):
    with tenant_context(tenant_a):
        item = product(stock=2)

    response = manager_a.post(f"/backoffice/catalog/items/{item.pk}/stock/", {"delta": "-3"})

    assert response.status_code == 409
    assert 'data-field="delta"' in response.content.decode()
    with tenant_context(tenant_a):
        item.refresh_from_db()
        assert item.stock == 2


def test_an_item_of_another_tenant_is_a_404(manager_a, tenant_b):
    with tenant_context(tenant_b):
        foreign = product("Beta cable")

    assert manager_a.get(f"/backoffice/catalog/items/{foreign.pk}/").status_code == 404
    assert manager_a.post(f"/backoffice/catalog/items/{foreign.pk}/deactivate/").status_code == 404
    with tenant_context(tenant_b):
        foreign.refresh_from_db()
        assert foreign.is_active


def test_the_kind_filter(manager_a, tenant_a):
    with tenant_context(tenant_a):
        product("Glass protector")
        package("Broken screen")

    only_products = manager_a.get("/backoffice/catalog/?kind=product").content.decode()
    bad = manager_a.get("/backoffice/catalog/?kind=nonsense")

    assert "Glass protector" in only_products and "Broken screen" not in only_products
    assert bad.status_code == 400 and 'data-field="kind"' in bad.content.decode()


def test_settings_choose_how_new_prices_are_entered(manager_a, tenant_a):
    response = manager_a.post("/backoffice/catalog/settings/",
                              {"price_entry": "excl", "default_vat_rate": "reduced"})
    form = manager_a.get("/backoffice/catalog/items/new/product/").content.decode()

    assert response.status_code == 302
    assert '<option value="excl" selected>' in form
    assert '<option value="reduced" selected>' in form
    bad = manager_a.post("/backoffice/catalog/settings/", {"price_entry": "both"})
    assert bad.status_code == 400 and 'data-field="price_entry"' in bad.content.decode()


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/backoffice/catalog/").status_code == 200
    return len(queries)


def test_the_item_list_costs_the_same_queries_for_5_and_50_items(manager_a, tenant_a):
    with tenant_context(tenant_a):
        for index in range(5):
            package(f"Package {index}")
    _list_queries(manager_a)  # warms the host -> tenant cache
    few = _list_queries(manager_a)
    with tenant_context(tenant_a):
        for index in range(5, 50):
            package(f"Package {index}") if index % 2 else product(f"Product {index}")

    assert _list_queries(manager_a) == few
