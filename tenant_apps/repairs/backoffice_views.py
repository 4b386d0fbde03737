"""Repairs in the back office: the workshop's queue per status, the repair order's page, its
moves, notes, quote and parcel back to the customer.

Until outside repairers are connected, the tenant's own workshop does the work: staff receive the
device, diagnose it, write the quote, mark it repaired and ship it back. Every change goes through
the repairs actions; a refusal is shown on the page, naming its field, with its status (400/409).
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tenant_apps.backoffice.views import acting_user, staff_required
from tenants.errors import DomainError

from .actions import add_repair_note, transition_repair_order
from .backoffice_forms import (
    NoteForm,
    QueueFilterForm,
    ShipBackForm,
    TransitionForm,
    filled_rows,
    quote_formset,
)
from .errors import QuoteError, RepairError
from .models import Quote, RepairOrder, RepairPhoto
from .notifications import (
    OUTBOUND_LEG,
    SHIPPING_MODULE,
    customer_phone,
    notify_customer,
    optional_function,
    repair_shipments,
)
from .quote_actions import create_quote, send_quote, set_quote_lines
from .selectors import staff_targets
from .state import QUOTABLE_STATUSES, QuoteStatus, RepairPath, RepairStatus
from .uploads import stored_file_response

PAGE_SIZE = 50
S = RepairStatus




# --- Queue -----------------------------------------------------------------------------------

def _matching(text: str) -> QuerySet[RepairOrder]:
    repairs = RepairOrder.objects.all()
    text = text.strip()
    if text:
        repairs = repairs.filter(
            Q(reference__icontains=text) | Q(customer__user__email__icontains=text)
            | Q(customer__guest_email__icontains=text)
            | Q(device__serial_or_imei__icontains=text.replace(" ", "")))
    return repairs


@staff_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The repairs per status, with how many wait in each; oldest move first within a status."""
    form = QueueFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "repairs/backoffice/queue.html", {"form": form, "page": None},
                      status=400)
    status, repairs = form.cleaned_data["status"], _matching(form.cleaned_data["q"])
    counts = dict(repairs.order_by().values_list("status").annotate(count=Count("id")))
    if status:
        repairs = repairs.filter(status=status).order_by("updated_at", "id")
    listed = repairs.select_related("customer__user", "device__category", "device__brand",
                                    "device__device_model")
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    tabs = [(value, label, counts.get(value, 0)) for value, label in RepairStatus.choices]
    return render(request, "repairs/backoffice/queue.html", {
        "form": form, "page": page, "tabs": tabs, "status": status,
        "total": sum(counts.values()), "q": form.cleaned_data["q"]})


# --- The repair order's page -----------------------------------------------------------------

def _repair(repair_id: int) -> RepairOrder:
    repair = (RepairOrder.objects.select_related(
        "customer__user", "device__category", "device__brand", "device__device_model",
        "package", "order").filter(pk=repair_id).first())
    if repair is None:
        raise Http404("No such repair order.")
    return repair


def _can_quote(repair: RepairOrder) -> bool:
    return repair.path != RepairPath.PACKAGE and repair.status in QUOTABLE_STATUSES


def _can_ship_back(repair: RepairOrder) -> bool:
    if repair.path == RepairPath.ON_SITE:
        return False
    return repair.status in (S.REPAIRED, S.RETURNING)


def _offered_targets(repair: RepairOrder, quotes: list[Quote]) -> list[RepairStatus]:
    """The moves offered as buttons: shipping back is the parcel form's (it hands the device to
    a carrier), and a quote awaiting its answer ends only with that answer."""
    if any(quote.status == QuoteStatus.SENT for quote in quotes):
        return []
    return [target for target in staff_targets(repair) if target != S.SHIPPED_BACK]


def render_repair(request: HttpRequest, repair: RepairOrder, *, error: DomainError | None = None,
                  note_form: NoteForm | None = None, ship_form: ShipBackForm | None = None,
                  status: int = 200) -> HttpResponse:
    """The repair's page, with the refusal or the failed form of the request, if any."""
    quotes = list(repair.quotes.prefetch_related("lines").order_by("-version"))
    return render(request, "repairs/backoffice/detail.html", {
        "repair": repair,
        "events": list(repair.events.all()),
        "notes": list(repair.notes.all()),
        "photos": list(repair.photos.all()),
        "quotes": quotes,
        "draft": next((quote for quote in quotes if quote.status == QuoteStatus.DRAFT), None),
        "targets": _offered_targets(repair, quotes),
        "can_quote": _can_quote(repair),
        "can_ship_back": _can_ship_back(repair),
        "shipments": repair_shipments(repair),
        "phone": customer_phone(repair),
        "error": error,
        "note_form": note_form or NoteForm(),
        "ship_form": ship_form or ShipBackForm(),
    }, status=status)


