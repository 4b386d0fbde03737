"""The customer's repair pages: their devices, getting one repaired and paying, answering a quote.

Every page needs an account. A customer sees only their own devices, repairs and quotes (another
customer's and a missing one are the same 404); staff may open any of the tenant's to read them,
but devices are registered and repairs ordered and answered by customers only (staff work in the
back office).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tenant_apps.accounts.models import User
from tenant_apps.catalog.models import ItemKind, SellableItem
from tenant_apps.commerce.checkout_models import CheckoutSettings
from tenant_apps.commerce.order_models import Order
from tenant_apps.commerce.order_state import OrderStatus
from tenant_apps.commerce.pricing import PricingPolicy, pricing_policy
from tenant_apps.customers.actions import ensure_customer_for_user
from tenant_apps.customers.models import Customer
from tenant_apps.pricing.money import Money
from tenants.errors import DomainError

from . import payment_flow
from .actions import package_fits
from .device_actions import attach_proof_of_purchase, register_device
from .errors import NotFound, RepairError
from .forms import DeviceForm, DiagnosisForm, PackageForm, TermsForm, VisitForm, add_domain_error
from .models import Device, Quote, RepairOrder
from .quote_actions import decline_quote
from .selectors import access_device, access_quote, access_repair_order, can_see_proof, devices_of
from .state import TERMINAL_STATUSES, QuoteStatus, RepairPath
from .uploads import stored_file_response

View = Callable[..., HttpResponse]


def signed_in(view: View) -> View:
    """Anonymous visitors go to the customer login and come back."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.path})}")
        return view(request, *args, **kwargs)

    return wrapper


def customers_only(view: View) -> View:
    """Signed in as a customer (their profile made on first use); staff are sent back to the
    device list, which tells them to use the back office."""

    @wraps(view)
    @signed_in
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if cast(User, request.user).is_store_staff:
            messages.error(request, "Staff accounts handle repairs in the back office.")
            return redirect("repairs:devices")
        return view(request, ensure_customer_for_user(cast(User, request.user)), *args,
                    **kwargs)

    return wrapper


def _customer_of(request: HttpRequest) -> Customer | None:
    """The signed-in customer's profile, or None for staff (who read everything)."""
    user = cast(User, request.user)
    return None if user.is_store_staff else ensure_customer_for_user(user)


def _found(fetch: Callable[[Customer, int], Any], customer: Customer, object_id: int) -> Any:
    try:
        return fetch(customer, object_id)
    except NotFound as missing:
        raise Http404(missing.detail) from None


def _device(request: HttpRequest, device_id: int) -> Device:
    customer = _customer_of(request)
    if customer is not None:
        return cast(Device, _found(access_device, customer, device_id))
    device = Device.objects.select_related("category", "brand", "device_model",
                                           "customer").filter(pk=device_id).first()
    if device is None:
        raise Http404("No such device.")
    return device


def _repair(request: HttpRequest, repair_id: int) -> RepairOrder:
    customer = _customer_of(request)
    if customer is not None:
        return cast(RepairOrder, _found(access_repair_order, customer, repair_id))
    repair = RepairOrder.objects.select_related("device__category", "package").filter(
        pk=repair_id).first()
    if repair is None:
        raise Http404("No such repair.")
    return repair


def _quote(request: HttpRequest, quote_id: int) -> Quote:
    customer = _customer_of(request)
    if customer is not None:
        return cast(Quote, _found(access_quote, customer, quote_id))
    quote = Quote.objects.exclude(status=QuoteStatus.DRAFT).filter(pk=quote_id).first()
    if quote is None:
        raise Http404("No such quote.")
    return quote


def _status(error: DomainError) -> int:
    return error.status if error.status and 400 <= error.status < 500 else 400


# Devices.

@require_GET
@signed_in
def device_list(request: HttpRequest) -> HttpResponse:
    customer = _customer_of(request)
    devices = list(devices_of(customer).prefetch_related("repair_orders")) if customer else []
    return render(request, "repairs/customer/devices.html",
                  {"devices": devices, "is_staff": customer is None})


@require_http_methods(["GET", "POST"])
@customers_only
def device_new(request: HttpRequest, customer: Customer) -> HttpResponse:
    form = DeviceForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                device = _register(customer, form)
            except DomainError as refused:
                add_domain_error(form, refused)
                status = _status(refused)
            else:
                messages.success(request, f"{device} is registered.")
                return redirect("repairs:device", device_id=device.pk)
    return render(request, "repairs/customer/device_form.html", {"form": form}, status=status)


def _register(customer: Customer, form: DeviceForm) -> Device:
    """The device and its proof of purchase, or neither."""
    with transaction.atomic():
        device = register_device(customer, form.details())
        proof = form.proof()
        if proof is not None:
            attach_proof_of_purchase(device, proof, name=proof.name or "")
    return device


