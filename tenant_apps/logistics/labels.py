"""Parcel labels: the tenant's brand, sender and recipient, references and a barcode.

Rendered from ``logistics/return_label.html``; the barcode is the shipment reference in
Code 128, drawn as inline SVG (WeasyPrint draws it as vectors: sharp at any printer's resolution).
"""

from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from tenants.mail import current_brand

from .addresses import parties
from .barcode import code128b_svg
from .models import Shipment


def label_context(shipment: Shipment) -> dict[str, Any]:
    sender, recipient = parties(shipment)
    return {
        "brand": current_brand(),
        "shipment": shipment,
        "repair": shipment.repair_order,
        "sender": sender,
        "recipient": recipient,
        "is_return": shipment.is_inbound,
        # Safe: built from the escaped reference and numbers only (barcode.py).
        "barcode": mark_safe(code128b_svg(shipment.reference)),  # noqa: S308
    }


def label_html(shipment: Shipment) -> str:
    return render_to_string("logistics/return_label.html", label_context(shipment))
