"""Tenant API: warranties (R8). Customers list their warranties, register one with its purchase
invoice (multipart) and file claims; staff work the claims queue (accept, reject).

Another customer's warranty or device is a 404, as is an unknown one. Accepting a claim opens a
no-charge repair order in the same transaction; a refused repair leaves the claim submitted.
"""

from typing import Any

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.access import API_AUTHENTICATION, IsStoreStaff, signed_in_user
from api.serializers import StrictInputMixin, error_responses
from tenant_apps.accounts.models import Role, User
from tenant_apps.catalog.models import ItemKind, SellableItem
from tenant_apps.customers.actions import ensure_customer_for_user
from tenant_apps.customers.models import Customer
from tenant_apps.repairs.selectors import access_device
from tenant_apps.warranties.actions import (
    ClaimVisit,
    WarrantyRequest,
    accept_claim,
    file_claim,
    register_warranty,
    reject_claim,
)
from tenant_apps.warranties.errors import WarrantyNotFound
from tenant_apps.warranties.forms import KIND_CHOICES
from tenant_apps.warranties.models import VISIT_PERIODS, Warranty, WarrantyClaim
from tenant_apps.warranties.selectors import (
    access_claim_for_staff,
    access_warranty,
    claims_for_staff,
    warranties_of,
)
from tenant_apps.warranties.state import COMMERCIAL_MONTHS, ClaimStatus, WarrantyStatus


class ClaimSerializer(serializers.ModelSerializer):
    repair_reference = serializers.CharField(source="repair_order.reference", read_only=True,
                                             default=None)

    class Meta:
        model = WarrantyClaim
        fields = ["id", "status", "description", "visit_street", "visit_postal_code",
                  "visit_city", "visit_date", "visit_period", "rejection_reason",
                  "repair_reference", "created_at", "decided_at"]
        read_only_fields = fields


class WarrantySummarySerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=WarrantyStatus.choices, read_only=True,
                                     help_text="Derived: void, expired after ends_on, or active.")
    device = serializers.IntegerField(source="device_id", read_only=True)
    device_label = serializers.CharField(source="device.__str__", read_only=True)
    is_commercial = serializers.SerializerMethodField(
        help_text="False for the legal conformity guarantee, which the law imposes.")
    repair_reference = serializers.CharField(source="repair_order.reference", read_only=True,
                                             default=None)

    class Meta:
        model = Warranty
        fields = ["id", "device", "device_label", "kind", "is_commercial", "months", "starts_on",
                  "ends_on", "status", "plan", "repair_reference", "void_reason"]
        read_only_fields = fields

    def get_is_commercial(self, warranty: Warranty) -> bool:
        return not warranty.is_legal_conformity


class WarrantySerializer(WarrantySummarySerializer):
    claims = ClaimSerializer(many=True, read_only=True)

    class Meta(WarrantySummarySerializer.Meta):
        fields = [*WarrantySummarySerializer.Meta.fields, "claims"]
        read_only_fields = fields


class WarrantyInputSerializer(StrictInputMixin, serializers.Serializer):
    device = serializers.IntegerField(help_text="One of the caller's devices.")
    kind = serializers.ChoiceField(choices=KIND_CHOICES)
    months = serializers.ChoiceField(choices=COMMERCIAL_MONTHS, required=False,
                                     help_text="Commercial only; the plan's months by default.")
    plan = serializers.PrimaryKeyRelatedField(
        queryset=SellableItem.objects.filter(kind=ItemKind.WARRANTY_PLAN, is_active=True),
        required=False, allow_null=True)
    starts_on = serializers.DateField(help_text="The purchase date on the invoice.")
    purchase_invoice = serializers.FileField(help_text="PDF, JPEG or PNG, checked by content.")


class ClaimInputSerializer(StrictInputMixin, serializers.Serializer):
    description = serializers.CharField(max_length=4000)
    visit_street = serializers.CharField(max_length=200, required=False, default="")
    visit_postal_code = serializers.CharField(max_length=12, required=False, default="")
    visit_city = serializers.CharField(max_length=100, required=False, default="")
    visit_date = serializers.DateField(required=False, allow_null=True, default=None)
    visit_period = serializers.ChoiceField(choices=VISIT_PERIODS, required=False, default="")

    def visit(self) -> ClaimVisit | None:
        data = self.validated_data
        if not any(data.get(name) for name in ("visit_street", "visit_city", "visit_date")):
            return None
        return ClaimVisit(street=data["visit_street"], postal_code=data["visit_postal_code"],
                          city=data["visit_city"], day=data["visit_date"],
                          period=data["visit_period"])


class StaffClaimSerializer(ClaimSerializer):
    warranty = WarrantySummarySerializer(read_only=True)
    customer_email = serializers.CharField(source="warranty.device.customer.email",
                                           read_only=True)

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "warranty", "customer_email"]
        read_only_fields = fields


class RejectInputSerializer(StrictInputMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=1000, help_text="The customer reads it.")


def _customer(user: User) -> Customer | None:
    return ensure_customer_for_user(user) if user.role == Role.CUSTOMER else None


