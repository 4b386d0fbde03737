"""The shop and cart pages: add, change, remove; bounds, stock, withdrawn items."""

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from tenant_apps.commerce.models import CartLine
from tests.conftest import HOST_A

from .helpers import add, customer_user, deactivate, fee, lines_of, logged_in, package, product

pytestmark = pytest.mark.django_db


def test_shop_lists_items_by_kind_without_fees(client_a, tenant_a):
    product(tenant_a, "Tempered glass")
    package(tenant_a, "Battery swap")
    fee(tenant_a, "Technician visit")
    withdrawn = product(tenant_a, "Old charger")
    deactivate(tenant_a, withdrawn)

    page = client_a.get("/shop/").content.decode()

    assert "Tempered glass" in page and "Battery swap" in page
    assert "Technician visit" not in page
    assert "Old charger" not in page
    assert page.index("Repair packages") < page.index("Products")
    assert "incl. VAT" in page


def test_guest_adds_changes_and_removes_lines(client_a, tenant_a):
    cable = product(tenant_a, "USB-C cable", stock=10)

    first = add(client_a, cable.pk, 2)
    second = add(client_a, cable.pk, 3)

    assert first.status_code == second.status_code == 302
    assert lines_of(tenant_a) == {"USB-C cable": 5}
    page = client_a.get("/shop/cart/").content.decode()
    assert "USB-C cable" in page and "Cart (5)" in page
    with tenant_context(tenant_a):
        line = CartLine.objects.get(item=cable)

    assert client_a.post(f"/shop/cart/lines/{line.pk}/", {"quantity": "1"}).status_code == 302
    assert lines_of(tenant_a) == {"USB-C cable": 1}
    assert client_a.post(f"/shop/cart/lines/{line.pk}/remove/").status_code == 302
    assert lines_of(tenant_a) == {}
    assert "Your cart is empty" in client_a.get("/shop/cart/").content.decode()


def test_logged_in_customer_cart_belongs_to_the_customer(client_a, tenant_a):
    user = customer_user(tenant_a, "shopper@example.com")
    client = logged_in(client_a, tenant_a, user)
    repair = package(tenant_a)

    assert add(client, repair.pk).status_code == 302

    assert lines_of(tenant_a, user) == {"Screen replacement": 1}
    assert lines_of(tenant_a) == {}


@pytest.mark.parametrize(("item_value", "quantity", "field"), [
    ("valid", "0", "quantity"),
    ("valid", "100", "quantity"),
    ("valid", "-1", "quantity"),
    ("valid", "two", "quantity"),
    ("valid", "1" * 30, "quantity"),
    ("abc", "1", "item"),
    ("", "1", "item"),
])
def test_bad_input_is_a_400_naming_the_field(client_a, tenant_a, item_value, quantity, field):
    cable = product(tenant_a)
    item_id = cable.pk if item_value == "valid" else item_value

    response = add(client_a, item_id, quantity)

    assert response.status_code == 400
    assert f"{field}:" in response.content.decode()
    assert lines_of(tenant_a) == {}


def test_a_line_never_goes_over_99(client_a, tenant_a):
    repair = package(tenant_a)
    add(client_a, repair.pk, 60)

    response = add(client_a, repair.pk, 40)

    assert response.status_code == 400
    assert "quantity:" in response.content.decode()
    assert lines_of(tenant_a) == {"Screen replacement": 60}


def test_a_product_quantity_cannot_exceed_its_stock(client_a, tenant_a):
    cable = product(tenant_a, "USB-C cable", stock=3)

    assert add(client_a, cable.pk, 3).status_code == 302
    over = add(client_a, cable.pk, 1)

    assert over.status_code == 409
    assert "quantity: Only 3 in stock." in over.content.decode()
    with tenant_context(tenant_a):
        line = CartLine.objects.get(item=cable)
    changed = client_a.post(f"/shop/cart/lines/{line.pk}/", {"quantity": "4"})
    assert changed.status_code == 409
    assert lines_of(tenant_a) == {"USB-C cable": 3}


@pytest.mark.parametrize("which", ["inactive", "fee", "unknown"])
def test_items_not_for_sale_are_404(client_a, tenant_a, which):
    item = fee(tenant_a) if which == "fee" else product(tenant_a)
    if which == "inactive":
        deactivate(tenant_a, item)
    item_id = item.pk + 1000 if which == "unknown" else item.pk

    response = add(client_a, item_id)

    assert response.status_code == 404
    assert lines_of(tenant_a) == {}


def test_someone_elses_line_is_404(client_a, tenant_a):
    cable = product(tenant_a)
    add(client_a, cable.pk, 2)
    with tenant_context(tenant_a):
        line = CartLine.objects.get(item=cable)
    stranger = Client(HTTP_HOST=HOST_A)
    package_item = package(tenant_a)
    add(stranger, package_item.pk)

    changed = stranger.post(f"/shop/cart/lines/{line.pk}/", {"quantity": "1"})
    removed = stranger.post(f"/shop/cart/lines/{line.pk}/remove/")

    assert changed.status_code == removed.status_code == 404
    with tenant_context(tenant_a):
        assert CartLine.objects.get(pk=line.pk).quantity == 2


def test_a_withdrawn_item_stays_listed_but_is_not_priced(client_a, tenant_a):
    cable = product(tenant_a, "USB-C cable", price="12.00")
    repair = package(tenant_a, "Battery swap", price="50.00")
    add(client_a, cable.pk)
    add(client_a, repair.pk)

    deactivate(tenant_a, cable)
    page = client_a.get("/shop/cart/").content.decode()

    assert "No longer available" in page
    assert "50.00 €" in page and "62.00 €" not in page
    assert "Cart (1)" in page
    with tenant_context(tenant_a):
        line = CartLine.objects.get(item=cable)
    assert client_a.post(f"/shop/cart/lines/{line.pk}/", {"quantity": "2"}).status_code == 409
    assert client_a.post(f"/shop/cart/lines/{line.pk}/remove/").status_code == 302


def test_get_only_pages_and_post_only_changes(client_a, tenant_a):
    assert client_a.post("/shop/").status_code == 405
    assert client_a.get("/shop/cart/add/").status_code == 405
