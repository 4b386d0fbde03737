"""Each checkout step validates its inputs, names the refused field, writes nothing, and sends a
customer who skips ahead back to the step they missed."""

import pytest
from django_tenants.utils import tenant_context

from tenant_apps.customers.models import Address

from .helpers import (
    CHECKOUT,
    as_guest,
    cart_with,
    choose_delivery,
    choose_payment,
    office,
    orders,
    set_guests,
)

pytestmark = pytest.mark.django_db


def _error_field(response) -> str:  # type: ignore[no-untyped-def]
    return response.context["error"].field


def test_an_empty_cart_goes_back_to_the_cart(client_a, tenant_a):
    response = client_a.get(CHECKOUT, follow=True)
    assert response.redirect_chain[-1][0] == "/shop/cart/"
    assert "Your cart is empty" in response.content.decode()


def test_skipping_ahead_goes_back_to_the_first_missing_step(client_a, tenant_a):
    cart_with(client_a, tenant_a)
    assert client_a.get(f"{CHECKOUT}review/")["Location"] == f"{CHECKOUT}who/"
    assert as_guest(client_a)["Location"] == f"{CHECKOUT}delivery/"
    assert client_a.get(f"{CHECKOUT}review/")["Location"] == f"{CHECKOUT}delivery/"
    assert choose_delivery(client_a)["Location"] == f"{CHECKOUT}payment/"
    assert client_a.get(f"{CHECKOUT}review/")["Location"] == f"{CHECKOUT}payment/"
    assert client_a.get(CHECKOUT)["Location"] == f"{CHECKOUT}payment/"


def test_the_guest_step_names_the_bad_field(client_a, tenant_a):
    cart_with(client_a, tenant_a)
    response = as_guest(client_a, email="not-an-email")
    assert response.status_code == 400
    assert 'data-field="email"' in response.content.decode()
    assert client_a.get(f"{CHECKOUT}delivery/")["Location"] == f"{CHECKOUT}who/"


def test_guests_are_refused_when_the_store_says_so(client_a, tenant_a):
    cart_with(client_a, tenant_a)
    set_guests(tenant_a, False)
    page = client_a.get(f"{CHECKOUT}who/")
    assert 'id="guest-form"' not in page.content.decode()
    assert 'id="checkout-login-link"' in page.content.decode()
    assert "next=%2Fshop%2Fcheckout%2F" in page.content.decode()
    response = as_guest(client_a)
    assert response.status_code == 403
    assert client_a.get(f"{CHECKOUT}delivery/")["Location"] == f"{CHECKOUT}who/"


def test_a_guest_remembered_before_the_switch_is_sent_back(client_a, tenant_a):
    cart_with(client_a, tenant_a)
    as_guest(client_a)
    set_guests(tenant_a, False)
    assert client_a.get(f"{CHECKOUT}delivery/")["Location"] == f"{CHECKOUT}who/"


@pytest.mark.parametrize(("changes", "field"), [
    ({"destination": None}, "destination"),
    ({"destination": "elsewhere"}, "destination"),
    ({"delivery_option": ""}, "delivery_option"),
    ({"delivery_option": "teleport"}, "delivery_option"),
    ({"delivery_option": "post-office"}, "delivery_option"),  # a pick-up option to an address
    ({"delivery_street": ""}, "delivery_street"),
    ({"delivery_postal_code": "!!"}, "delivery_postal_code"),
    ({"delivery_country": "XX"}, "delivery_country"),
    ({"delivery_phone": "call me"}, "delivery_phone"),
    ({"destination": "saved", "address_id": "1"}, "address_id"),  # a guest has none
    ({"destination": "post_office", "delivery_option": "post-office",
      "post_office_id": "ZZZ999"}, "post_office_id"),
    ({"destination": "post_office", "delivery_option": "post-office", "post_office_id": "",
      "billing": "new"}, "post_office_id"),
    ({"billing": "new", "billing_city": ""}, "billing_name"),
    ({"billing": "sideways"}, "billing"),
])
def test_the_delivery_step_names_the_bad_field(client_a, tenant_a, changes, field):
    cart_with(client_a, tenant_a)
    as_guest(client_a)
    response = choose_delivery(client_a, **changes)
    assert response.status_code == 400, response.status_code
    assert _error_field(response) == field
    assert f'data-field="{field}"' in response.content.decode()
    assert client_a.get(f"{CHECKOUT}payment/")["Location"] == f"{CHECKOUT}delivery/"


def test_a_post_office_is_no_billing_address(client_a, tenant_a):
    office()
    cart_with(client_a, tenant_a)
    as_guest(client_a)
    response = choose_delivery(client_a, destination="post_office",
                               delivery_option="post-office", post_office_id="75A011",
                               billing="same")
    assert response.status_code == 400 and _error_field(response) == "billing"


def test_a_closed_post_office_cannot_be_chosen(client_a, tenant_a):
    office("75B000", is_active=False)
    cart_with(client_a, tenant_a)
    as_guest(client_a)
    response = choose_delivery(client_a, destination="post_office",
                               delivery_option="post-office", post_office_id="75B000")
    assert response.status_code == 400 and _error_field(response) == "post_office_id"


def test_the_post_office_search_lists_offices_and_names_bad_queries(client_a, tenant_a):
    office("75A011", "Paris Voltaire")
    office("69A001", "Lyon Bellecour", postal_code="69002", city="Lyon")
    cart_with(client_a, tenant_a)
    as_guest(client_a)
    page = client_a.get(f"{CHECKOUT}delivery/", {"postal_code": "75"}).content.decode()
    assert "Paris Voltaire" in page and "Lyon Bellecour" not in page
    page = client_a.get(f"{CHECKOUT}delivery/", {"city": "lyo"}).content.decode()
    assert "Lyon Bellecour" in page and "Paris Voltaire" not in page
    page = client_a.get(f"{CHECKOUT}delivery/", {"postal_code": "7"}).content.decode()
    assert 'id="post-office-search-error"' in page and "postal_code" in page


def test_the_payment_step_names_the_bad_field(client_a, tenant_a):
    cart_with(client_a, tenant_a)
    as_guest(client_a)
    choose_delivery(client_a)
    response = choose_payment(client_a, "bitcoin")
    assert response.status_code == 400 and _error_field(response) == "payment_provider"
    assert client_a.get(f"{CHECKOUT}review/")["Location"] == f"{CHECKOUT}payment/"


def test_refused_steps_write_nothing(client_a, tenant_a):
    cart_with(client_a, tenant_a)
    as_guest(client_a)
    choose_delivery(client_a, delivery_street="")
    choose_payment(client_a, "bitcoin")
    with tenant_context(tenant_a):
        assert not Address.objects.exists()
    assert orders(tenant_a) == []
