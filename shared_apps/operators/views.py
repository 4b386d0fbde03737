"""Operator console on the public domain: tenants, onboarding, suspension, domains.
The repairer network's pages are in network_views.py."""

from collections.abc import Callable
from functools import wraps
from typing import cast

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from shared_apps.dispatch.models import DispatchSettings, TenantDispatchSettings
from tenant_apps.accounts.models import User
from tenant_apps.accounts.views import login_page
from tenants import actions as tenant_actions
from tenants.errors import InvalidTenantTransition, ProvisioningError
from tenants.models import Tenant

from .forms import AddDomainForm, OnboardingForm, add_tenant_error
from .network_forms import TenantExpiryForm
from .selectors import console_tenants, tenant_detail, tenant_rows


def operator_required(view):  # type: ignore[no-untyped-def]
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not request.user.is_authenticated:
            return redirect(f"{reverse('console:login')}?next={request.path}")
        if not request.user.is_operator:
            return render(request, "console/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    return login_page(request, template="console/login.html", success_url="console:tenants",
                      staff_only=True)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("console:login")


@operator_required
@require_http_methods(["GET"])
def tenant_list(request: HttpRequest) -> HttpResponse:
    return render(request, "console/tenants.html", {"rows": tenant_rows()})


@operator_required
@require_http_methods(["GET", "POST"])
def onboard_tenant(request: HttpRequest) -> HttpResponse:
    form = OnboardingForm(request.POST or None)
    if request.method == "GET":
        return render(request, "console/onboard.html", {"form": form})
    if form.is_valid():
        try:
            tenant = tenant_actions.provision_tenant(
                form.tenant_request(), actor_email=_operator_email(request)
            )
        except ProvisioningError as error:
            add_tenant_error(form, error)
        else:
            messages.success(
                request, f"{tenant.name} is live; an invitation went to "
                f"{form.cleaned_data['admin_email']}."
            )
            return redirect("console:tenant", slug=tenant.slug)
    return render(request, "console/onboard.html", {"form": form}, status=400)


def _operator_email(request: HttpRequest) -> str:
    """The signed-in operator, for the audit trail (operator_required let only operators in)."""
    return cast(User, request.user).email


def _render_detail(request: HttpRequest, tenant: Tenant, *,
                   domain_form: AddDomainForm | None = None,
                   expiry_form: TenantExpiryForm | None = None, status: int = 200) -> HttpResponse:
    override = TenantDispatchSettings.objects.filter(tenant=tenant).first()
    context = {
        "detail": tenant_detail(tenant), "domain_form": domain_form or AddDomainForm(),
        "expiry_form": expiry_form or TenantExpiryForm(initial={
            "offer_expiry_minutes": override.offer_expiry_minutes if override else None}),
        "platform_offer_expiry": DispatchSettings.current().offer_expiry_minutes,
    }
    return render(request, "console/tenant_detail.html", context, status=status)


@operator_required
@require_http_methods(["GET"])
def tenant_view(request: HttpRequest, slug: str) -> HttpResponse:
    return _render_detail(request, get_object_or_404(console_tenants(), slug=slug))


def _change_status(request: HttpRequest, slug: str,
                   action: Callable[..., Tenant], done: str) -> HttpResponse:
    tenant = get_object_or_404(console_tenants(), slug=slug)
    try:
        tenant = action(tenant, actor_email=_operator_email(request))
    except InvalidTenantTransition as error:
        messages.error(request, error.detail)
        return _render_detail(request, tenant, status=409)
    messages.success(request, f"{tenant.name} is {done}.")
    return redirect("console:tenant", slug=tenant.slug)


@operator_required
@require_POST
def suspend_tenant(request: HttpRequest, slug: str) -> HttpResponse:
    return _change_status(request, slug, tenant_actions.suspend_tenant, "suspended")


@operator_required
@require_POST
def reactivate_tenant(request: HttpRequest, slug: str) -> HttpResponse:
    return _change_status(request, slug, tenant_actions.reactivate_tenant, "active again")


@operator_required
@require_POST
def add_domain(request: HttpRequest, slug: str) -> HttpResponse:
    tenant = get_object_or_404(console_tenants(), slug=slug)
    form = AddDomainForm(request.POST)
    if form.is_valid():
        try:
            domain = tenant_actions.add_domain(
                tenant, form.cleaned_data["domain"], actor_email=_operator_email(request)
            )
        except ProvisioningError as error:
            add_tenant_error(form, error)
        else:
            messages.success(request, f"{domain.domain} now serves {tenant.name}.")
            return redirect("console:tenant", slug=tenant.slug)
    return _render_detail(request, tenant, domain_form=form, status=400)