def _refused(request: HttpRequest, repair: RepairOrder, error: DomainError,
             **forms: object) -> HttpResponse:
    repair.refresh_from_db(fields=["status", "updated_at"])
    return render_repair(request, repair, error=error, status=error.status or 400,
                         **forms)  # type: ignore[arg-type]


@staff_required
@require_GET
def detail(request: HttpRequest, repair_id: int) -> HttpResponse:
    return render_repair(request, _repair(repair_id))


@staff_required
@require_POST
def transition(request: HttpRequest, repair_id: int) -> HttpResponse:
    repair = _repair(repair_id)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return _refused(request, repair, RepairError("Choose a known status.",
                                                     code="invalid_status", field="status"))
    target = form.cleaned_data["status"]
    try:
        if target == S.SHIPPED_BACK:
            raise RepairError("Ship the device back with its parcel below.",
                              code="ship_with_parcel", field="status", status=409)
        transition_repair_order(repair, target, actor_email=acting_user(request).email)
    except DomainError as refused:
        return _refused(request, repair, refused)
    messages.success(request, f"Repair {repair.reference} is now {repair.get_status_display()}.")
    return redirect("repairs_admin:detail", repair_id=repair.pk)


@staff_required
@require_POST
def note(request: HttpRequest, repair_id: int) -> HttpResponse:
    repair = _repair(repair_id)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return render_repair(request, repair, note_form=form, status=400)
    try:
        add_repair_note(repair, form.cleaned_data["text"], author=acting_user(request))
    except RepairError as refused:
        form.add_error("text", refused.detail)
        return render_repair(request, repair, note_form=form, status=refused.status or 400)
    messages.success(request, "Note added.")
    return redirect("repairs_admin:detail", repair_id=repair.pk)


# --- Files served to staff -------------------------------------------------------------------

@staff_required
@require_GET
def photo(request: HttpRequest, repair_id: int, photo_id: int) -> HttpResponse:
    found = RepairPhoto.objects.filter(pk=photo_id, repair_order_id=repair_id).first()
    if found is None:
        raise Http404("No such photo.")
    return stored_file_response(found.image, found.content_type, f"photo-{found.pk}")


@staff_required
@require_GET
def proof(request: HttpRequest, repair_id: int) -> HttpResponse:
    device = _repair(repair_id).device
    if not device.proof_of_purchase:
        raise Http404("No proof of purchase.")
    return stored_file_response(device.proof_of_purchase, device.proof_content_type,
                          f"proof-of-purchase-{device.pk}")


# --- Quote -----------------------------------------------------------------------------------

def _editor_lines(repair: RepairOrder, draft: Quote | None) -> list:  # type: ignore[type-arg]
    """What the editor starts from: the draft, else the quote out (a revision), else nothing."""
    source = draft or repair.quotes.filter(status__in=(
        QuoteStatus.SENT, QuoteStatus.EXPIRED, QuoteStatus.DECLINED)).order_by("-version").first()
    return list(source.lines.all()) if source is not None else []


def _render_quote(request: HttpRequest, repair: RepairOrder, formset, draft: Quote | None,  # type: ignore[no-untyped-def]
                  *, error: DomainError | None = None, status: int = 200) -> HttpResponse:
    return render(request, "repairs/backoffice/quote.html", {
        "repair": repair, "formset": formset, "draft": draft, "error": error,
        "revision": repair.quotes.exclude(status=QuoteStatus.DRAFT).exists(),
    }, status=status)


def _place_error(formset, rows: list[int], error: DomainError) -> bool:  # type: ignore[no-untyped-def]
    """Put a line's refusal ("lines.2.unit_net") on its row's field; False if not a line's."""
    parts = (error.field or "").split(".")
    if len(parts) != 3 or parts[0] != "lines" or not parts[1].isdigit():
        return False
    index = int(parts[1])
    if index >= len(rows) or parts[2] not in formset.forms[rows[index]].fields:
        return False
    formset.forms[rows[index]].add_error(parts[2], error.detail)
    return True


