"""Orders in the back office: staff list, preview and read orders, move them, write notes."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tenant_apps.accounts.models import User
from tenant_apps.backoffice.views import staff_required

from .errors import OrderError
from .order_actions import add_note, transition_order
from .order_forms import NoteForm, OrderFilterForm, TransitionForm
from .order_models import Order
from .order_selectors import access_order, order_detail, search_orders
from .order_state import allowed_targets

PAGE_SIZE = 50


def _staff_email(request: HttpRequest) -> str:
    user = request.user
    if not isinstance(user, User):
        raise PermissionError("A signed-in user is required.")
    return user.email


@staff_required
@require_http_methods(["GET"])
def order_list(request: HttpRequest) -> HttpResponse:
    form = OrderFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "orders/list.html", {"form": form, "page": None}, status=400)
    preview_id = form.cleaned_data["preview"]
    if preview_id is not None:
        order = access_order(preview_id)
        return render(request, "orders/_preview.html", {"detail": order_detail(order)})
    page = Paginator(search_orders(form.filters()), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "orders/list.html", {"form": form, "page": page})


def _render_detail(request: HttpRequest, order: Order, *, note_form: NoteForm | None = None,
                   error: str = "", status: int = 200) -> HttpResponse:
    return render(request, "orders/detail.html", {
        "detail": order_detail(order),
        "targets": allowed_targets(order.status),
        "note_form": note_form or NoteForm(),
        "error": error,
    }, status=status)


@staff_required
@require_http_methods(["GET"])
def order_detail_page(request: HttpRequest, order_id: int) -> HttpResponse:
    return _render_detail(request, access_order(order_id))


@staff_required
@require_POST
def order_transition(request: HttpRequest, order_id: int) -> HttpResponse:
    order = access_order(order_id)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, order, error="Choose a known status.", status=400)
    try:
        transition_order(order, form.cleaned_data["status"], actor_email=_staff_email(request))
    except OrderError as refused:
        return _render_detail(request, order, error=refused.detail, status=refused.status or 400)
    messages.success(request, f"Order {order.reference} is now {order.get_status_display()}.")
    return redirect("orders:detail", order_id=order.pk)


@staff_required
@require_POST
def order_note(request: HttpRequest, order_id: int) -> HttpResponse:
    order = access_order(order_id)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, order, note_form=form, status=400)
    try:
        add_note(order, form.cleaned_data["text"], author_email=_staff_email(request))
    except OrderError as refused:
        form.add_error("text", refused.detail)
        return _render_detail(request, order, note_form=form, status=refused.status or 400)
    messages.success(request, "Note added.")
    return redirect("orders:detail", order_id=order.pk)
