"""The brand page: what a manager saves is what the storefront shows, for that tenant only."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tenant_apps.accounts.models import Role
from tenants.models import Brand, TenantEvent

from .helpers import brand_form_data, staff_log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client_a, tenant_a, user_factory):
    user_factory(tenant_a, "manager@alpha.test", Role.MANAGER)
    staff_log_in(client_a, "manager@alpha.test")
    return client_a


def image_bytes(image_format: str, size: tuple[int, int] = (16, 16), noise: bool = False) -> bytes:
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, "#336699")
    buffer = io.BytesIO()
    image.save(buffer, image_format)
    return buffer.getvalue()


def test_saving_the_brand_changes_alpha_storefront_and_not_beta(
    manager_client, client_b, tenant_a
):
    data = brand_form_data(
        tenant_a, display_name="Alpha Reborn", primary_color="#123456",
        siret="732 829 320 00074", vat_number="fr40303265045", city="Lyon",
    )

    response = manager_client.post("/backoffice/brand/", data)

    assert response.status_code == 302
    brand = Brand.objects.get(tenant=tenant_a)
    assert (brand.display_name, brand.siret, brand.vat_number) == (
        "Alpha Reborn", "73282932000074", "FR40303265045")
    assert TenantEvent.objects.filter(tenant=tenant_a, kind="brand_updated").exists()
    alpha_home = manager_client.get("/").content.decode()
    beta_home = client_b.get("/").content.decode()
    assert "Alpha Reborn" in alpha_home and "--brand-primary:#123456" in alpha_home
    assert "Alpha Reborn" not in beta_home and "#123456" not in beta_home
    assert "Beta Repairs" in beta_home and "--brand-primary:#0000bb" in beta_home


def test_preview_shows_the_submitted_values_without_saving(manager_client, tenant_a):
    data = brand_form_data(tenant_a, display_name="Alpha Preview", accent_color="#00ff00",
                           intent="preview")

    response = manager_client.post("/backoffice/brand/", data)

    assert response.status_code == 200
    body = response.content.decode()
    assert '<strong id="preview-name">Alpha Preview</strong>' in body
    assert "#00ff00" in body
    assert Brand.objects.get(tenant=tenant_a).display_name == "Alpha Phones"
    assert "Alpha Preview" not in manager_client.get("/").content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("primary_color", "red; background:url(x)"),
        ("accent_color", "#12345"),
        ("siret", "73282932000075"),
        ("siret", "1234"),
        ("vat_number", "FR-40303265045"),
        ("support_email", "nobody"),
        ("country", "France"),
        ("font", "comic-sans"),
        ("display_name", ""),
    ],
)
def test_bad_values_give_400_naming_the_field_and_change_nothing(
    manager_client, tenant_a, field, value
):
    before = Brand.objects.get(tenant=tenant_a)
    data = brand_form_data(tenant_a, **{field: value})

    response = manager_client.post("/backoffice/brand/", data)

    assert response.status_code == 400
    assert f'data-field="{field}"' in response.content.decode()
    after = Brand.objects.get(tenant=tenant_a)
    assert getattr(after, field) == getattr(before, field)
    assert after.updated_at == before.updated_at


def test_logo_upload_is_served_by_alpha_storefront_only(manager_client, client_b, tenant_a):
    png = image_bytes("PNG")
    data = brand_form_data(tenant_a)
    data["logo"] = SimpleUploadedFile("my logo.png", png, content_type="image/png")

    response = manager_client.post("/backoffice/brand/", data)

    assert response.status_code == 302
    brand = Brand.objects.get(tenant=tenant_a)
    assert brand.logo.name.startswith(f"{tenant_a.schema_name}/brand/logo-")
    served = manager_client.get("/brand/logo")
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == png
    assert "/brand/logo?v=" in manager_client.get("/").content.decode()
    assert client_b.get("/brand/logo").status_code == 404
    assert "/brand/logo" not in client_b.get("/").content.decode()


def test_logo_format_comes_from_the_content_not_the_name(manager_client, tenant_a):
    jpeg = image_bytes("JPEG")
    data = brand_form_data(tenant_a)
    data["logo"] = SimpleUploadedFile("logo.png", jpeg, content_type="image/png")

    assert manager_client.post("/backoffice/brand/", data).status_code == 302

    assert Brand.objects.get(tenant=tenant_a).logo.name.endswith(".jpg")
    served = manager_client.get("/brand/logo")
    assert served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content) == jpeg


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"<html><script>alert(1)</script></html>", "logo.png"),
        (b"GIF89a" + b"\x00" * 32, "logo.webp"),
        (b"", "logo.png"),
    ],
)
def test_fake_images_are_refused_with_a_field_error(manager_client, tenant_a, content, name):
    data = brand_form_data(tenant_a, display_name="Alpha Fake")
    data["logo"] = SimpleUploadedFile(name, content, content_type="image/png")

    response = manager_client.post("/backoffice/brand/", data)

    assert response.status_code == 400
    assert 'data-field="logo"' in response.content.decode()
    brand = Brand.objects.get(tenant=tenant_a)
    assert (brand.display_name, brand.logo.name) == ("Alpha Phones", "")


def test_a_real_gif_is_refused(manager_client, tenant_a):
    data = brand_form_data(tenant_a)
    data["logo"] = SimpleUploadedFile("logo.gif", image_bytes("GIF"), content_type="image/gif")

    response = manager_client.post("/backoffice/brand/", data)

    assert response.status_code == 400
    assert "Upload a PNG, JPEG or WebP image." in response.content.decode()


def test_oversized_logo_is_refused(manager_client, tenant_a, settings):
    settings.BRAND_LOGO_MAX_BYTES = 4096
    png = image_bytes("PNG", size=(64, 64), noise=True)
    assert len(png) > settings.BRAND_LOGO_MAX_BYTES
    data = brand_form_data(tenant_a)
    data["logo"] = SimpleUploadedFile("logo.png", png, content_type="image/png")

    response = manager_client.post("/backoffice/brand/", data)

    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-field="logo"' in body and "at most 4.0" in body
    assert Brand.objects.get(tenant=tenant_a).logo.name == ""


def test_preview_of_a_logo_inlines_it_and_stores_nothing(manager_client, tenant_a):
    data = brand_form_data(tenant_a, intent="preview")
    data["logo"] = SimpleUploadedFile("logo.webp", image_bytes("WEBP"), content_type="image/webp")

    response = manager_client.post("/backoffice/brand/", data)

    assert response.status_code == 200
    assert 'src="data:image/webp;base64,' in response.content.decode()
    assert Brand.objects.get(tenant=tenant_a).logo.name == ""


def test_clearing_the_logo_removes_it_from_the_storefront(manager_client, tenant_a):
    data = brand_form_data(tenant_a)
    data["logo"] = SimpleUploadedFile("logo.png", image_bytes("PNG"), content_type="image/png")
    assert manager_client.post("/backoffice/brand/", data).status_code == 302

    cleared = manager_client.post("/backoffice/brand/", brand_form_data(tenant_a, remove_logo="on"))

    assert cleared.status_code == 302
    assert Brand.objects.get(tenant=tenant_a).logo.name == ""
    assert manager_client.get("/brand/logo").status_code == 404