@staff_required
@require_http_methods(["GET", "POST"])
def quote(request: HttpRequest, repair_id: int) -> HttpResponse:
    """Write the quote: save the lines as a draft, or save and send it to the customer."""
    repair = _repair(repair_id)
    if not _can_quote(repair):
        return _refused(request, repair, QuoteError(
            "This repair cannot take a quote now.", code="not_quotable", field="repair_order",
            status=409))
    draft = repair.quotes.filter(status=QuoteStatus.DRAFT).first()
    if request.method == "GET":
        return _render_quote(request, repair,
                             quote_formset(lines=_editor_lines(repair, draft)), draft)
    formset = quote_formset(request.POST)
    if not formset.is_valid():
        return _render_quote(request, repair, formset, draft, status=400)
    rows = list(filled_rows(formset))
    lines = [form.line() for _, form in rows]
    actor = acting_user(request).email
    try:
        if draft is None:
            draft = create_quote(repair, lines, actor_email=actor)
        else:
            draft = set_quote_lines(draft, lines, actor_email=actor)
        if request.POST.get("action") == "send":
            _send(request, repair, draft)
    except DomainError as refused:
        if not _place_error(formset, [index for index, _ in rows], refused):
            return _render_quote(request, repair, formset, draft, error=refused,
                                 status=refused.status or 400)
        return _render_quote(request, repair, formset, draft, status=refused.status or 400)
    return redirect("repairs_admin:detail", repair_id=repair.pk)


def _send(request: HttpRequest, repair: RepairOrder, draft: Quote) -> None:
    """Send the draft (``send_quote`` tells the customer, revisions included)."""
    send_quote(draft, actor_email=acting_user(request).email)
    messages.success(request, f"Quote {draft.version} sent to the customer.")


@staff_required
@require_POST
def quote_send(request: HttpRequest, repair_id: int) -> HttpResponse:
    repair = _repair(repair_id)
    draft = repair.quotes.filter(status=QuoteStatus.DRAFT).first()
    try:
        if draft is None:
            raise QuoteError("Write the quote first.", code="no_draft", field="quote",
                             status=409)
        _send(request, repair, draft)
    except DomainError as refused:
        return _refused(request, repair, refused)
    return redirect("repairs_admin:detail", repair_id=repair.pk)


# --- Parcel back to the customer -------------------------------------------------------------

def ship_back_device(repair: RepairOrder, *, carrier: str, tracking_number: str,
                     actor_email: str) -> object:
    """Hand the device to a carrier for the customer (logistics' ``create_repair_shipment``);
    a repaired device becomes "shipped back", one coming back unrepaired stays "returning"
    (its customer hears of the parcel). One transaction: no parcel without the move."""
    create = optional_function(SHIPPING_MODULE, "create_repair_shipment")
    if create is None:
        raise RepairError("Parcels for repairs are not available yet.",
                          code="shipping_unavailable", field="carrier", status=503)
    with transaction.atomic():
        locked = RepairOrder.objects.select_for_update().get(pk=repair.pk)
        if not _can_ship_back(locked):
            raise RepairError("This repair has no device to ship back now.",
                              code="not_shippable", field="status", status=409)
        shipment = create(locked, leg=OUTBOUND_LEG, carrier=carrier,
                          tracking_number=tracking_number, actor_email=actor_email)
        # Logistics may have moved the repair itself: move it only if it has not.
        current = RepairOrder.objects.values_list("status", flat=True).get(pk=repair.pk)
        if current == S.REPAIRED:
            transition_repair_order(locked, S.SHIPPED_BACK, actor_email=actor_email)
        elif current == S.RETURNING:
            notify_customer(locked, S.RETURNING)
    return shipment


@staff_required
@require_POST
def ship_back(request: HttpRequest, repair_id: int) -> HttpResponse:
    repair = _repair(repair_id)
    form = ShipBackForm(request.POST)
    if not form.is_valid():
        return render_repair(request, repair, ship_form=form, status=400)
    try:
        ship_back_device(repair, carrier=form.cleaned_data["carrier"],
                         tracking_number=form.cleaned_data["tracking_number"].strip(),
                         actor_email=acting_user(request).email)
    except DomainError as refused:
        if refused.field in form.fields:
            form.add_error(refused.field, refused.detail)
            return _refused(request, repair, refused, ship_form=form)
        return _refused(request, repair, refused)
    messages.success(request, f"Repair {repair.reference}: the parcel is on its way.")
    return redirect("repairs_admin:detail", repair_id=repair.pk)
