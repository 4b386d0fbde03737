"""The customer's devices: registering one (catalogue or typed), its proof of purchase checked on
upload and served only to its owner and staff, as an attachment that is never sniffed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.catalog.models import Brand, DeviceModel
from tenant_apps.repairs.models import Device
from tests.catalog.helpers import category
from tests.conftest import HOST_A, make_user

from .helpers import MINIMAL_PDF, image_bytes
from .journey_helpers import pdf_upload, signed_in_customer

pytestmark = pytest.mark.django_db


def _phone_model():
    phone = category("phone")
    brand = Brand.objects.create(name="Apple", slug="apple")
    return phone, DeviceModel.objects.create(category=phone, brand=brand, name="iPhone 13")


def test_a_customer_registers_a_catalogue_phone_with_its_proof(client_a, tenant_a):
    customer = signed_in_customer(tenant_a, client_a, "dora@example.test")
    with tenant_context(tenant_a):
        phone, model = _phone_model()
    # when
    response = client_a.post("/repairs/devices/new/", {
        "category": phone.pk, "device_model": model.pk, "serial_or_imei": "SN-12345",
        "purchase_date": "2026-01-15", "proof_of_purchase": pdf_upload()})
    # then
    assert response.status_code == 302, response.content
    with tenant_context(tenant_a):
        device = Device.objects.get(customer=customer)
        assert response["Location"] == f"/repairs/devices/{device.pk}/"
        assert (device.brand.name, device.device_model, device.serial_or_imei) == (
            "Apple", model, "SN-12345")
        assert device.proof_content_type == "application/pdf"
        assert device.proof_of_purchase.name.endswith(".pdf")
        assert "receipt" not in device.proof_of_purchase.name  # never the customer's name
    listing = client_a.get("/repairs/")
    assert listing.status_code == 200 and b"Apple iPhone 13" in listing.content
    page = client_a.get(f"/repairs/devices/{device.pk}/")
    assert page.status_code == 200 and b'id="proof-link"' in page.content
    assert b'id="get-repaired"' in page.content


def test_a_typed_brand_and_model_without_proof(client_a, tenant_a):
    customer = signed_in_customer(tenant_a, client_a, "typed@example.test")
    with tenant_context(tenant_a):
        phone = category("phone")
    response = client_a.post("/repairs/devices/new/", {
        "category": phone.pk, "brand_name": "Fairphone", "model_name": "5"})
    assert response.status_code == 302
    with tenant_context(tenant_a):
        device = Device.objects.get(customer=customer)
        assert str(device) == "Fairphone 5" and not device.proof_of_purchase


@pytest.mark.parametrize(("name", "content", "code"), [
    ("invoice.pdf", b"<html><script>alert(1)</script></html>", "Upload a"),
    ("photo.pdf", image_bytes("PNG"), "does not match"),
])
def test_a_refused_proof_is_named_on_the_form_and_nothing_is_kept(client_a, tenant_a, name,
                                                                  content, code):
    customer = signed_in_customer(tenant_a, client_a, "bad@example.test")
    with tenant_context(tenant_a):
        phone = category("phone")
    response = client_a.post("/repairs/devices/new/", {
        "category": phone.pk, "brand_name": "Acme", "model_name": "X",
        "proof_of_purchase": SimpleUploadedFile(name, content, content_type="application/pdf")})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-field="proof_of_purchase"' in page and code in page
    with tenant_context(tenant_a):
        assert not Device.objects.filter(customer=customer).exists()


def test_an_invalid_imei_is_named_on_its_field(client_a, tenant_a):
    signed_in_customer(tenant_a, client_a, "imei@example.test")
    with tenant_context(tenant_a):
        phone = category("phone")
    response = client_a.post("/repairs/devices/new/", {
        "category": phone.pk, "serial_or_imei": "490154203237519"})
    assert response.status_code == 400
    assert b'data-field="serial_or_imei"' in response.content


def _device_with_proof(tenant, client, email, content=MINIMAL_PDF, name="proof.pdf"):
    signed_in_customer(tenant, client, email)
    with tenant_context(tenant):
        phone = category("phone")
    client.post("/repairs/devices/new/", {
        "category": phone.pk, "brand_name": "Acme", "model_name": "X",
        "proof_of_purchase": SimpleUploadedFile(name, content)})
    with tenant_context(tenant):
        return Device.objects.get(customer__user__email=email)


def test_the_proof_is_served_to_its_owner_and_staff_only_never_sniffed(client_a, tenant_a):
    device = _device_with_proof(tenant_a, client_a, "owner@example.test",
                                content=image_bytes("PNG"), name="scan.png")
    url = f"/repairs/devices/{device.pk}/proof/"
    # the owner
    response = client_a.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content == image_bytes("PNG")
    # staff of the store
    staff = make_user(tenant_a, "desk@alpha.test", Role.COUNTER_STAFF)
    staff_client = Client(HTTP_HOST=HOST_A)
    with tenant_context(tenant_a):
        staff_client.force_login(staff)
    assert staff_client.get(url).status_code == 200
    assert staff_client.get(f"/repairs/devices/{device.pk}/").status_code == 200
    # another customer, and a visitor
    other = Client(HTTP_HOST=HOST_A)
    signed_in_customer(tenant_a, other, "other@example.test")
    assert other.get(url).status_code == 404
    assert other.get(f"/repairs/devices/{device.pk}/").status_code == 404
    anonymous = Client(HTTP_HOST=HOST_A).get(url)
    assert anonymous.status_code == 302 and "/account/login/" in anonymous["Location"]


def test_staff_cannot_register_devices_for_themselves(tenant_a):
    staff = make_user(tenant_a, "boss2@alpha.test", Role.MANAGER)
    client = Client(HTTP_HOST=HOST_A)
    with tenant_context(tenant_a):
        client.force_login(staff)
    response = client.get("/repairs/devices/new/")
    assert response.status_code == 302 and response["Location"] == "/repairs/"
    assert b'id="staff-note"' in client.get("/repairs/").content
