"""Tenant B's customers never open tenant A's devices, proofs, repairs or quotes (404), and
another customer of A does not either."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tenants.utils import tenant_context

from tenant_apps.repairs.device_actions import attach_proof_of_purchase
from tenant_apps.repairs.models import Quote
from tests.conftest import HOST_A

from .helpers import MINIMAL_PDF, at_status, new_device, new_repair, sent_quote
from .journey_helpers import signed_in_customer, terms

pytestmark = [pytest.mark.django_db, pytest.mark.isolation]


def _urls(device_id: int, repair_id: int, quote_id: int) -> list[tuple[str, str]]:
    return [
        ("get", f"/repairs/devices/{device_id}/"),
        ("get", f"/repairs/devices/{device_id}/proof/"),
        ("get", f"/repairs/devices/{device_id}/repair/"),
        ("get", f"/repairs/devices/{device_id}/repair/diagnosis/"),
        ("get", f"/repairs/{repair_id}/"),
        ("get", f"/repairs/quotes/{quote_id}/"),
        ("post", f"/repairs/quotes/{quote_id}/accept/"),
        ("post", f"/repairs/quotes/{quote_id}/decline/"),
    ]


@pytest.fixture
def repair_of_a(client_a, tenant_a):
    customer = signed_in_customer(tenant_a, client_a, "owner-a@example.test")
    with tenant_context(tenant_a):
        device = new_device(customer)
        attach_proof_of_purchase(device, SimpleUploadedFile("p.pdf", MINIMAL_PDF), name="p.pdf")
        repair = at_status(new_repair("diagnosis", device), "diagnosing")
        quote = sent_quote(repair)
    return device, repair, quote


def test_the_owner_opens_every_page(client_a, repair_of_a):
    device, repair, quote = repair_of_a
    for method, url in _urls(device.pk, repair.pk, quote.pk)[:6]:
        response = getattr(client_a, method)(url)
        assert response.status_code in (200, 302), (url, response.status_code)
        assert "login" not in response.get("Location", "")


def test_tenant_b_gets_404_for_tenant_a_objects(client_b, tenant_a, tenant_b, repair_of_a):
    device, repair, quote = repair_of_a
    signed_in_customer(tenant_b, client_b, "owner-b@example.test")
    with tenant_context(tenant_b):
        accepted = terms()
    for method, url in _urls(device.pk, repair.pk, quote.pk):
        response = getattr(client_b, method)(url, accepted) if method == "post" else \
            client_b.get(url)
        assert response.status_code == 404, (url, response.status_code)
    with tenant_context(tenant_a):
        assert Quote.objects.get(pk=quote.pk).status == "sent"


def test_another_customer_of_a_gets_404(tenant_a, repair_of_a):
    device, repair, quote = repair_of_a
    other = Client(HTTP_HOST=HOST_A)
    signed_in_customer(tenant_a, other, "nosy@example.test")
    with tenant_context(tenant_a):
        accepted = terms()
    for method, url in _urls(device.pk, repair.pk, quote.pk):
        response = getattr(other, method)(url, accepted) if method == "post" else other.get(url)
        assert response.status_code == 404, (url, response.status_code)
    with tenant_context(tenant_a):
        assert Quote.objects.get(pk=quote.pk).status == "sent"
