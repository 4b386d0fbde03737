"""Uploads are recognised by their content: proofs of purchase and photos of the fault."""

import io

import pytest
from django.core.files.storage import default_storage
from django_tenants.utils import tenant_context

from tenant_apps.repairs.actions import MAX_PHOTOS, add_repair_photo
from tenant_apps.repairs.device_actions import attach_proof_of_purchase
from tenant_apps.repairs.errors import RepairError, UploadRefused, UploadTooLarge
from tenant_apps.repairs.models import Device, RepairPhoto
from tenant_apps.repairs.uploads import PHOTO_KINDS, PROOF_KINDS, check_upload

from .helpers import MINIMAL_PDF, image_bytes, new_device, new_repair

PNG = image_bytes("PNG")
JPEG = image_bytes("JPEG")
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def check(data: bytes, name: str, **options):
    return check_upload(io.BytesIO(data), name=name, field="proof_of_purchase", **options)


@pytest.mark.parametrize(("data", "name", "content_type"), [
    (MINIMAL_PDF, "invoice.pdf", "application/pdf"),
    (PNG, "receipt.PNG", "image/png"),
    (JPEG, "receipt.jpg", "image/jpeg"),
    (JPEG, "receipt.jpeg", "image/jpeg"),
])
def test_real_files_are_accepted_under_a_random_name(data, name, content_type):
    checked = check(data, name)
    assert checked.content_type == content_type
    assert checked.file.read() == data
    stored_name = checked.file.name or ""
    assert "receipt" not in stored_name and "invoice" not in stored_name
    assert len(stored_name.split(".")[0]) == 32


@pytest.mark.parametrize(("data", "name", "code"), [
    (HTML, "invoice.pdf", "invalid_upload"),                      # an HTML page named .pdf
    (b"%PDF-1.4\n" + HTML + b"\n%%EOF", "invoice.pdf", "unsafe_content"),
    (PNG + HTML, "receipt.png", "unsafe_content"),                # HTML appended
    (PNG[:16] + HTML + PNG[16:], "receipt.png", "unsafe_content"),  # HTML after the header
    (PNG + b"trailing bytes", "receipt.png", "unreadable"),      # anything after the last chunk
    (PNG[:-30], "receipt.png", "unreadable"),                     # truncated
    (b"%PDF-1.4\nno end marker", "invoice.pdf", "unreadable"),
    (b"\xff\xd8\xff" + b"\x00" * 64, "receipt.jpg", "unreadable"),  # a JPEG header, no image
    (PNG, "receipt.pdf", "extension_mismatch"),                   # the name lies
    (MINIMAL_PDF, "invoice.png", "extension_mismatch"),
    (PNG, "receipt", "extension_mismatch"),
    (b"GIF89a" + b"\x00" * 32, "receipt.gif", "invalid_upload"),
    (b"", "invoice.pdf", "empty_file"),
])
def test_impostors_are_refused_naming_the_field(data, name, code):
    with pytest.raises(UploadRefused) as refused:
        check(data, name)
    assert (refused.value.code, refused.value.field) == (code, "proof_of_purchase")


def test_an_oversized_file_is_refused_before_it_is_parsed():
    with pytest.raises(UploadTooLarge) as refused:
        check(MINIMAL_PDF + b"%" * 2048, "invoice.pdf", max_bytes=1024)
    assert (refused.value.code, refused.value.field) == ("file_too_large", "proof_of_purchase")


def test_photos_are_images_only():
    assert PHOTO_KINDS < PROOF_KINDS
    with pytest.raises(UploadRefused):
        check(MINIMAL_PDF, "photo.pdf", kinds=PHOTO_KINDS)


@pytest.mark.django_db
def test_the_proof_is_stored_under_the_tenants_prefix(tenant_a):
    with tenant_context(tenant_a):
        device = new_device()
        attach_proof_of_purchase(device, io.BytesIO(PNG), name="my receipt.png")
        stored = Device.objects.get(pk=device.pk)
        name = stored.proof_of_purchase.name
        try:
            assert name.startswith(f"{tenant_a.schema_name}/repairs/proofs/")
            assert name.endswith(".png") and "receipt" not in name
            assert stored.proof_content_type == "image/png"
            with default_storage.open(name) as stored_file:
                assert stored_file.read() == PNG
        finally:
            default_storage.delete(name)


@pytest.mark.django_db
def test_a_refused_proof_changes_nothing(tenant_a):
    with tenant_context(tenant_a):
        device = new_device()
        with pytest.raises(UploadRefused):
            attach_proof_of_purchase(device, io.BytesIO(PNG + HTML), name="receipt.png")
        stored = Device.objects.get(pk=device.pk)
    assert (stored.proof_of_purchase.name, stored.proof_content_type) == ("", "")


@pytest.mark.django_db
def test_photos_of_the_fault_are_checked_and_capped(tenant_a):
    with tenant_context(tenant_a):
        repair = new_repair("diagnosis")
        names = []
        try:
            for _ in range(MAX_PHOTOS):
                names.append(add_repair_photo(repair, io.BytesIO(JPEG), name="a.jpg").image.name)
            with pytest.raises(RepairError) as too_many:
                add_repair_photo(repair, io.BytesIO(JPEG), name="a.jpg")
            with pytest.raises(UploadRefused) as html:
                add_repair_photo(repair, io.BytesIO(HTML), name="a.jpg")
            assert RepairPhoto.objects.filter(repair_order=repair).count() == MAX_PHOTOS
            assert all(n.startswith(f"{tenant_a.schema_name}/repairs/photos/") for n in names)
        finally:
            for name in names:
                default_storage.delete(name)
    assert too_many.value.code == "too_many_photos"
    assert html.value.field == "photo"
