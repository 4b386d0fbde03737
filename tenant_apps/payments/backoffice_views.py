"""Payments in the back office: staff see them; managers refund."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from tenant_apps.accounts.models import User
from tenant_apps.backoffice.views import manager_required, staff_required

from . import actions
from .errors import PaymentError
from .forms import RefundForm
from .models import Payment
from .providers import dashboard_url
from .selectors import access_payment, refundable_amount

LIST_SIZE = 100


@staff_required
@require_http_methods(["GET"])
def payment_list(request: HttpRequest) -> HttpResponse:
    payments = (Payment.objects.select_related("order")
                .order_by("-created_at", "-id")[:LIST_SIZE])
    return render(request, "payments/backoffice_list.html", {"payments": payments})


def _render_refund(request: HttpRequest, payment: Payment, form: RefundForm, *,
                   status: int = 200) -> HttpResponse:
    return render(request, "payments/refund.html", {
        "payment": payment, "form": form, "refundable": refundable_amount(payment),
        "dashboard_url": dashboard_url(payment),
    }, status=status)


@manager_required
@require_http_methods(["GET", "POST"])
def refund(request: HttpRequest, payment_id: int) -> HttpResponse:
    payment = access_payment(payment_id)
    if request.method == "GET":
        return _render_refund(request, payment,
                              RefundForm(initial={"amount": refundable_amount(payment)}))
    form = RefundForm(request.POST)
    if not form.is_valid():
        return _render_refund(request, payment, form, status=400)
    user = request.user
    try:
        actions.refund_payment(payment, form.cleaned_data["amount"],
                               reason=form.cleaned_data["reason"],
                               actor_email=user.email if isinstance(user, User) else "")
    except PaymentError as refused:
        form.add_error(refused.field if refused.field in form.fields else None, refused.detail)
        return _render_refund(request, payment, form,
                              status=refused.status if refused.status and refused.status < 500
                              else 400)
    messages.success(request, f"Refund of {form.cleaned_data['amount']} {payment.currency} sent.")
    return redirect("orders:detail", order_id=payment.order_id)
