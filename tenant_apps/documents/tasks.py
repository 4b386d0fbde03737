"""Celery tasks of the documents app: thin, tenant-checked, idempotent."""

import logging

from celery import shared_task

from tenants.scheduling import assert_tenant

from .delivery import send_document_email
from .rendering import render_document_pdf

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def deliver_document(self, tenant_id: int, document_id: int) -> str:  # type: ignore[no-untyped-def]
    """Render the document's PDF (once), then e-mail it to the buyer (once)."""
    assert_tenant(tenant_id)
    render_document_pdf(document_id)
    try:
        sent = send_document_email(document_id)
    except OSError as error:
        if self.request.is_eager:
            # In-process (no broker): nobody would run a retry, and raising would fail the
            # request whose payment already committed. The PDF stays downloadable.
            logger.warning("Document %s e-mail not sent: %s", document_id, error)
            return "email_failed"
        raise self.retry(exc=error) from error
    return "sent" if sent else "already_sent"
