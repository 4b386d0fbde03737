"""Through the real login page: the cart filled as a visitor is the customer's after logging in."""

import pytest

from tests.conftest import PASSWORD

from .helpers import add, customer_user, lines_of, product

pytestmark = pytest.mark.django_db


def test_logging_in_on_the_storefront_keeps_the_visitors_cart(client_a, tenant_a):
    cable = product(tenant_a, "USB-C cable", stock=3)
    user = customer_user(tenant_a, "visitor@example.com")
    add(client_a, cable.pk, 2)

    response = client_a.post("/account/login/",
                             {"email": "visitor@example.com", "password": PASSWORD})

    assert response.status_code == 302
    assert lines_of(tenant_a, user) == {"USB-C cable": 2}
