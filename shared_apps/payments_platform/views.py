"""The Stripe webhook endpoint, and the operators' pages for connected accounts and events."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from shared_apps.operators.views import operator_required
from tenants.models import Tenant

from .actions import AccountError, set_connected_account
from .models import ConnectedAccount
from .selectors import recent_events
from .webhooks import InvalidEvent, receive_event, verify


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    try:
        event = verify(request.body, request.headers.get("Stripe-Signature", ""))
    except InvalidEvent:
        return JsonResponse({"code": "invalid_event", "detail": "Invalid signature or payload."},
                            status=400)
    received = receive_event(event)
    return JsonResponse({"outcome": received.outcome}, status=received.status)


class AccountForm(forms.Form):
    account_id = forms.CharField(max_length=64, required=False, label="Stripe account id",
                                 help_text="acct_...; leave empty to unlink.")
    charges_enabled = forms.BooleanField(required=False, label="Charges enabled")


def _render_accounts(request: HttpRequest, *, forms_by_slug: dict | None = None,  # type: ignore[type-arg]
                     status: int = 200) -> HttpResponse:
    tenants = list(Tenant.objects.customer_facing().order_by("name"))
    linked = {row.tenant_id: row for row in ConnectedAccount.objects.all()}
    rows = []
    for tenant in tenants:
        account = linked.get(tenant.pk)
        form = (forms_by_slug or {}).get(tenant.slug) or AccountForm(initial={
            "account_id": account.account_id if account else "",
            "charges_enabled": account.charges_enabled if account else False})
        rows.append({"tenant": tenant, "account": account, "form": form})
    return render(request, "payments/console_accounts.html", {"rows": rows}, status=status)


@operator_required
@require_http_methods(["GET"])
def account_list(request: HttpRequest) -> HttpResponse:
    return _render_accounts(request)


@operator_required
@require_POST
def account_set(request: HttpRequest, slug: str) -> HttpResponse:
    tenant = get_object_or_404(Tenant.objects.customer_facing(), slug=slug)
    form = AccountForm(request.POST)
    if form.is_valid():
        try:
            set_connected_account(tenant, form.cleaned_data["account_id"],
                                  charges_enabled=form.cleaned_data["charges_enabled"])
        except AccountError as error:
            form.add_error(error.field, error.detail)
        else:
            messages.success(request, f"Stripe account of {tenant.name} saved.")
            return redirect("payments_platform:accounts")
    return _render_accounts(request, forms_by_slug={tenant.slug: form}, status=400)


@operator_required
@require_http_methods(["GET"])
def event_list(request: HttpRequest) -> HttpResponse:
    return render(request, "payments/console_events.html", {"events": recent_events()})
