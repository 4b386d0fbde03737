"""Review: a repair request refused in any part leaves no file behind in the tenant's storage."""

import io

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenant_apps.repairs.errors import RepairError, UploadRefused
from tenant_apps.repairs.models import RepairOrder
from tenant_apps.repairs.payment_flow import PhotoUpload, TermsAcceptance, open_paid_repair
from tenants.context import current_schema

from .helpers import image_bytes, new_device
from .journey_helpers import fees

pytestmark = pytest.mark.django_db
PHOTOS = "repairs/photos"
TERMS = TermsAcceptance("2026-11", timezone.now())


def _stored() -> set[str]:
    try:
        return set(default_storage.listdir(f"{current_schema()}/{PHOTOS}")[1])
    except FileNotFoundError:
        return set()


def _open(device, photos):  # type: ignore[no-untyped-def]
    return open_paid_repair(device, path="diagnosis", fault_description="Broken.",
                            email="files@example.test", terms=TERMS, photos=photos)


def test_a_refused_second_photo_stores_not_even_the_first(tenant_a):
    with tenant_context(tenant_a):
        fees()
        device = new_device()
        before = _stored()
        with pytest.raises(UploadRefused):
            _open(device, [PhotoUpload(io.BytesIO(image_bytes()), "good.png"),
                           PhotoUpload(io.BytesIO(b"<html>x</html>"), "bad.png")])
        assert _stored() == before
        assert not RepairOrder.objects.filter(device=device).exists()


def test_a_repair_the_store_cannot_charge_stores_no_photo(tenant_a):
    with tenant_context(tenant_a):  # no shipping fee in the catalogue
        device = new_device()
        before = _stored()
        with pytest.raises(RepairError) as refused:
            _open(device, [PhotoUpload(io.BytesIO(image_bytes()), "good.png")])
        assert refused.value.code == "fee_unavailable"
        assert _stored() == before
        assert not RepairOrder.objects.filter(device=device).exists()
