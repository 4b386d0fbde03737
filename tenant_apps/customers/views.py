"""Customers in the back office: staff search and read; managers override a VAT status."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tenant_apps.backoffice.views import acting_user, manager_required, staff_required

from .actions import set_vat_status_override
from .errors import CustomerError
from .forms import CustomerSearchForm, VatOverrideForm
from .models import Customer
from .selectors import access_customer, search_customers

PAGE_SIZE = 50




@staff_required
@require_http_methods(["GET"])
def customer_list(request: HttpRequest) -> HttpResponse:
    form = CustomerSearchForm(request.GET)
    if not form.is_valid():
        return render(request, "customers/list.html", {"form": form, "page": None}, status=400)
    customers = search_customers(form.cleaned_data["q"], kind=form.cleaned_data["kind"],
                                 vat_status=form.cleaned_data["vat_status"])
    page = Paginator(customers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "customers/list.html", {"form": form, "page": page})


def _render_detail(request: HttpRequest, customer: Customer, form: VatOverrideForm, *,
                   status: int = 200) -> HttpResponse:
    return render(request, "customers/detail.html", {
        "customer": customer,
        "addresses": customer.addresses.all(),
        "events": customer.events.all()[:20],
        "override_form": form,
    }, status=status)


@staff_required
@require_http_methods(["GET"])
def customer_detail(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access_customer(customer_id)
    form = VatOverrideForm(initial={"vat_status_override": customer.vat_status_override or ""})
    return _render_detail(request, customer, form)


@manager_required
@require_POST
def vat_override(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access_customer(customer_id)
    form = VatOverrideForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, customer, form, status=400)
    try:
        set_vat_status_override(customer, form.chosen(), staff=acting_user(request))
    except CustomerError as error:
        form.add_error("vat_status_override" if error.field else None, error.detail)
        return _render_detail(request, customer, form, status=error.status)
    messages.success(request, "VAT status saved.")
    return redirect("customers:detail", customer_id=customer.pk)