@require_GET
@signed_in
def device_detail(request: HttpRequest, device_id: int) -> HttpResponse:
    device = _device(request, device_id)
    repairs = list(device.repair_orders.select_related("package", "order"))
    return render(request, "repairs/customer/device.html", {
        "device": device, "repairs": repairs,
        "open_repair": next((r for r in repairs if r.status not in TERMINAL_STATUSES), None),
        "is_owner": _customer_of(request) is not None,
    })


@require_GET
@signed_in
def device_proof(request: HttpRequest, device_id: int) -> HttpResponse:
    """The proof of purchase, as an attachment of the type recognised at upload, never sniffed."""
    device = _device(request, device_id)
    if not can_see_proof(cast(User, request.user), device):
        raise Http404("No proof of purchase.")
    return stored_file_response(device.proof_of_purchase, device.proof_content_type,
                                f"proof-of-purchase-{device.pk}")


# Getting a device repaired.

def _shown(item: SellableItem, policy: PricingPolicy) -> Money:
    return policy.shown(policy.charged(item.taxed_price()))


def fitting_packages(device: Device) -> list[SellableItem]:
    items = SellableItem.objects.active().of_kind(ItemKind.REPAIR_PACKAGE).order_by("price", "id")
    return [item for item in items if package_fits(item, device)]


def _open_repair(device: Device) -> RepairOrder | None:
    return device.repair_orders.exclude(status__in=TERMINAL_STATUSES).first()


@require_GET
@customers_only
def repair_options(request: HttpRequest, customer: Customer, device_id: int) -> HttpResponse:
    device = cast(Device, _found(access_device, customer, device_id))
    open_repair = _open_repair(device)
    if open_repair is not None:
        messages.info(request, "This device already has a repair in progress.")
        return redirect("repairs:repair", repair_id=open_repair.pk)
    policy = pricing_policy(customer)
    travels = device.category.can_travel
    fee = payment_flow.fee_item(payment_flow.FIRST_FEE[
        RepairPath.DIAGNOSIS if travels else RepairPath.ON_SITE])
    return render(request, "repairs/customer/repair_options.html", {
        "device": device, "travels": travels, "policy": policy,
        "packages": [(item, _shown(item, policy)) for item in fitting_packages(device)]
        if travels else [],
        "fee": fee, "fee_shown": _shown(fee, policy) if fee else None,
    })


def _terms(form: TermsForm) -> payment_flow.TermsAcceptance:
    return payment_flow.accept_terms(accepted=form.cleaned_data["terms_accepted"],
                                     version=form.cleaned_data["terms_version"] or "")


def _repair_page(request: HttpRequest, customer: Customer, device_id: int, path: RepairPath,
                 form_class: type[TermsForm], **form_options: Any) -> HttpResponse:
    """GET: the path's form with the price and the terms; POST: open the repair and its order,
    then pay it."""
    device = cast(Device, _found(access_device, customer, device_id))
    if _open_repair(device) is not None:
        return redirect("repairs:repair_options", device_id=device.pk)
    settings = CheckoutSettings.current()
    data = request.POST if request.method == "POST" else None
    form = form_class(data, request.FILES or None, initial={
        "terms_version": settings.terms_version}, **form_options)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                repair = _open(customer, device, path, form, _terms(form),
                               cast(User, request.user).email)
            except DomainError as refused:
                add_domain_error(form, refused)
                status = _status(refused)
            else:
                return redirect("payments:pay", token=cast(Order, repair.order).public_token)
    policy = pricing_policy(customer)
    fee = None if path == RepairPath.PACKAGE else payment_flow.fee_item(
        payment_flow.FIRST_FEE[path])
    return render(request, "repairs/customer/repair_form.html", {
        "device": device, "path": path, "path_label": path.label, "form": form,
        "settings": settings, "fee": fee, "fee_shown": _shown(fee, policy) if fee else None,
        "is_multipart": path == RepairPath.DIAGNOSIS,
    }, status=status)


def _open(customer: Customer, device: Device, path: RepairPath, form: TermsForm,
          terms: payment_flow.TermsAcceptance, email: str) -> RepairOrder:
    data = form.cleaned_data
    options: dict[str, Any] = {"fault_description": data.get("fault_description") or ""}
    if isinstance(form, PackageForm):
        options["package"] = data["package"]
    elif isinstance(form, DiagnosisForm):
        options["photos"] = form.photo_uploads()
    elif isinstance(form, VisitForm):
        options["visit"] = form.visit()
    return payment_flow.open_paid_repair(device, path=path, email=email, terms=terms,
                                         actor_email=email, **options)


