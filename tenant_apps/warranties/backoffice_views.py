"""Warranties in the back office: the claims queue and its decisions, the warranties register.

Counter staff decide claims (they examine the device and the invoice at the counter, as they
move repairs); voiding a warranty takes a customer's right away, so only managers do it.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from tenant_apps.backoffice.views import acting_user, manager_required, staff_required
from tenants.errors import DomainError

from .actions import accept_claim, reject_claim, void_warranty
from .errors import WarrantyNotFound
from .forms import RejectForm, VoidForm
from .models import WarrantyClaim
from .selectors import access_claim_for_staff, claims_for_staff, warranties_for_staff
from .state import ClaimStatus

PAGE_SIZE = 50


def _claim(claim_id: int) -> WarrantyClaim:
    try:
        return access_claim_for_staff(claim_id)
    except WarrantyNotFound:
        raise Http404("No such claim.") from None




@staff_required
@require_GET
def claim_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", ClaimStatus.SUBMITTED.value)
    if status not in ClaimStatus.values and status != "all":
        status = ClaimStatus.SUBMITTED.value
    page = Paginator(claims_for_staff("" if status == "all" else status),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "warranties/backoffice/claims.html", {
        "page": page, "status": status, "statuses": ClaimStatus.choices})


def _claim_page(request: HttpRequest, claim: WarrantyClaim, *,
                reject_form: RejectForm | None = None, status: int = 200) -> HttpResponse:
    return render(request, "warranties/backoffice/claim.html", {
        "claim": claim, "warranty": claim.warranty, "device": claim.warranty.device,
        "events": claim.events.all(), "reject_form": reject_form or RejectForm(),
        "is_open": claim.status == ClaimStatus.SUBMITTED}, status=status)


@staff_required
@require_GET
def claim_detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    return _claim_page(request, _claim(claim_id))


@staff_required
@require_POST
def claim_accept(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _claim(claim_id)
    try:
        accepted = accept_claim(claim, actor=acting_user(request))
    except DomainError as refused:
        messages.error(request, refused.detail)
        return _claim_page(request, claim, status=409 if refused.status == 409 else 400)
    reference = accepted.repair_order.reference if accepted.repair_order else ""
    messages.success(request, f"Claim accepted: repair {reference} opened at no charge.")
    return redirect("warranty_admin:claim", claim_id=claim.pk)


@staff_required
@require_POST
def claim_reject(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _claim(claim_id)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            reject_claim(claim, form.cleaned_data["reason"], actor=acting_user(request))
        except DomainError as refused:
            messages.error(request, refused.detail)
            return _claim_page(request, claim, reject_form=form, status=refused.status or 400)
        messages.success(request, "Claim rejected.")
        return redirect("warranty_admin:claim", claim_id=claim.pk)
    return _claim_page(request, claim, reject_form=form, status=400)


@staff_required
@require_GET
def warranty_register(request: HttpRequest) -> HttpResponse:
    page = Paginator(warranties_for_staff(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "warranties/backoffice/warranties.html",
                  {"page": page, "void_form": VoidForm()})


@manager_required
@require_POST
def warranty_void(request: HttpRequest, warranty_id: int) -> HttpResponse:
    warranty = warranties_for_staff().filter(pk=warranty_id).first()
    if warranty is None:
        raise Http404("No such warranty.")
    form = VoidForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why the warranty is void.")
        return redirect("warranty_admin:warranties")
    try:
        void_warranty(warranty, form.cleaned_data["reason"], actor=acting_user(request))
    except DomainError as refused:
        messages.error(request, refused.detail)
    else:
        messages.success(request, "Warranty voided.")
    return redirect("warranty_admin:warranties")
