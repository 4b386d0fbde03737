"""PDFs of documents and order forms: HTML templates rendered by WeasyPrint.

A document's PDF is rendered once, stored under the tenant's prefix of the default storage and
kept: rendering again is a no-op. Order forms are not issued documents: rendered on request,
never stored.
"""

import base64
import logging
import mimetypes
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from tenant_apps.commerce.order_models import Order
from tenants.mail import current_brand

from .content import buyer_of, order_lines, vat_breakdown, vat_mentions
from .models import IssuedDocument
from .seller import seller_snapshot

logger = logging.getLogger(__name__)


# The only resources a PDF may load: the inlined logo and barcodes (``data:`` URLs). Never the
# network (an address in a template or a brand field would make the server fetch it) nor the
# server's files (``file:``, which a relative URL would resolve to).
ALLOWED_URL_SCHEMES = frozenset({"data"})


def html_to_pdf(html: str) -> bytes:
    # Imported here: loading WeasyPrint parses its stylesheets, which only renderers need.
    import weasyprint

    fetcher = weasyprint.URLFetcher(allowed_protocols=ALLOWED_URL_SCHEMES, allow_redirects=False)
    return bytes(weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf())


def _logo_data_uri() -> str:
    """The brand's logo inlined (WeasyPrint cannot read our tenant storage by URL)."""
    brand = current_brand()
    if brand is None or not brand.logo:
        return ""
    try:
        with brand.logo.open("rb") as logo:
            content = logo.read()
    except OSError:
        logger.warning("Logo of %s unreadable; documents render without it.", brand.display_name)
        return ""
    content_type = mimetypes.guess_type(brand.logo.name or "")[0] or "image/png"
    return f"data:{content_type};base64,{base64.b64encode(content).decode()}"


def _page_context(**context: Any) -> dict[str, Any]:
    return {"brand": current_brand(), "logo": _logo_data_uri(), **context}


def document_html(document: IssuedDocument) -> str:
    return render_to_string("documents/pdf/document.html", _page_context(
        document=document, seller=document.seller, buyer=document.buyer))


def pdf_is_stored(document: IssuedDocument) -> bool:
    """The document has a PDF and its file is still in storage."""
    name = (document.pdf.name or "") if document.pdf else ""
    return bool(name) and document.pdf.storage.exists(name)


def render_document_pdf(document_id: int) -> IssuedDocument:
    """Render and store the document's PDF unless it already has one (a stored file that went
    missing is rendered again: the document's content never changes); returns the document."""
    with transaction.atomic():
        document = (IssuedDocument.objects.select_for_update(of=("self",))
                    .select_related("order", "credits").get(pk=document_id))
        if pdf_is_stored(document):
            return document
        pdf = html_to_pdf(document_html(document))
        document.pdf.save(document.filename, ContentFile(pdf), save=False)
        document.pdf_rendered_at = timezone.now()
        document.save(update_fields=["pdf", "pdf_rendered_at"])
    return document


def order_form_pdf(order: Order) -> bytes:
    """The order form ("bon de commande"): the order as placed, not a numbered document."""
    lines = order_lines(order.lines.all())
    return html_to_pdf(render_to_string("documents/pdf/order_form.html", _page_context(
        order=order, seller=seller_snapshot(), buyer=buyer_of(order), lines=lines,
        vat_breakdown=vat_breakdown(lines), mentions=vat_mentions(order.vat_treatment))))
