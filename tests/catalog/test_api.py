"""Catalogue API: public reads of each tenant's own catalogue, managers-only writes."""

from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.catalog import actions
from tenant_apps.catalog.models import SellableItem

from .helpers import category, item_names, logged_in, package, product

pytestmark = pytest.mark.django_db

ITEMS = "/api/catalog/items/"
NEW_PRODUCT = {"kind": "product", "name": "USB cable", "price": "12.90", "stock": 10}


@pytest.fixture
def alpha_catalog(tenant_a):
    with tenant_context(tenant_a):
        phone = category("phone")
        apple = actions.create_brand(name="Apple", slug="apple")
        iphone = actions.create_device_model(category=phone, brand=apple, name="iPhone 13")
        items = {
            "screen": package("Alpha screen", category=phone),
            "iphone": package("Alpha iPhone battery", device_model=iphone),
            "protector": product("Alpha protector", price="14.90"),
            "withdrawn": product("Alpha withdrawn"),
        }
        actions.deactivate_item(items["withdrawn"])
    return {"iphone_model": iphone, **items}


def by_name(response) -> dict[str, dict]:
    return {row["name"]: row for row in response.json()["results"]}


def test_anyone_reads_the_active_items_with_their_prices(client_a, alpha_catalog):
    response = client_a.get(ITEMS)

    assert response.status_code == 200
    rows = by_name(response)
    assert set(rows) == {"Alpha screen", "Alpha iPhone battery", "Alpha protector"}
    protector = rows["Alpha protector"]
    assert (protector["price_incl_vat"], protector["price_excl_vat"], protector["vat_amount"]) == (
        "14.90", "12.42", "2.48")
    assert (protector["vat_rate"], protector["vat_percent"], protector["currency"]) == (
        "standard", "20.0", "EUR")
    assert rows["Alpha screen"]["category"] == "phone"


def test_each_tenant_sees_only_its_own_catalogue(client_a, client_b, tenant_b, alpha_catalog):
    with tenant_context(tenant_b):
        product("Beta protector")

    on_b = by_name(client_b.get(ITEMS))
    foreign = client_b.get(f"{ITEMS}{alpha_catalog['protector'].pk}/")

    assert set(on_b) == {"Beta protector"}
    assert "Beta protector" not in by_name(client_a.get(ITEMS))
    assert "Alpha" not in foreign.content.decode()  # ids are per schema: a 404 or beta's own
    assert client_b.get("/api/catalog/categories/").json()["results"] == []


def test_a_withdrawn_item_is_hidden_from_the_public(client_a, alpha_catalog):
    assert client_a.get(f"{ITEMS}{alpha_catalog['withdrawn'].pk}/").status_code == 404
    assert client_a.get(f"{ITEMS}{alpha_catalog['protector'].pk}/").status_code == 200


def test_packages_that_fit_a_device(client_a, alpha_catalog):
    model_id = alpha_catalog["iphone_model"].pk

    for_model = by_name(client_a.get(f"{ITEMS}?device_model={model_id}"))
    for_category = by_name(client_a.get(f"{ITEMS}?category=phone"))

    assert set(for_model) == {"Alpha screen", "Alpha iPhone battery"}
    assert set(for_category) == {"Alpha screen"}


@pytest.mark.parametrize(("query", "field"), [
    ("kind=nonsense", "kind"), ("category=fridge", "category"),
    ("device_model=abc", "device_model"), ("device_model=999999", "device_model"),
    ("kind=fee&category=phone", "kind"),
])
def test_bad_filters_are_a_400_naming_the_parameter(client_a, alpha_catalog, query, field):
    response = client_a.get(f"{ITEMS}?{query}")

    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_reference_data_for_storefronts(client_a, alpha_catalog):
    categories = client_a.get("/api/catalog/categories/").json()["results"]
    models = client_a.get("/api/catalog/models/?brand=apple").json()["results"]

    assert [(row["slug"], row["can_travel"]) for row in categories] == [("phone", True)]
    assert [(row["name"], row["category"], row["brand"]) for row in models] == [
        ("iPhone 13", "phone", "apple")]
    assert client_a.get("/api/catalog/brands/").json()["results"][0]["slug"] == "apple"
    assert "brand" in client_a.get("/api/catalog/models/?brand=nokia").json()["fields"]