@require_http_methods(["GET", "POST"])
@customers_only
def repair_package(request: HttpRequest, customer: Customer, device_id: int) -> HttpResponse:
    device = cast(Device, _found(access_device, customer, device_id))
    packages = fitting_packages(device)
    if not packages or not device.category.can_travel:
        raise Http404("No package for this device.")
    return _repair_page(request, customer, device_id, RepairPath.PACKAGE, PackageForm,
                        packages=packages)


@require_http_methods(["GET", "POST"])
@customers_only
def repair_diagnosis(request: HttpRequest, customer: Customer, device_id: int) -> HttpResponse:
    if not cast(Device, _found(access_device, customer, device_id)).category.can_travel:
        raise Http404("This device is repaired on site.")
    return _repair_page(request, customer, device_id, RepairPath.DIAGNOSIS, DiagnosisForm)


@require_http_methods(["GET", "POST"])
@customers_only
def repair_visit(request: HttpRequest, customer: Customer, device_id: int) -> HttpResponse:
    if cast(Device, _found(access_device, customer, device_id)).category.can_travel:
        raise Http404("Visits are for devices that cannot travel.")
    return _repair_page(request, customer, device_id, RepairPath.ON_SITE, VisitForm)


# A repair and its quote.

def _unpaid(order: Order | None) -> Order | None:
    return order if order is not None and order.status == OrderStatus.PLACED else None


@require_GET
@signed_in
def repair_detail(request: HttpRequest, repair_id: int) -> HttpResponse:
    repair = _repair(request, repair_id)
    quotes = list(repair.quotes.exclude(status=QuoteStatus.DRAFT).select_related("order"))
    return render(request, "repairs/customer/repair.html", {
        "repair": repair, "device": repair.device, "quotes": quotes,
        "events": list(repair.events.all()), "photos": repair.photos.count(),
        "to_pay": _unpaid(repair.order),
        "quote_to_pay": next((_unpaid(q.order) for q in quotes if _unpaid(q.order)), None),
        "live_quote": next((q for q in quotes if q.status == QuoteStatus.SENT), None),
    })


def _vat_totals(quote: Quote) -> list[dict[str, Any]]:
    per_rate: dict[Any, dict[str, Any]] = {}
    for line in quote.lines.all():
        rate = per_rate.setdefault(line.vat_percent, {"rate": line.vat_percent, "net": 0,
                                                      "tax": 0, "gross": 0})
        rate["net"] += line.line_net
        rate["tax"] += line.line_tax
        rate["gross"] += line.line_gross
    return sorted(per_rate.values(), key=lambda rate: rate["rate"], reverse=True)


def _render_quote(request: HttpRequest, quote: Quote, *, form: TermsForm | None = None,
                  error: DomainError | None = None, status: int = 200) -> HttpResponse:
    settings = CheckoutSettings.current()
    form = form or TermsForm(initial={"terms_version": settings.terms_version})
    return render(request, "repairs/customer/quote.html", {
        "quote": quote, "repair": quote.repair_order, "lines": list(quote.lines.all()),
        "vat_totals": _vat_totals(quote), "form": form, "settings": settings, "error": error,
        "can_answer": quote.status == QuoteStatus.SENT and _customer_of(request) is not None,
        "to_pay": _unpaid(quote.order),
    }, status=status)


@require_GET
@signed_in
def quote_detail(request: HttpRequest, quote_id: int) -> HttpResponse:
    return _render_quote(request, _quote(request, quote_id))


@require_POST
@customers_only
def quote_accept(request: HttpRequest, customer: Customer, quote_id: int) -> HttpResponse:
    """Accept the quote under the terms of sale, then pay its order."""
    quote = cast(Quote, _found(access_quote, customer, quote_id))
    form = TermsForm(request.POST)
    if not form.is_valid():
        refused = RepairError("The terms of sale on this page are not the current ones: "
                              "read them and accept again.", code="invalid_terms",
                              field="terms_version")
        return _render_quote(request, quote, form=form, error=refused, status=400)
    email = cast(User, request.user).email
    try:
        order = payment_flow.accept_and_order_quote(quote, email=email, terms=_terms(form),
                                                    actor_email=email)
    except DomainError as refused:
        add_domain_error(form, refused)
        quote.refresh_from_db()
        return _render_quote(request, quote, form=form, error=refused, status=_status(refused))
    return redirect("payments:pay", token=order.public_token)


@require_POST
@customers_only
def quote_decline(request: HttpRequest, customer: Customer, quote_id: int) -> HttpResponse:
    quote = cast(Quote, _found(access_quote, customer, quote_id))
    try:
        decline_quote(quote, actor_email=cast(User, request.user).email)
    except DomainError as refused:
        quote.refresh_from_db()
        return _render_quote(request, quote, error=refused, status=_status(refused))
    messages.success(request, "You declined the quote.")
    return redirect("repairs:repair", repair_id=quote.repair_order_id)
