"""Storefront shop and cart pages: thin views over the commerce actions and selectors."""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from . import actions, selectors, session
from .errors import CartError
from .models import MAX_QUANTITY, Cart
from .pricing import pricing_policy

# Ids and quantities are short: longer digit strings are refused before any conversion.
MAX_DIGITS = 18


@require_GET
def shop(request: HttpRequest) -> HttpResponse:
    policy = pricing_policy(selectors.customer_of(session.owner_of(request)))
    return render(request, "commerce/shop.html", {
        "sections": selectors.shop_sections(policy), "policy": policy,
        "max_quantity": MAX_QUANTITY,
    })


def _render_cart(request: HttpRequest, *, error: CartError | None = None,
                 status: int = 200) -> HttpResponse:
    summary = selectors.summary_for(session.owner_of(request))
    return render(request, "commerce/cart.html", {
        "summary": summary, "prices": summary.prices, "error": error,
        "max_quantity": MAX_QUANTITY,
    }, status=status)


@require_GET
def cart(request: HttpRequest) -> HttpResponse:
    return _render_cart(request)


def _whole_number(request: HttpRequest, name: str, *, default: int | None = None) -> int:
    raw = request.POST.get(name, "").strip()
    if not raw and default is not None:
        return default
    if not raw.isdigit() or len(raw) > MAX_DIGITS:
        raise CartError("Enter a whole number.", code="invalid", field=name)
    return int(raw)


def _change(request: HttpRequest, change: Callable[[], object]) -> HttpResponse:
    """Run a cart change; a refusal re-renders the cart naming the field, 404s stay 404s."""
    try:
        change()
    except CartError as error:
        if error.status == 404:
            raise Http404(error.detail) from None
        return _render_cart(request, error=error, status=error.status or 400)
    return redirect("commerce:cart")


@require_POST
def cart_add(request: HttpRequest) -> HttpResponse:
    def add() -> None:
        item_id = _whole_number(request, "item")
        quantity = actions.check_quantity(_whole_number(request, "quantity", default=1))
        actions.add_to_cart(session.cart_of(request), item_id, quantity)

    return _change(request, add)


def _existing_cart(request: HttpRequest) -> Cart:
    found = selectors.find_cart(session.owner_of(request))
    if found is None:
        raise Http404("No cart.")
    return found


@require_POST
def cart_update(request: HttpRequest, line_id: int) -> HttpResponse:
    def update() -> None:
        quantity = _whole_number(request, "quantity")
        actions.set_line_quantity(_existing_cart(request), line_id, quantity)

    return _change(request, update)


@require_POST
def cart_remove(request: HttpRequest, line_id: int) -> HttpResponse:
    return _change(request, lambda: actions.remove_line(_existing_cart(request), line_id))
