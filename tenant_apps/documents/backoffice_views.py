"""Documents in the back office: the register (list, CSV), the seller's identity, order forms."""

import csv
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tenant_apps.backoffice.views import manager_required, staff_required
from tenant_apps.commerce.order_selectors import access_order

from .actions import update_seller_profile
from .errors import DocumentError
from .forms import DocumentFilterForm, SellerProfileForm
from .models import IssuedDocument
from .rendering import order_form_pdf
from .selectors import search_documents
from .seller import missing_identity, seller_profile

PAGE_SIZE = 50
EXPORT_HEADER = ("Number", "Kind", "Issued on", "Order", "Buyer", "Buyer VAT number",
                 "Total excl. VAT", "VAT", "Total incl. VAT", "Currency", "Credits")
# A spreadsheet reads a text cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@staff_required
@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    form = DocumentFilterForm(request.GET)
    context = {"form": form, "page": None, "missing_identity": missing_identity()}
    if not form.is_valid():
        return render(request, "documents/list.html", context, status=400)
    page = Paginator(search_documents(form.filters()), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "documents/list.html",
                  {**context, "page": page, "export_query": query.urlencode()})


def _text_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def _export_lines(documents: Iterable[IssuedDocument]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # lets spreadsheet programs read the file as UTF-8
    yield writer.writerow(EXPORT_HEADER)
    for document in documents:
        buyer = document.buyer or {}
        amounts: list[Decimal] = [document.total_net, document.total_tax, document.total_gross]
        yield writer.writerow([
            document.number, document.get_kind_display(), document.issued_on.isoformat(),
            document.order.reference, _text_cell(buyer.get("company") or buyer.get("name")),
            _text_cell(buyer.get("vat_number")), *(f"{amount:.2f}" for amount in amounts),
            document.currency, document.credits.number if document.credits else "",
        ])


@staff_required
@require_GET
def document_export(request: HttpRequest) -> HttpResponseBase:
    """The register of the filtered documents as CSV (for the accountant)."""
    form = DocumentFilterForm(request.GET)
    if not form.is_valid():
        problems = "; ".join(f"{name}: {' '.join(str(error) for error in errors)}"
                             for name, errors in form.errors.items())
        return HttpResponse(problems, status=400, content_type="text/plain; charset=utf-8")
    documents = search_documents(form.filters()).iterator(chunk_size=500)
    response = StreamingHttpResponse(_export_lines(documents),
                                     content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="documents-{stamp}.csv"'
    return response


@manager_required
@require_http_methods(["GET", "POST"])
def seller_settings(request: HttpRequest) -> HttpResponse:
    profile = seller_profile()
    form = SellerProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            update_seller_profile(form.cleaned_data)
        except DocumentError as refused:
            form.add_error(refused.field if refused.field in form.fields else None,
                           refused.detail)
        else:
            messages.success(request, "Seller identity saved. New documents will print it.")
            return redirect("documents_admin:seller")
    status = 400 if request.method == "POST" else 200
    return render(request, "documents/seller.html",
                  {"form": form, "missing_identity": missing_identity(profile)}, status=status)


@staff_required
@require_GET
def order_form(request: HttpRequest, order_id: int) -> HttpResponse:
    """The order form (bon de commande) of an order as a PDF, rendered on request."""
    order = access_order(order_id)
    response = HttpResponse(order_form_pdf(order), content_type="application/pdf")
    filename = f"bon-de-commande-{order.reference}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
