"""Review: PDFs never load anything but inlined data, hostile buyer text prints as text, and a
guest link with a malformed token is a 404."""

import base64
import http.server
import io
import threading

import pytest
from django.test import Client
from django.urls import reverse
from django_tenants.utils import tenant_context
from pypdf import PdfReader

from tenant_apps.commerce.models import Order
from tenant_apps.documents.rendering import html_to_pdf
from tests.conftest import HOST_A
from tests.documents.orders import make_order, pay, pdf_text

pytestmark = pytest.mark.django_db

# A 1x1 PNG.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def _images(pdf: bytes) -> int:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    return len(page.images)


def test_a_pdf_never_reads_the_servers_files(tmp_path):
    stylesheet = tmp_path / "leak.css"
    stylesheet.write_text('body::after { content: "LEAKEDFILE"; }')
    html = ("<html><head>"
            f'<link rel="stylesheet" href="file://{stylesheet}">'
            f'<link rel="stylesheet" href="{stylesheet}">'  # relative to a base URL, if any
            "</head><body>hello</body></html>")

    text = pdf_text(html_to_pdf(html))

    assert "hello" in text
    assert "LEAKEDFILE" not in text


def test_a_pdf_never_fetches_the_network():
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(PIXEL)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        pdf = html_to_pdf(f'<html><head><link rel="stylesheet" href="{url}/style.css"></head>'
                          f'<body><img src="{url}/logo.png">'
                          f'<div style="background: url({url}/bg.png)">x</div></body></html>')
    finally:
        server.shutdown()
        server.server_close()

    assert hits == []
    assert _images(pdf) == 0


def test_an_inlined_logo_still_prints():
    logo = f"data:image/png;base64,{base64.b64encode(PIXEL).decode()}"

    pdf = html_to_pdf(f'<html><body><img src="{logo}" style="width:10mm"></body></html>')

    assert _images(pdf) == 1


def test_markup_in_a_buyers_name_and_address_prints_as_text(tenant_a):
    order = make_order(tenant_a, "guest")
    with tenant_context(tenant_a):
        Order.objects.filter(pk=order.pk).update(
            billing_name='<img src="http://127.0.0.1:9/x.png"><b>Bold</b>',
            billing_street="</section><h1>INJECTED</h1>")
        order.refresh_from_db()
    document = pay(tenant_a, order)

    response = Client(HTTP_HOST=HOST_A).get(reverse(
        "documents:guest_download",
        kwargs={"token": order.public_token, "document_id": document.pk}))

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    text = pdf_text(response.content)
    assert '<img src="http://127.0.0.1:9/x.png"><b>Bold</b>' in text
    assert "</section><h1>INJECTED</h1>" in text
    assert _images(response.content) == 0


@pytest.mark.parametrize("token", ["%00", "a%00b", "x" * 300])
def test_a_malformed_guest_token_is_a_404_not_a_500(tenant_a, token):
    order = make_order(tenant_a, "guest")
    document = pay(tenant_a, order)

    response = Client(HTTP_HOST=HOST_A).get(f"/documents/{token}/{document.pk}/pdf/")

    assert response.status_code == 404