def _parsed(serializer: serializers.Serializer) -> dict[str, Any]:
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class WarrantyListView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(operation_id="warranties_list", summary="My warranties",
                   description="Every warranty on the caller's devices with its claims. "
                   "`is_commercial` is false for the legal conformity guarantee.",
                   responses={200: WarrantySerializer(many=True), **error_responses(401)})
    def get(self, request: Request) -> Response:
        customer = _customer(signed_in_user(request))
        warranties = warranties_of(customer) if customer else Warranty.objects.none()
        return Response(WarrantySerializer(warranties, many=True).data)

    @extend_schema(operation_id="warranties_create", summary="Put a device under warranty",
                   description="multipart/form-data with the purchase invoice: a commercial "
                   "warranty (3, 6 or 12 months) or the legal conformity guarantee (24 months "
                   "from the sale).",
                   request={"multipart/form-data": WarrantyInputSerializer},
                   responses={201: WarrantySerializer,
                              **error_responses(400, 401, 404, 409)})
    def post(self, request: Request) -> Response:
        user = signed_in_user(request)
        data = _parsed(WarrantyInputSerializer(data=request.data))
        customer = _customer(user)
        if customer is None:
            raise WarrantyNotFound("device")
        device = access_device(customer, data["device"])
        upload = data["purchase_invoice"]
        warranty = register_warranty(
            device, WarrantyRequest(kind=data["kind"], starts_on=data["starts_on"],
                                    months=int(data["months"]) if "months" in data else None,
                                    plan=data.get("plan")),
            upload, invoice_name=upload.name or "", actor_email=user.email)
        return Response(WarrantySerializer(access_warranty(customer, warranty.pk)).data,
                        status=201)


class ClaimCreateView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="warranties_claims_create", summary="File a claim",
                   description="The warranty must be active and without a claim awaiting a "
                   "decision (409, field `warranty`). A device that cannot travel needs the "
                   "visit fields.",
                   request=ClaimInputSerializer,
                   responses={201: ClaimSerializer, **error_responses(400, 401, 404, 409)})
    def post(self, request: Request, warranty_id: int) -> Response:
        user = signed_in_user(request)
        customer = _customer(user)
        if customer is None:
            raise WarrantyNotFound()
        warranty = access_warranty(customer, warranty_id)
        serializer = ClaimInputSerializer(data=request.data)
        data = _parsed(serializer)
        claim = file_claim(warranty, data["description"], visit=serializer.visit(),
                           actor_email=user.email)
        return Response(ClaimSerializer(claim).data, status=201)


class _StaffView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsStoreStaff]


class StaffClaimListView(_StaffView):
    @extend_schema(operation_id="warranty_claims_list", summary="Warranty claims (staff)",
                   description="Oldest first; `status` filters (submitted by default).",
                   parameters=[OpenApiParameter("status", str, enum=[*ClaimStatus.values, "all"])],
                   responses={200: StaffClaimSerializer(many=True), **error_responses(401, 403)})
    def get(self, request: Request) -> Response:
        status = request.query_params.get("status", ClaimStatus.SUBMITTED.value)
        claims = claims_for_staff("" if status == "all" else status)
        return Response(StaffClaimSerializer(claims[:200], many=True).data)


class StaffClaimAcceptView(_StaffView):
    @extend_schema(operation_id="warranty_claims_accept", summary="Accept a claim (staff)",
                   description="Opens a no-charge repair order of the device.", request=None,
                   responses={200: StaffClaimSerializer,
                              **error_responses(401, 403, 404, 409)})
    def post(self, request: Request, claim_id: int) -> Response:
        claim = accept_claim(access_claim_for_staff(claim_id), actor=signed_in_user(request))
        return Response(StaffClaimSerializer(access_claim_for_staff(claim.pk)).data)


class StaffClaimRejectView(_StaffView):
    @extend_schema(operation_id="warranty_claims_reject", summary="Reject a claim (staff)",
                   request=RejectInputSerializer,
                   responses={200: StaffClaimSerializer,
                              **error_responses(400, 401, 403, 404, 409)})
    def post(self, request: Request, claim_id: int) -> Response:
        claim = access_claim_for_staff(claim_id)
        reason = _parsed(RejectInputSerializer(data=request.data))["reason"]
        reject_claim(claim, reason, actor=signed_in_user(request))
        return Response(StaffClaimSerializer(access_claim_for_staff(claim.pk)).data)


urlpatterns = [
    path("warranties/", WarrantyListView.as_view(), name="warranties"),
    path("warranties/<int:warranty_id>/claims/", ClaimCreateView.as_view(),
         name="warranties-claims"),
    path("staff/warranty-claims/", StaffClaimListView.as_view(), name="warranty-claims"),
    path("staff/warranty-claims/<int:claim_id>/accept/", StaffClaimAcceptView.as_view(),
         name="warranty-claims-accept"),
    path("staff/warranty-claims/<int:claim_id>/reject/", StaffClaimRejectView.as_view(),
         name="warranty-claims-reject"),
]
