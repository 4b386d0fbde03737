"""A visitor's cart joins the customer's cart when they log in (merge_session_cart)."""

import pytest
from django.contrib.auth import login
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client, RequestFactory
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.commerce.actions import add_to_cart, cart_for
from tenant_apps.commerce.selectors import CartOwner
from tenant_apps.commerce.session import SESSION_KEY, merge_session_cart
from tests.conftest import HOST_A, make_user

from .helpers import add, cart_count, customer_user, deactivate, lines_of, package, product

pytestmark = pytest.mark.django_db


def _log_in_with_session_of(client: Client, tenant, user):  # type: ignore[no-untyped-def]
    """What the login view does: login() on the visitor's session, then the merge."""
    with tenant_context(tenant):
        request = RequestFactory().post("/account/login/", HTTP_HOST=HOST_A)
        request.session = SessionStore(session_key=client.cookies["sessionid"].value)
        request.user = AnonymousUser()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        merged = merge_session_cart(request, user)
        request.session.save()
    client.cookies["sessionid"] = request.session.session_key
    return request, merged


def test_guest_cart_is_merged_into_the_customer_cart_at_login(client_a, tenant_a):
    cable = product(tenant_a, "USB-C cable", stock=3)
    repair = package(tenant_a, "Battery swap")
    user = customer_user(tenant_a, "returning@example.com")
    with tenant_context(tenant_a):
        add_to_cart(cart_for(CartOwner(user=user)), cable.pk, 2)
    add(client_a, cable.pk, 2)
    add(client_a, repair.pk, 1)

    request, merged = _log_in_with_session_of(client_a, tenant_a, user)

    assert merged is not None
    # 2 + 2 cables, capped at the 3 in stock; the package moves over.
    assert lines_of(tenant_a, user) == {"USB-C cable": 3, "Battery swap": 1}
    assert lines_of(tenant_a) == {}
    assert cart_count(tenant_a) == 1
    assert SESSION_KEY not in request.session
    page = client_a.get("/shop/cart/").content.decode()
    assert "Battery swap" in page and "Cart (4)" in page


def test_login_without_a_guest_cart_changes_nothing(client_a, tenant_a):
    user = customer_user(tenant_a, "nocart@example.com")
    client_a.get("/shop/")
    client_a.cookies["sessionid"] = "x" * 32  # a session that holds no cart

    _, merged = _log_in_with_session_of(client_a, tenant_a, user)

    assert merged is None
    assert cart_count(tenant_a) == 0


def test_staff_keep_their_session_cart(client_a, tenant_a):
    clerk = make_user(tenant_a, "clerk@example.com", Role.COUNTER_STAFF)
    repair = package(tenant_a)
    add(client_a, repair.pk)

    _, merged = _log_in_with_session_of(client_a, tenant_a, clerk)

    assert merged is None
    assert lines_of(tenant_a) == {"Screen replacement": 1}
    assert "Cart (1)" in client_a.get("/shop/cart/").content.decode()


def test_withdrawn_items_are_dropped_by_the_merge(client_a, tenant_a):
    cable = product(tenant_a, "USB-C cable")
    user = customer_user(tenant_a, "late@example.com")
    add(client_a, cable.pk, 1)
    deactivate(tenant_a, cable)

    _log_in_with_session_of(client_a, tenant_a, user)

    assert lines_of(tenant_a, user) == {}
    assert lines_of(tenant_a) == {}
