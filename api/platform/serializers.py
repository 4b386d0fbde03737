"""Input and output shapes of the platform API."""

from rest_framework import serializers

from api.serializers import StrictInputMixin
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
