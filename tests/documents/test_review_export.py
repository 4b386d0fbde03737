"""Review: the register's CSV defuses formulas in what buyers typed, and a document's PDF lives
under its tenant's prefix, out of reach of another tenant."""

import csv
import io

import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.test import Client
from django.urls import reverse
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.commerce.models import Order
from tenant_apps.documents.models import IssuedDocument
from tenant_apps.documents.rendering import render_document_pdf
from tests.conftest import HOST_A, make_user
from tests.documents.orders import make_order, pay

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("company", ['=HYPERLINK("http://evil.test","x")', "+1+1", "-2+3",
                                     "@SUM(A1)", "\t=1", "\r=1"])
def test_the_register_csv_defuses_formulas_typed_by_buyers(tenant_a, company):
    order = make_order(tenant_a, "professional")
    with tenant_context(tenant_a):
        Order.objects.filter(pk=order.pk).update(billing_company=company,
                                                 buyer_vat_number="=1+2")
        order.refresh_from_db()
    pay(tenant_a, order)
    client = Client(HTTP_HOST=HOST_A)
    with tenant_context(tenant_a):
        client.force_login(make_user(tenant_a, "rv-clerk@alpha.test", Role.COUNTER_STAFF))

    response = client.get(reverse("documents_admin:export"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    (row,) = [row for row in rows[1:] if row[3] == order.reference]
    assert row[4] == f"'{company}"
    assert row[5] == "'=1+2"


def test_a_documents_pdf_is_stored_under_its_tenant_and_unreadable_from_another(
        tenant_a, tenant_b):
    document = pay(tenant_a, make_order(tenant_a, "guest"))
    with tenant_context(tenant_a):
        name = render_document_pdf(document.pk).pdf.name
    pay(tenant_b, make_order(tenant_b, "guest"))  # B has a document with the same number

    with tenant_context(tenant_b):
        same_number = IssuedDocument.objects.get(number=document.number)
        other_name = render_document_pdf(same_number.pk).pdf.name
        stolen = IssuedDocument.objects.get(pk=same_number.pk)
        stolen.pdf.name = name
        with pytest.raises(SuspiciousFileOperation):
            stolen.pdf.open("rb")

    assert name.startswith(f"{tenant_a.schema_name}/documents/")
    assert other_name.startswith(f"{tenant_b.schema_name}/documents/")
    assert document.number in name and document.number in other_name
