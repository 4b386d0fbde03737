"""Shipments in the back office: staff ship an order with a tracking number and follow parcels.

The order forms sit on the order detail page; a refusal renders that page again with the reason.
``/backoffice/shipments/`` lists recent parcels (orders' and repairs'), where staff may play the
next tracking step of a demo parcel at once instead of waiting for the scheduled run.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from tenant_apps.backoffice.views import acting_user, staff_required
from tenant_apps.commerce.order_selectors import access_order
from tenant_apps.commerce.order_views import render_order_detail
from tenants.errors import DomainError

from .actions import create_shipment, transition_shipment
from .forms import AdvanceForm, ShipmentForm, ShipmentTransitionForm
from .selectors import access_shipment, recent_shipments
from .simulation import advance_simulated_shipment, is_travelling
from .state import allowed_targets


def _back(request: HttpRequest) -> str:
    """Where a shipment form returns: the page it came from (``next``), else the parcel list."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return reverse("logistics:list")


@staff_required
@require_POST
def shipment_create(request: HttpRequest, order_id: int) -> HttpResponse:
    order = access_order(order_id)
    form = ShipmentForm(request.POST)
    if not form.is_valid():
        return render_order_detail(request, order, shipment_form=form, status=400)
    try:
        shipment = create_shipment(order, carrier=form.cleaned_data["carrier"],
                                   tracking_number=form.cleaned_data["tracking_number"],
                                   actor_email=acting_user(request).email)
    except DomainError as refused:
        if refused.field in form.fields:
            form.add_error(refused.field, refused.detail)
            return render_order_detail(request, order, shipment_form=form,
                                       status=refused.status or 400)
        return render_order_detail(request, order, shipment_form=form,
                                   shipment_error=refused, status=refused.status or 400)
    messages.success(request, f"Order {order.reference} shipped with {shipment.carrier_label} "
                              f"{shipment.tracking_number}; the customer was told.")
    return redirect("orders:detail", order_id=order.pk)


@staff_required
@require_POST
def shipment_transition(request: HttpRequest, shipment_id: int) -> HttpResponse:
    shipment = access_shipment(shipment_id)
    form = ShipmentTransitionForm(request.POST)
    order = access_order(shipment.order_id) if shipment.order_id else None
    refusal: DomainError | None = None
    if not form.is_valid():
        refusal = DomainError("Choose a known status.", code="invalid_status", field="status",
                              status=400)
    else:
        try:
            transition_shipment(shipment, form.cleaned_data["status"],
                                actor_email=acting_user(request).email)
        except DomainError as refused:
            refusal = refused
    if refusal is not None:
        if order is None:
            return HttpResponse(refusal.detail, status=refusal.status or 400,
                                content_type="text/plain; charset=utf-8")
        return render_order_detail(request, order, shipment_error=refusal,
                                   status=refusal.status or 400)
    messages.success(request, f"Shipment {shipment.tracking_number} is now "
                              f"{shipment.get_status_display().lower()}.")
    if order is None:
        return redirect(_back(request))
    return redirect("orders:detail", order_id=order.pk)


@staff_required
@require_GET
def shipment_list(request: HttpRequest) -> HttpResponse:
    rows = [(shipment, is_travelling(shipment), allowed_targets(shipment.status))
            for shipment in recent_shipments()]
    return render(request, "logistics/backoffice_list.html", {"rows": rows})


@staff_required
@require_POST
def shipment_advance(request: HttpRequest, shipment_id: int) -> HttpResponse:
    """Play the next tracking step of a demo parcel now (``step``: the step it is at)."""
    shipment = access_shipment(shipment_id)
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        return HttpResponse("Say which step the parcel is at.", status=400,
                            content_type="text/plain; charset=utf-8")
    if not is_travelling(shipment):
        return HttpResponse("Only a demo parcel still on its way moves by itself.", status=409,
                            content_type="text/plain; charset=utf-8")
    if advance_simulated_shipment(shipment, expected_step=form.cleaned_data["step"]):
        latest = shipment.events.order_by("-occurred_at", "-id").first()
        messages.success(request, f"Shipment {shipment.reference}: "
                                  f"{latest.message if latest else shipment.status}")
    else:
        messages.info(request, f"Shipment {shipment.reference} had already moved on.")
    return redirect(_back(request))
