"""The cart of the request's visitor: a customer account's, or one kept by the session.

Anonymous visitors (and staff browsing the storefront) have a cart named by a random token in
their session. Django keeps session data when the key changes at login, so after ``login()`` the
token is still there and ``merge_session_cart`` moves that cart into the customer's.
"""

import secrets

from django.http import HttpRequest

from tenant_apps.accounts.models import User

from . import actions, selectors
from .models import Cart
from .selectors import CartOwner, is_customer_account

SESSION_KEY = "cart_token"


def owner_of(request: HttpRequest, *, create: bool = False) -> CartOwner:
    """Whose cart this request works on; ``create`` gives an anonymous visitor a token."""
    user = getattr(request, "user", None)
    if is_customer_account(user):
        return CartOwner(user=user)  # type: ignore[arg-type]
    token = request.session.get(SESSION_KEY)
    if not isinstance(token, str) or not token:
        if not create:
            return CartOwner()
        token = secrets.token_urlsafe(32)
        request.session[SESSION_KEY] = token
    return CartOwner(session_token=token)


def cart_of(request: HttpRequest) -> Cart:
    """The request's cart, created on first use."""
    return actions.cart_for(owner_of(request, create=True))


def merge_session_cart(request: HttpRequest, user: User) -> Cart | None:
    """Call right after ``login(request, user)``: the visitor's cart joins the customer's.

    Does nothing for staff accounts (they keep their session cart) and without a visitor cart.
    """
    if not is_customer_account(user):
        return None
    token = request.session.pop(SESSION_KEY, None)
    if not isinstance(token, str) or not token:
        return None
    return actions.merge_into_customer_cart(token, user)


def cart_quantity(request: HttpRequest) -> int:
    return selectors.cart_quantity(owner_of(request))
