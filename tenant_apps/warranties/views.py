"""The customer's warranty pages: their devices' cover, registering a warranty, claims.

Signed-in customers only; staff accounts have no devices and see an empty page. Another
customer's warranty is a 404, like a missing one.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from tenant_apps.accounts.models import Role, User
from tenant_apps.customers.actions import ensure_customer_for_user
from tenant_apps.customers.models import Customer
from tenant_apps.repairs.selectors import devices_of
from tenant_apps.repairs.uploads import stored_file_response
from tenants.errors import DomainError

from .actions import file_claim, register_warranty
from .errors import WarrantyNotFound
from .forms import ClaimForm, OnSiteClaimForm, WarrantyForm, add_domain_error
from .models import Warranty
from .selectors import access_invoice, access_warranty, warranties_by_device


def _login(request: HttpRequest) -> HttpResponse:
    return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.path})}")


def _customer(user: User) -> Customer | None:
    return ensure_customer_for_user(user) if user.role == Role.CUSTOMER else None


@require_GET
def warranty_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return _login(request)
    customer = _customer(request.user)
    groups = warranties_by_device(customer) if customer is not None else []
    return render(request, "warranties/customer/list.html", {"groups": groups})


@require_http_methods(["GET", "POST"])
def warranty_create(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return _login(request)
    customer = _customer(request.user)
    if customer is None:
        raise Http404("Staff accounts have no devices.")
    devices = devices_of(customer)
    form = WarrantyForm(request.POST or None, request.FILES or None, devices=devices)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["purchase_invoice"]
        try:
            register_warranty(form.cleaned_data["device"], form.warranty_request(), upload,
                              invoice_name=upload.name or "", actor_email=request.user.email)
        except DomainError as refused:
            add_domain_error(form, refused)
        else:
            messages.success(request, "Your device is under warranty.")
            return redirect("warranty:list")
    status = 400 if request.method == "POST" else 200
    return render(request, "warranties/customer/register.html",
                  {"form": form, "has_devices": devices.exists()}, status=status)


def _claim_form(warranty: Warranty, data: object = None) -> ClaimForm:
    form_class = ClaimForm if warranty.device.category.can_travel else OnSiteClaimForm
    return form_class(data)  # type: ignore[arg-type]


@require_http_methods(["GET", "POST"])
def claim_create(request: HttpRequest, warranty_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return _login(request)
    customer = _customer(request.user)
    try:
        if customer is None:
            raise WarrantyNotFound()
        warranty = access_warranty(customer, warranty_id)
    except WarrantyNotFound:
        raise Http404("No such warranty.") from None
    form = _claim_form(warranty, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            file_claim(warranty, form.cleaned_data["description"], visit=form.visit(),
                       actor_email=request.user.email)
        except DomainError as refused:
            add_domain_error(form, refused)
        else:
            messages.success(request, "Your claim is filed: the store will answer soon.")
            return redirect("warranty:list")
    status = 400 if request.method == "POST" else 200
    return render(request, "warranties/customer/claim.html",
                  {"form": form, "warranty": warranty}, status=status)


@require_GET
def invoice(request: HttpRequest, warranty_id: int) -> HttpResponseBase:
    """The purchase invoice, for the device's owner and staff; a small file, read whole."""
    if not request.user.is_authenticated:
        return _login(request)
    try:
        warranty = access_invoice(request.user, warranty_id)
    except WarrantyNotFound:
        raise Http404("No such invoice.") from None
    return stored_file_response(warranty.purchase_invoice, warranty.invoice_content_type,
                                f"invoice-{warranty.pk}")
