"""The customer's side of shipping: the return label of a repair parcel, as a PDF.

Served to the signed-in owner of the repair and to staff; anyone else (another customer, another
tenant's id) gets the same 404 as for a missing shipment.
"""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from .repair_shipping import inbound_label_pdf
from .selectors import access_label_shipment


@require_GET
def label(request: HttpRequest, shipment_id: int) -> HttpResponseBase:
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.path})}")
    shipment = access_label_shipment(request.user, shipment_id)
    response = HttpResponse(inbound_label_pdf(shipment), content_type="application/pdf")
    filename = f"label-{shipment.reference}.pdf"
    response["Content-Disposition"] = content_disposition_header(False, filename) or "inline"
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
