"""Input and output shapes of the platform API."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from rest_framework import serializers

from api.serializers import StrictInputMixin
from shared_apps.dispatch.models import DeclineReason
from shared_apps.dispatch.state import PROGRESS_STATUSES, JobStatus, OfferStatus
from tenants.models import Domain, LabelMode, Tenant, TenantKind


class TenantSerializer(serializers.ModelSerializer):
    domains: serializers.SlugRelatedField[Domain] = serializers.SlugRelatedField(
        many=True,
        read_only=True,
        slug_field="domain",
        help_text="Host names serving the tenant, primary first.",
    )

    class Meta:
        model = Tenant
        fields = ["name", "slug", "kind", "label_mode", "status", "domains", "created_at"]
        read_only_fields = fields


class TenantCreateSerializer(StrictInputMixin, serializers.Serializer):
    """Only shapes and sizes here: provisioning validates the values and names the bad field."""

    name = serializers.CharField(max_length=120)
    slug = serializers.CharField(max_length=40)
    domain = serializers.CharField(max_length=253, help_text="The tenant's primary host name.")
    admin_email = serializers.CharField(
        max_length=254, help_text="Receives an invitation as first manager."
    )
    kind = serializers.ChoiceField(choices=TenantKind.choices, default=TenantKind.RETAIL_CHAIN)
    label_mode = serializers.ChoiceField(choices=LabelMode.choices, default=LabelMode.WHITE)
    brand = serializers.DictField(
        child=serializers.CharField(max_length=200, allow_blank=True),
        required=False,
        default=dict,
        help_text="Brand fields, e.g. primary_color, legal_name, siret.",
    )


# --- Repairers -------------------------------------------------------------------------------

# The statuses a repairer reports, in the order a repair goes through them.
PROGRESS_CHOICES = [
    (value, label) for value, label in JobStatus.choices if value in PROGRESS_STATUSES
]
PERSONAL_DATA_NOTE = "Present only once the caller holds the job."


class RepairerJobSerializer(serializers.Serializer):
    """A job as the calling repairer may see it: personal data only once it holds the job, the
    customer's address only for on-site work (shared_apps.dispatch.selectors.job_view)."""

    uid = serializers.UUIDField()
    order_reference = serializers.CharField()
    tenant_name = serializers.CharField(help_text="The store that sent the job.")
    category = serializers.CharField()
    brand = serializers.CharField()
    model = serializers.CharField()
    fault_summary = serializers.CharField()
    postal_code = serializers.CharField()
    is_on_site = serializers.BooleanField()
    due_date = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=JobStatus.choices)
    customer_name = serializers.CharField(required=False, help_text=PERSONAL_DATA_NOTE)
    customer_phone = serializers.CharField(required=False, help_text=PERSONAL_DATA_NOTE)
    customer_address = serializers.CharField(
        required=False, help_text="Present only for on-site jobs the caller holds."
    )
    quote_amount = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        required=False,
        allow_null=True,
        help_text=PERSONAL_DATA_NOTE,
    )
    quote_note = serializers.CharField(required=False, help_text=PERSONAL_DATA_NOTE)

    def to_representation(self, instance: Mapping[str, Any]) -> dict[str, Any]:
        # Only the keys the selector let through: a nullable field must not appear as null.
        data = super().to_representation(instance)
        return {name: value for name, value in data.items() if name in instance}


class RepairerOfferSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=OfferStatus.choices)
    expires_at = serializers.DateTimeField()
    score = serializers.FloatField(help_text="The routing score, from 0 to 1 (see the docs).")
    job = RepairerJobSerializer()


class DeclineSerializer(StrictInputMixin, serializers.Serializer):
    reason = serializers.ChoiceField(choices=DeclineReason.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ProgressSerializer(StrictInputMixin, serializers.Serializer):
    status = serializers.ChoiceField(choices=PROGRESS_CHOICES)
    quote_amount = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0"),
        required=False,
        help_text="Required with status diagnosed, refused with any other status.",
    )
    quote_note = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        is_diagnosis = data["status"] == JobStatus.DIAGNOSED
        if is_diagnosis and data.get("quote_amount") is None:
            raise serializers.ValidationError(
                {"quote_amount": ["A diagnosis comes with a quote amount."]}, code="required"
            )
        if not is_diagnosis and ("quote_amount" in data or data.get("quote_note")):
            field = "quote_amount" if "quote_amount" in data else "quote_note"
            raise serializers.ValidationError(
                {field: ["Only a diagnosis carries a quote."]}, code="quote_not_allowed"
            )
        return data
