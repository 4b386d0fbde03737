"""Forms of the back office: brand settings and staff invitations."""

import base64
import warnings

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, UnidentifiedImageError

from tenant_apps.accounts.models import Role
from tenants.models import BRAND_EDITABLE_FIELDS, Brand

# Pillow format name -> (file extension, content type). Anything else is refused.
LOGO_FORMATS = {
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
    "WEBP": ("webp", "image/webp"),
}
LOGO_MAX_SIDE = 4096


class LogoField(forms.FileField):
    """A PNG, JPEG or WebP image, recognised by its content (never by its name or declared type).

    The cleaned file is renamed after the detected format, so the stored key and the content type
    the storefront serves it with always match what the bytes are.
    """

    default_error_messages = {
        "too_large": "The logo may be at most %(limit)s.",
        "not_an_image": "Upload a PNG, JPEG or WebP image.",
        "too_many_pixels": "The logo may be at most %(side)s pixels on each side.",
    }

    def to_python(self, data):  # type: ignore[no-untyped-def]
        upload = super().to_python(data)
        if upload is None:
            return None
        limit = settings.BRAND_LOGO_MAX_BYTES
        if upload.size is None or upload.size > limit:
            raise forms.ValidationError(self.error_messages["too_large"], code="too_large",
                                        params={"limit": filesizeformat(limit)})
        image_format, width, height = _inspect_image(upload)
        if image_format not in LOGO_FORMATS:
            raise forms.ValidationError(self.error_messages["not_an_image"], code="not_an_image")
        if width > LOGO_MAX_SIDE or height > LOGO_MAX_SIDE:
            raise forms.ValidationError(self.error_messages["too_many_pixels"],
                                        code="too_many_pixels", params={"side": LOGO_MAX_SIDE})
        extension, content_type = LOGO_FORMATS[image_format]
        upload.name = f"logo.{extension}"
        upload.content_type = content_type
        return upload


def _inspect_image(upload: UploadedFile) -> tuple[str, int, int]:
    """Format and size of an uploaded image, or ("", 0, 0) when Pillow cannot read it whole."""
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format = image.format or ""
                width, height = image.size
                image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        return "", 0, 0
    finally:
        upload.seek(0)
    return image_format, width, height


def logo_data_uri(upload: UploadedFile) -> str:
    """The uploaded logo inlined, for a preview that must not store anything."""
    content_type = getattr(upload, "content_type", "") or "image/png"
    upload.seek(0)
    encoded = base64.b64encode(upload.read()).decode("ascii")
    upload.seek(0)
    return f"data:{content_type};base64,{encoded}"


class ColorInput(forms.TextInput):
    input_type = "color"


BRAND_FIELDS = [*BRAND_EDITABLE_FIELDS[:BRAND_EDITABLE_FIELDS.index("vat_number") + 1], "logo",
                *BRAND_EDITABLE_FIELDS[BRAND_EDITABLE_FIELDS.index("vat_number") + 1:]]


class BrandForm(forms.ModelForm):
    logo = LogoField(required=False, help_text="PNG, JPEG or WebP.", widget=forms.FileInput(
        attrs={"accept": "image/png,image/jpeg,image/webp"}))
    remove_logo = forms.BooleanField(required=False, label="Remove the current logo")
    field_order = [*BRAND_FIELDS[:BRAND_FIELDS.index("logo") + 1], "remove_logo"]

    class Meta:
        model = Brand
        fields = BRAND_FIELDS
        labels = {
            "siret": "SIRET", "vat_number": "VAT number", "address_line": "Address",
            "country": "Country (ISO code, e.g. FR)", "support_email": "Support e-mail",
            "email_sender_name": "E-mail sender name",
            "email_sender_address": "E-mail sender address",
            "grey_label_line": "Operator line",
        }
        widgets = {
            "primary_color": ColorInput, "accent_color": ColorInput,
            "background_color": ColorInput, "text_color": ColorInput,
        }

    def clean_country(self) -> str:
        country = (self.cleaned_data.get("country") or "").strip().upper()
        if len(country) != 2 or not country.isalpha():
            raise forms.ValidationError("Use a two-letter country code, e.g. FR.",
                                        code="invalid_country")
        return country

    def clean_siret(self) -> str:
        return (self.cleaned_data.get("siret") or "").replace(" ", "")

    def clean_vat_number(self) -> str:
        return (self.cleaned_data.get("vat_number") or "").replace(" ", "").upper()

    def changes(self) -> dict[str, object]:
        """The submitted values that differ from the saved brand, ready for update_brand."""
        changes: dict[str, object] = {}
        for name in self.changed_data:
            if name not in ("logo", "remove_logo"):
                changes[name] = self.cleaned_data[name]
        upload = self.uploaded_logo()
        if upload is not None:
            changes["logo"] = upload
        elif self.cleaned_data.get("remove_logo") and self.instance.logo:
            changes["logo"] = ""
        return changes

    def uploaded_logo(self) -> UploadedFile | None:
        value = self.cleaned_data.get("logo") if hasattr(self, "cleaned_data") else None
        return value if isinstance(value, UploadedFile) else None


class InviteStaffForm(forms.Form):
    email = forms.EmailField(max_length=254, label="E-mail")
    role = forms.ChoiceField(choices=[(Role.COUNTER_STAFF.value, Role.COUNTER_STAFF.label),
                                      (Role.MANAGER.value, Role.MANAGER.label)])
