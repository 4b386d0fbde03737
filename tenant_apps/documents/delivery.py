"""E-mailing a document to its buyer: the tenant's branded message with the PDF attached.

``tenants.mail.send_branded_email`` queues a message without attachments; this builds the same
branded message (``render_branded_email``) and attaches the PDF. Sent once: ``email_sent_at``
is set in the transaction that holds the document's row, so a second run sends nothing.
"""

from django.db import transaction
from django.urls import reverse

from tenants.context import current_tenant
from tenants.mail import render_branded_email
from tenants.urls import tenant_url

from .actions import mark_email_sent
from .models import IssuedDocument

TENANT_URLCONF = "config.urls_tenant"
PDF = "application/pdf"


def document_link(document: IssuedDocument) -> str:
    """The download link a guest can open: it carries the order's token."""
    path = reverse("documents:guest_download", urlconf=TENANT_URLCONF, kwargs={
        "token": document.order.public_token, "document_id": document.pk})
    tenant = current_tenant()
    return tenant_url(tenant, path) if tenant is not None else path


def email_template(document: IssuedDocument) -> str:
    return "refund" if document.is_credit_note else "payment_received"


def send_document_email(document_id: int) -> bool:
    """Send the document to the order's e-mail address; False when already sent (or no PDF)."""
    with transaction.atomic():
        document = (IssuedDocument.objects.select_for_update(of=("self",))
                    .select_related("order").get(pk=document_id))
        if document.email_sent_at is not None or not document.pdf:
            return False
        order = document.order
        message = render_branded_email(email_template(document), {
            "document": document, "order": order, "name": document.buyer.get("name", ""),
            "link": document_link(document), "amount": abs(document.total_gross),
        })
        message.to = [order.email]
        with document.pdf.open("rb") as pdf:
            message.attach(document.filename, pdf.read(), PDF)
        message.send()
        mark_email_sent(document)
    return True
