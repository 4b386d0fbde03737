"""Shipments in the back office: staff ship an order with a tracking number and follow parcels.

The forms sit on the order detail page; a refusal renders that page again with the reason.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from tenant_apps.backoffice.views import staff_required
from tenant_apps.commerce.order_selectors import access_order
from tenant_apps.commerce.order_views import render_order_detail, staff_email
from tenants.errors import DomainError

from .actions import create_shipment, transition_shipment
from .forms import ShipmentForm, ShipmentTransitionForm
from .selectors import access_shipment


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
                                   actor_email=staff_email(request))
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
                                actor_email=staff_email(request))
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
        return redirect("orders:list")
    return redirect("orders:detail", order_id=order.pk)