@pytest.mark.parametrize(("role", "expected"), [
    (None, 401), (Role.CUSTOMER, 403), (Role.COUNTER_STAFF, 403), (Role.MANAGER, 201),
])
def test_only_managers_write_items(client_a, tenant_a, user_factory, role, expected):
    if role:
        logged_in(client_a, tenant_a, user_factory(tenant_a, f"{role}@alpha.test", role))

    response = client_a.post(ITEMS, NEW_PRODUCT, content_type="application/json")

    assert response.status_code == expected
    assert ("USB cable" in item_names(tenant_a)) is (expected == 201)


def test_managers_write_through_every_endpoint(client_a, tenant_a, user_factory, alpha_catalog):
    logged_in(client_a, tenant_a, user_factory(tenant_a, "m@alpha.test", Role.MANAGER))
    item_url = f"{ITEMS}{alpha_catalog['protector'].pk}/"

    changed = client_a.patch(item_url, {"price": "10.00", "price_includes_vat": False},
                             content_type="application/json")
    stocked = client_a.post(f"{item_url}stock/", {"delta": -5}, content_type="application/json")
    oversold = client_a.post(f"{item_url}stock/", {"delta": -1}, content_type="application/json")
    withdrawn = client_a.post(f"{item_url}deactivate/")

    assert changed.status_code == 200
    assert (changed.json()["price_excl_vat"], changed.json()["price_incl_vat"]) == (
        "10.00", "12.00")
    assert (stocked.status_code, stocked.json()["stock"]) == (200, 0)
    assert oversold.status_code == 409
    assert oversold.json()["code"] == "insufficient_stock"
    assert "stock" in oversold.json()["fields"]
    assert (withdrawn.status_code, withdrawn.json()["is_active"]) == (200, False)
    assert client_a.get(item_url).status_code == 200  # staff still see it


@pytest.mark.parametrize(("payload", "field"), [
    ({**NEW_PRODUCT, "price": "abc"}, "price"),
    ({**NEW_PRODUCT, "price": "-1.00"}, "price"),
    ({**NEW_PRODUCT, "kind": "service"}, "kind"),
    ({**NEW_PRODUCT, "colour": "red"}, "colour"),
    ({**NEW_PRODUCT, "stock": None}, "stock"),
    ({**NEW_PRODUCT, "warranty_months": 12}, "warranty_months"),
    ({"kind": "repair_package", "name": "Screen", "price": "99.00", "warranty_months": 12},
     "category"),
    ({"kind": "repair_package", "name": "Screen", "price": "99.00", "category": "fridge"},
     "category"),
    ({"kind": "warranty_plan", "name": "Plan", "price": "9.00", "warranty_months": 4},
     "warranty_months"),
    ({"kind": "fee", "name": "Fee", "price": "9.00", "fee_kind": "parking"}, "fee_kind"),
])
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(
        client_a, tenant_a, user_factory, payload, field):
    logged_in(client_a, tenant_a, user_factory(tenant_a, "m@alpha.test", Role.MANAGER))

    response = client_a.post(ITEMS, payload, content_type="application/json")

    assert response.status_code == 400
    assert field in response.json()["fields"], response.json()
    with tenant_context(tenant_a):
        assert not SellableItem.objects.exists()


def test_the_kind_of_an_item_never_changes(client_a, tenant_a, user_factory, alpha_catalog):
    logged_in(client_a, tenant_a, user_factory(tenant_a, "m@alpha.test", Role.MANAGER))
    item = alpha_catalog["protector"]

    response = client_a.patch(f"{ITEMS}{item.pk}/", {"kind": "fee", "stock": 99},
                              content_type="application/json")

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"kind", "stock"}
    with tenant_context(tenant_a):
        item.refresh_from_db()
        assert (item.kind, item.stock, item.price) == ("product", 5, Decimal("14.90"))


def test_a_manager_of_one_tenant_cannot_write_on_another(client_b, tenant_a, tenant_b,
                                                         user_factory, alpha_catalog):
    manager_of_a = user_factory(tenant_a, "m@alpha.test", Role.MANAGER)
    with tenant_context(tenant_a):
        client_b.force_login(manager_of_a)  # the session belongs to alpha's schema

    response = client_b.post(ITEMS, NEW_PRODUCT, content_type="application/json")

    assert response.status_code in (401, 403)
    assert item_names(tenant_b) == set()
