"""A stored file that went missing (a lost volume, a bucket restored from an old backup) never
makes a download answer 500: a document's PDF is rendered again from its immutable content, an
uploaded proof answers 404."""

import pytest
from django.core.files.base import ContentFile
from django_tenants.utils import tenant_context

from tenant_apps.repairs.models import Device
from tests.documents.orders import make_order, pay
from tests.repairs.helpers import MINIMAL_PDF, new_device
from tests.repairs.journey_helpers import signed_in_customer

pytestmark = pytest.mark.django_db


def test_a_document_whose_pdf_went_missing_is_rendered_again(tenant_a, client_a,
                                                             django_capture_on_commit_callbacks):
    order = make_order(tenant_a, "guest", email="lost@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        document = pay(tenant_a, order)
    with tenant_context(tenant_a):
        document.refresh_from_db()
        assert document.pdf
        document.pdf.storage.delete(document.pdf.name)

    response = client_a.get(f"/documents/{order.public_token}/{document.pk}/pdf/")

    assert response.status_code == 200
    assert response.content[:5] == b"%PDF-"


def test_a_proof_of_purchase_that_went_missing_answers_404(tenant_a, client_a):
    customer = signed_in_customer(tenant_a, client_a, "lostproof@example.com")
    with tenant_context(tenant_a):
        device = new_device(customer)
        device.proof_of_purchase.save("proof.pdf", ContentFile(MINIMAL_PDF), save=False)
        Device.objects.filter(pk=device.pk).update(
            proof_of_purchase=device.proof_of_purchase.name, proof_content_type="application/pdf")
        device.proof_of_purchase.storage.delete(device.proof_of_purchase.name)

    response = client_a.get(f"/repairs/devices/{device.pk}/proof/")

    assert response.status_code == 404
