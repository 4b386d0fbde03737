"""Document PDFs for their buyer: the signed-in owner, or a guest holding the order's token.

Staff may use the same signed-in URL. Missing and forbidden documents are the same 404.
"""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from .models import IssuedDocument
from .rendering import pdf_is_stored, render_document_pdf
from .selectors import access_document, access_document_by_token


def pdf_response(document: IssuedDocument) -> HttpResponse:
    """The stored PDF, rendered first if its task has not run yet. A document's PDF is a few
    dozen kilobytes: read whole, so the file is closed before the response leaves."""
    if not pdf_is_stored(document):
        document = render_document_pdf(document.pk)
    with document.pdf.open("rb") as pdf:
        content = pdf.read()
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, document.filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def download(request: HttpRequest, document_id: int) -> HttpResponseBase:
    if not request.user.is_authenticated:
        query = urlencode({"next": request.path})
        return redirect(f"{reverse('accounts:login')}?{query}")
    return pdf_response(access_document(request.user, document_id))


@require_GET
def guest_download(request: HttpRequest, token: str, document_id: int) -> HttpResponseBase:
    return pdf_response(access_document_by_token(token, document_id))
