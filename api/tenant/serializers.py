"""Input and output shapes of the tenant API."""

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from api.serializers import StrictInputMixin
from shared_apps.dispatch.models import Job
from tenant_apps.accounts.models import User
from tenant_apps.network.models import JobUpdate
from tenants.models import BRAND_EDITABLE_FIELDS, Brand, LabelMode

PHONE_PATTERN = r"^\+?[0-9][0-9 ().-]{3,28}$"


class SignUpSerializer(StrictInputMixin, serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(
        max_length=128, write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )
    full_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")


class CredentialsSerializer(StrictInputMixin, serializers.Serializer):
    email = serializers.CharField(max_length=254)
    password = serializers.CharField(
        max_length=128, write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")


class MeSerializer(serializers.ModelSerializer):
    email_verified = serializers.BooleanField(source="is_email_verified", read_only=True)

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "phone", "role", "email_verified"]
        read_only_fields = fields


class SignedUpSerializer(serializers.Serializer):
    user = MeSerializer()
    token = serializers.CharField()


class ProfileUpdateSerializer(StrictInputMixin, serializers.Serializer):
    full_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    phone = serializers.RegexField(
        PHONE_PATTERN,
        max_length=30,
        required=False,
        allow_blank=True,
        error_messages={"invalid": "Enter a phone number: digits, spaces, +, -, dots, brackets."},
    )


BRAND_WRITABLE_FIELDS = BRAND_EDITABLE_FIELDS


class BrandSerializer(StrictInputMixin, serializers.ModelSerializer):
    """The store's brand as its customers see it."""

    logo_url = serializers.SerializerMethodField()

    class Meta:
        model = Brand
        fields = [*BRAND_WRITABLE_FIELDS, "logo_url"]
        extra_kwargs = {"grey_label_line": {"required": False}}

    def get_logo_url(self, brand: Brand) -> str | None:
        return reverse("storefront:brand_logo") if brand.logo else None

    def validate_country(self, value: str) -> str:
        country = value.strip().upper()
        if len(country) != 2 or not country.isalpha():
            raise serializers.ValidationError(
                "Use a two-letter country code, e.g. FR.", code="invalid_country"
            )
        return country

    def validate_siret(self, value: str) -> str:
        return value.replace(" ", "")

    def validate_vat_number(self, value: str) -> str:
        return value.replace(" ", "").upper()

    def to_representation(self, brand: Brand) -> dict[str, Any]:
        data = super().to_representation(brand)
        if brand.tenant.label_mode != LabelMode.GREY:
            data.pop("grey_label_line", None)
        return data


# --- Repair network --------------------------------------------------------------------------


class NetworkCustomerSerializer(StrictInputMixin, serializers.Serializer):
    name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    phone = serializers.RegexField(PHONE_PATTERN, max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    address = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        help_text="Shown to the repairer only for on-site work.",
    )


class NetworkJobCreateSerializer(StrictInputMixin, serializers.Serializer):
    """Only shapes and sizes here: create_job checks the values and names the bad field."""

    order_reference = serializers.CharField(
        max_length=64, help_text="The store's own reference; one job per reference."
    )
    category = serializers.CharField(max_length=40, help_text="Device category, e.g. smartphone.")
    brand = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    model = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    fault_summary = serializers.CharField(max_length=2000)
    postal_code = serializers.CharField(max_length=12, help_text="Where the device is, e.g. 75011.")
    is_on_site = serializers.BooleanField(required=False, default=False)
    due_date = serializers.DateField(required=False, allow_null=True, default=None)
    customer = NetworkCustomerSerializer(
        required=False, help_text="What the repairer that takes the job may need."
    )


class NetworkJobSerializer(serializers.ModelSerializer):
    class Meta:
        model = Job
        fields = [
            "uid",
            "order_reference",
            "category",
            "brand",
            "model",
            "postal_code",
            "is_on_site",
            "due_date",
            "status",
            "created_at",
        ]
        read_only_fields = fields


class JobUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = JobUpdate
        fields = [
            "job_uid",
            "order_reference",
            "kind",
            "repairer_name",
            "quote_amount",
            "quote_note",
            "customer_notified",
            "created_at",
        ]
        read_only_fields = fields
