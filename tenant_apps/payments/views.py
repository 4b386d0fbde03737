"""The customer's payment pages: choose a method and go to its page; the demo payment page."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from . import actions
from .errors import PaymentError
from .forms import DummyOutcomeForm, PayForm
from .links import order_page_path
from .models import Provider
from .providers import PROVIDERS, available_providers
from .selectors import order_for_token, order_payments, payment_for_token
from .state import PaymentStatus


def _pay_form(data: dict | None, order) -> PayForm:  # type: ignore[no-untyped-def,type-arg]
    choices = available_providers()
    codes = [code for code, _ in choices]
    initial = order.payment_provider if order.payment_provider in codes else \
        (codes[0] if codes else None)
    return PayForm(data, choices=choices, initial={"provider": initial})


@require_http_methods(["GET", "POST"])
def pay_page(request: HttpRequest, token: str) -> HttpResponse:
    """GET: the order, what is due, the methods; POST: start the payment, go to its page."""
    order = order_for_token(token)
    form = _pay_form(request.POST if request.method == "POST" else None, order)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            _, redirect_url = actions.start_payment(order, form.cleaned_data["provider"])
        except PaymentError as refused:
            error = refused
        else:
            return redirect(redirect_url)
    status = 200 if request.method == "GET" else (error.status if error and error.status
                                                  and error.status < 500 else 400)
    return render(request, "payments/pay.html", {
        "order": order, "money": order_payments(order), "form": form, "error": error,
    }, status=status)


@require_http_methods(["GET", "POST"])
def dummy_page(request: HttpRequest, token: str) -> HttpResponse:
    """The demo provider's hosted page: "Pay" or "Fail", answered as a webhook would be."""
    payment = payment_for_token(token)
    # Switched off (production), the fake page confirms nothing, not even older payments.
    if payment.provider != Provider.DUMMY or not PROVIDERS["dummy"].is_available():
        raise Http404("No such payment.")
    is_open = payment.status == PaymentStatus.PENDING
    if request.method == "POST":
        form = DummyOutcomeForm(request.POST)
        if not is_open or not form.is_valid():
            return render(request, "payments/dummy.html",
                          {"payment": payment, "is_open": is_open}, status=409 if not is_open
                          else 400)
        if form.cleaned_data["outcome"] == "succeed":
            actions.confirm_payment(payment, source="dummy page")
            messages.success(request, "Payment received. Thank you!")
        else:
            actions.fail_payment(payment, source="dummy page")
            messages.error(request, "The payment failed. You can try again.")
        return redirect(order_page_path(payment.order))
    return render(request, "payments/dummy.html", {"payment": payment, "is_open": is_open})
