"""Storefront checkout: who, delivery and billing, payment method, review, place the order.

Each step validates its inputs (a refusal re-renders the step with a 4xx naming the field and
writes nothing), stores the choice in the session and sends the customer to the next step. A
step reached too early, an empty cart or a stale choice sends the customer back to the right
step with a message.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shared_apps.postoffices.errors import PostOfficeError
from shared_apps.postoffices.selectors import search_post_offices
from tenant_apps.customers.errors import CustomerError
from tenant_apps.payments.providers import available_providers

from . import checkout_session, selectors, session
from .checkout_actions import ensure_checkout, place_checkout_order, save_new_address
from .checkout_choices import (
    BillingChoice,
    BillingSource,
    Buyer,
    DeliveryChoice,
    Destination,
    billing_choice_from,
    check_provider,
    check_terms,
    checkout_details,
    delivery_choice_from,
    resolve_delivery,
)
from .checkout_errors import CheckoutError, GuestCheckoutClosed
from .checkout_forms import GuestForm
from .checkout_models import CheckoutSettings
from .checkout_selectors import Review, option_rows, review_of, saved_addresses
from .checkout_session import CheckoutState
from .errors import OrderError
from .models import Cart, CartLine

CONFIRMATION_KEY = "checkout:confirm"
# Where a refusal naming a field sends the customer back to.
_PAYMENT_FIELDS = {"payment_provider"}
_CART_CODES = {"empty_cart", "item_unavailable", "insufficient_stock"}


@dataclass
class Progress:
    cart: Cart
    state: CheckoutState
    buyer: Buyer | None


def _progress(request: HttpRequest) -> Progress | HttpResponse:
    """The cart and checkout state, or a redirect to the cart when there is nothing to buy."""
    cart = selectors.find_cart(session.owner_of(request))
    if cart is None or not CartLine.objects.filter(cart=cart).exists():
        messages.info(request, "Your cart is empty: add something before checking out.")
        return redirect("commerce:cart")
    ensure_checkout()
    state = checkout_session.load(request)
    buyer = checkout_session.buyer_of(request, state)
    if buyer is not None and buyer.customer is None \
            and not CheckoutSettings.current().allows_guest_checkout:
        buyer = None
    return Progress(cart, state, buyer)


def _missing_step(progress: Progress, *, up_to: str) -> str | None:
    """The first step before ``up_to`` that is not done yet."""
    order = ["who", "delivery", "payment", "review"]
    done = {"who": progress.buyer is not None,
            "delivery": progress.state.delivery_choice is not None
            and progress.state.billing_choice is not None,
            "payment": bool(progress.state.payment_provider)}
    for step in order[:order.index(up_to)]:
        if not done[step]:
            return step
    return None


def _back_to(request: HttpRequest, error: CheckoutError | OrderError | CustomerError
             ) -> HttpResponse:
    """A stale or refused choice: back to the step that asks for it, saying why."""
    messages.error(request, f"{error.field}: {error.detail}" if error.field else error.detail)
    if error.code in _CART_CODES:
        return redirect("commerce:cart")
    if error.field in _PAYMENT_FIELDS:
        return redirect("checkout:payment")
    if error.code == "prices_changed" or error.field in ("terms_accepted", "terms_version"):
        return redirect("checkout:review")
    if error.field in ("email", "full_name"):
        return redirect("checkout:who")
    return redirect("checkout:delivery")


def _start_or(request: HttpRequest, up_to: str) -> Progress | HttpResponse:
    progress = _progress(request)
    if isinstance(progress, HttpResponse):
        return progress
    missing = _missing_step(progress, up_to=up_to)
    if missing is not None:
        return redirect(f"checkout:{missing}")
    return progress


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    progress = _start_or(request, "review")
    if isinstance(progress, HttpResponse):
        return progress
    return redirect("checkout:review")


# --- Who ---------------------------------------------------------------------------------------

def _render_who(request: HttpRequest, form: GuestForm, *, error: str = "",
                status: int = 200) -> HttpResponse:
    checkout = reverse("checkout:start")
    return render(request, "commerce/checkout/who.html", {
        "form": form, "error": error, "settings": CheckoutSettings.current(),
        "login_url": f"{reverse('accounts:login')}?{urlencode({'next': checkout})}",
        "step": "who",
    }, status=status)


@require_http_methods(["GET", "POST"])
def who(request: HttpRequest) -> HttpResponse:
    progress = _progress(request)
    if isinstance(progress, HttpResponse):
        return progress
    if checkout_session.customer_user(request) is not None:
        return redirect("checkout:delivery")
    state = progress.state
    if request.method == "GET":
        return _render_who(request, GuestForm(initial={"email": state.guest_email,
                                                       "full_name": state.guest_name}))
    if not CheckoutSettings.current().allows_guest_checkout:
        return _render_who(request, GuestForm(), error=GuestCheckoutClosed().detail, status=403)
    form = GuestForm(request.POST)
    if not form.is_valid():
        return _render_who(request, form, status=400)
    state.guest_email = form.cleaned_data["email"].strip().lower()
    state.guest_name = form.cleaned_data["full_name"].strip()
    checkout_session.save(request, state)
    return redirect("checkout:delivery")


# --- Delivery and billing ----------------------------------------------------------------------

def _office_search(request: HttpRequest) -> tuple[list[Any], str, dict[str, str]]:
    query = {name: request.GET.get(name, "").strip()[:100] for name in ("postal_code", "city")}
    if not any(query.values()):
        return [], "", query
    try:
        return search_post_offices(postal_code=query["postal_code"], city=query["city"]), "", \
            query
    except PostOfficeError as error:
        return [], f"{error.field}: {error.detail}", query


def _delivery_initial(progress: Progress, addresses: list[Any]) -> dict[str, Any]:
    saved = progress.state.delivery or {}
    billing = progress.state.billing or {}
    default_delivery = next((a for a in addresses if a.is_default_delivery), None)
    default_billing = next((a for a in addresses if a.is_default_billing), None)
    initial: dict[str, Any] = {
        "destination": Destination.SAVED if default_delivery else Destination.NEW,
        "address_id": default_delivery.pk if default_delivery else None,
        "billing": BillingSource.SAVED if default_billing else BillingSource.SAME,
        "billing_address_id": default_billing.pk if default_billing else None,
        "delivery_name": progress.buyer.name if progress.buyer else "",
    }
    initial.update({key: value for key, value in saved.items() if key != "address"})
    initial.update({key: value for key, value in billing.items() if key != "address"})
    for prefix, address in (("delivery_", saved.get("address")),
                            ("billing_", billing.get("address"))):
        initial.update({f"{prefix}{key}": value for key, value in (address or {}).items()})
    return initial


def _render_delivery(request: HttpRequest, progress: Progress, values: dict[str, Any], *,
                     error: CheckoutError | None = None, status: int = 200) -> HttpResponse:
    customer = progress.buyer.customer if progress.buyer else None
    addresses = saved_addresses(customer)
    offices, search_error, query = _office_search(request)
    return render(request, "commerce/checkout/delivery.html", {
        "values": values or _delivery_initial(progress, addresses), "error": error,
        "addresses": addresses, "options": option_rows(customer), "customer": customer,
        "offices": offices, "search_error": search_error, "query": query,
        "step": "delivery",
    }, status=status)


@require_http_methods(["GET", "POST"])
def delivery(request: HttpRequest) -> HttpResponse:
    progress = _start_or(request, "delivery")
    if isinstance(progress, HttpResponse):
        return progress
    if request.method == "GET":
        return _render_delivery(request, progress, {})
    buyer = progress.buyer
    assert buyer is not None  # _start_or checked the "who" step
    try:
        delivery_choice = delivery_choice_from(request.POST)
        billing_choice = billing_choice_from(request.POST)
        resolve_delivery(buyer, delivery_choice, billing_choice)
    except CheckoutError as error:
        return _render_delivery(request, progress, request.POST.dict(), error=error,
                                status=error.status or 400)
    if delivery_choice.destination == Destination.NEW and buyer.customer is not None \
            and delivery_choice.address is not None:
        address_id = save_new_address(buyer.customer, delivery_choice.address)
        delivery_choice = DeliveryChoice(delivery_choice.delivery_option, Destination.SAVED,
                                         address_id=address_id)
    progress.state.delivery = delivery_choice.as_data()
    progress.state.billing = billing_choice.as_data()
    checkout_session.save(request, progress.state)
    return redirect("checkout:payment")


# --- Payment method ----------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def payment(request: HttpRequest) -> HttpResponse:
    progress = _start_or(request, "payment")
    if isinstance(progress, HttpResponse):
        return progress
    chosen = progress.state.payment_provider or available_providers()[0][0]
    if request.method == "POST":
        try:
            progress.state.payment_provider = check_provider(
                request.POST.get("payment_provider", ""))
        except CheckoutError as error:
            return render(request, "commerce/checkout/payment.html", {
                "providers": available_providers(), "chosen": "", "error": error,
                "step": "payment"}, status=400)
        checkout_session.save(request, progress.state)
        return redirect("checkout:review")
    return render(request, "commerce/checkout/payment.html", {
        "providers": available_providers(), "chosen": chosen, "step": "payment"})


# --- Review and place --------------------------------------------------------------------------

def _choices(progress: Progress) -> tuple[Buyer, DeliveryChoice, BillingChoice]:
    """The choices of the steps done; only called once ``_start_or`` found them all."""
    state, buyer = progress.state, progress.buyer
    delivery_choice, billing_choice = state.delivery_choice, state.billing_choice
    assert buyer is not None and delivery_choice is not None and billing_choice is not None
    return buyer, delivery_choice, billing_choice


def _review(progress: Progress) -> Review:
    return review_of(progress.cart, *_choices(progress),
                     check_provider(progress.state.payment_provider))


def _render_review(request: HttpRequest, progress: Progress, review: Review, *,
                   error: CheckoutError | None = None, status: int = 200) -> HttpResponse:
    token = progress.state.new_place_token()
    checkout_session.save(request, progress.state)
    return render(request, "commerce/checkout/review.html", {
        "review": review, "prices": review.prices, "details": review.details,
        "settings": review.settings, "place_token": token, "error": error,
        "expected_total": review.prices.total_gross.quantized().amount, "step": "review",
    }, status=status)


@require_GET
def review(request: HttpRequest) -> HttpResponse:
    progress = _start_or(request, "review")
    if isinstance(progress, HttpResponse):
        return progress
    try:
        current = _review(progress)
    except CheckoutError as error:
        return _back_to(request, error)
    return _render_review(request, progress, current)


def _expected_total(request: HttpRequest) -> Decimal | None:
    """The total the customer reviewed; None when missing or not an amount."""
    try:
        total = Decimal(request.POST.get("expected_total", "")[:20])
    except InvalidOperation:
        return None
    return total if total.is_finite() else None  # NaN, sNaN, Infinity compare badly


@require_POST
def place(request: HttpRequest) -> HttpResponse:
    token = request.POST.get("place_token", "")[:64]
    already = checkout_session.load(request).placed.get(token) if token else None
    if already:  # a second click on "place order": the order is made, go on to pay it
        return redirect("payments:pay", token=already)
    progress = _start_or(request, "review")
    if isinstance(progress, HttpResponse):
        return progress
    state = progress.state
    # Without the total the customer reviewed, prices could not be re-checked: review again.
    if not token or token != state.place_token or _expected_total(request) is None:
        messages.error(request, "This page was out of date: check your order again.")
        return redirect("checkout:review")
    try:
        current = _review(progress)
    except CheckoutError as error:
        return _back_to(request, error)
    settings = current.settings
    try:
        check_terms(settings, accepted=request.POST.get("terms_accepted") == "on",
                    version=request.POST.get("terms_version", "")[:40])
    except CheckoutError as error:
        return _render_review(request, progress, current, error=error, status=error.status or 400)
    return _place(request, progress, current, token)


def _place(request: HttpRequest, progress: Progress, current: Review,
           token: str) -> HttpResponse:
    state = progress.state
    buyer, delivery_choice, billing_choice = _choices(progress)
    try:
        details = checkout_details(
            buyer, delivery_choice, billing_choice, payment_provider=state.payment_provider,
            terms_version=current.settings.terms_version, accepted_at=timezone.now())
        order = place_checkout_order(progress.cart, buyer, details,
                                     expected_total_gross=_expected_total(request),
                                     checkout_key=token)
    except (CheckoutError, OrderError, CustomerError) as error:
        return _back_to(request, error)
    state.remember_order(token, order.public_token)
    checkout_session.save(request, state)
    request.session[CONFIRMATION_KEY] = order.public_token
    return redirect("payments:pay", token=order.public_token)
