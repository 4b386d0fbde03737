"""Orders in the back office: staff list, preview and read orders, move them, write notes,
export them as CSV. Parcels are added from the detail page (tenant_apps.logistics.views)."""

import csv
from collections.abc import Iterable, Iterator
from datetime import datetime
from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from tenant_apps.backoffice.views import acting_user, manager_required, staff_required
from tenant_apps.logistics.forms import ShipmentForm
from tenant_apps.logistics.selectors import order_shipments
from tenant_apps.logistics.state import allowed_targets as shipment_targets
from tenants.errors import DomainError

from .errors import OrderError
from .order_actions import add_note, transition_order
from .order_forms import NoteForm, OrderFilterForm, TransitionForm
from .order_models import Order
from .order_selectors import access_order, export_rows, order_detail, search_orders
from .order_state import OrderStatus, allowed_targets

PAGE_SIZE = 50
# Statuses an order only reaches once its payments cover it (refunded ones are shown as such).
SETTLED_STATUSES = frozenset({OrderStatus.PAID, OrderStatus.PROCESSING, OrderStatus.SHIPPED,
                              OrderStatus.DELIVERED, OrderStatus.COMPLETED})




@staff_required
@require_http_methods(["GET"])
def order_list(request: HttpRequest) -> HttpResponse:
    form = OrderFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "orders/list.html", {"form": form, "page": None}, status=400)
    preview_id = form.cleaned_data["preview"]
    if preview_id is not None:
        order = access_order(preview_id)
        return render(request, "orders/_preview.html", {
            "detail": order_detail(order), "settled_statuses": SETTLED_STATUSES})
    page = Paginator(search_orders(form.filters()), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "orders/list.html", {
        "form": form, "page": page, "settled_statuses": SETTLED_STATUSES,
        "export_query": _filter_query(request)})


def _filter_query(request: HttpRequest) -> str:
    """The list's filters, to carry over to the export link."""
    query = request.GET.copy()
    for name in ("page", "preview"):
        query.pop(name, None)
    return query.urlencode()


def render_order_detail(request: HttpRequest, order: Order, *, note_form: NoteForm | None = None,
                        shipment_form: ShipmentForm | None = None, error: str = "",
                        shipment_error: DomainError | None = None,
                        status: int = 200) -> HttpResponse:
    """The order page, with the forms and refusal of the request that failed, if any."""
    shipments = order_shipments(order)
    return render(request, "orders/detail.html", {
        "detail": order_detail(order),
        # Staff are never offered "paid" or "refunded": those follow the payments.
        "targets": allowed_targets(order.status),
        "note_form": note_form or NoteForm(),
        "error": error,
        "shipments": [(shipment, shipment_targets(shipment.status)) for shipment in shipments],
        "can_ship": order.status == OrderStatus.PROCESSING,
        "shipment_form": shipment_form or ShipmentForm(),
        "shipment_error": shipment_error,
    }, status=status)


@staff_required
@require_http_methods(["GET"])
def order_detail_page(request: HttpRequest, order_id: int) -> HttpResponse:
    return render_order_detail(request, access_order(order_id))


@staff_required
@require_POST
def order_transition(request: HttpRequest, order_id: int) -> HttpResponse:
    order = access_order(order_id)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return render_order_detail(request, order, error="Choose a known status.", status=400)
    try:
        transition_order(order, form.cleaned_data["status"], actor_email=acting_user(request).email)
    except OrderError as refused:
        return render_order_detail(request, order, error=refused.detail,
                                   status=refused.status or 400)
    messages.success(request, f"Order {order.reference} is now {order.get_status_display()}.")
    return redirect("orders:detail", order_id=order.pk)


@staff_required
@require_POST
def order_note(request: HttpRequest, order_id: int) -> HttpResponse:
    order = access_order(order_id)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return render_order_detail(request, order, note_form=form, status=400)
    try:
        add_note(order, form.cleaned_data["text"], author_email=acting_user(request).email)
    except OrderError as refused:
        form.add_error("text", refused.detail)
        return render_order_detail(request, order, note_form=form, status=refused.status or 400)
    messages.success(request, "Note added.")
    return redirect("orders:detail", order_id=order.pk)


# --- CSV export ------------------------------------------------------------------------------

EXPORT_HEADER = ("Reference", "Placed at", "Status", "Customer", "E-mail", "VAT status",
                 "Total excl. VAT", "VAT", "Total incl. VAT", "Currency", "Delivery method",
                 "Tracking numbers")
# A spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """The value as text a spreadsheet shows as text: formulas are defused with a quote."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        text = timezone.localtime(value).isoformat(timespec="seconds")
    elif isinstance(value, Decimal):
        text = f"{value:.2f}"
    else:
        text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file-like object whose write() returns the line: csv.writer feeds the stream."""

    def write(self, value: str) -> str:
        return value


def _joined(values: object) -> str:
    return " ".join(str(value) for value in values) if isinstance(values, list) else ""


def _export_lines(rows: Iterable[tuple[object, ...]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # the BOM lets spreadsheet programs read the file as UTF-8
    yield writer.writerow(EXPORT_HEADER)
    statuses, vat_statuses = dict(OrderStatus.choices), dict(Order._meta.get_field(
        "vat_status").choices or [])
    for (reference, placed_at, status, customer_name, email, vat_status, net, tax, gross,
         currency, delivery_label, delivery_method, tracking_numbers) in rows:
        yield writer.writerow([csv_cell(value) for value in (
            reference, placed_at, statuses.get(str(status), status), customer_name, email,
            vat_statuses.get(vat_status, vat_status), net, tax, gross, currency,
            delivery_label or delivery_method, _joined(tracking_numbers))])


@manager_required
@require_http_methods(["GET"])
def order_export(request: HttpRequest) -> HttpResponseBase:
    """Every order matching the list's filters as CSV, streamed from one database cursor."""
    form = OrderFilterForm(request.GET)
    if not form.is_valid():
        problems = "; ".join(f"{name}: {' '.join(str(error) for error in errors)}"
                             for name, errors in form.errors.items())
        return HttpResponse(problems, status=400, content_type="text/plain; charset=utf-8")
    rows = export_rows(form.filters()).iterator(chunk_size=500)
    response = StreamingHttpResponse(_export_lines(rows), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="orders-{stamp}.csv"'
    return response
