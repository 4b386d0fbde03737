"""Tenant API: the repair journey.

Customers (``repairs/devices/``, ``repairs/mine/``): their devices (a proof of purchase uploaded
with the device, multipart), their repair orders with the timeline, opening a repair along one
of the three paths (its first payment is an order to pay at ``pay_url``), and the live quote to
accept (its order to pay at ``pay_url``) or decline. Someone else's object is a 404.

Staff (counter staff and managers, ``repairs/``): repair orders by status, one with its history,
notes and quotes, moving it, writing notes, drafting a quote with its lines and sending it.
"""

from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.urls import path, reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.access import API_AUTHENTICATION, IsStoreStaff, signed_in_user
from api.serializers import StrictInputMixin, error_responses
from tenant_apps.catalog.models import SellableItem
from tenant_apps.commerce.order_models import Order
from tenant_apps.customers.actions import ensure_customer_for_user
from tenant_apps.customers.models import Customer
from tenant_apps.payments.links import absolute, pay_page_path
from tenant_apps.pricing.tax import VatRate
from tenant_apps.repairs import payment_flow
from tenant_apps.repairs.actions import (
    MAX_FAULT_LENGTH,
    MAX_NOTE_LENGTH,
    MAX_SLOTS,
    SLOT_PERIODS,
    VisitRequest,
    VisitSlot,
    add_repair_note,
    transition_repair_order,
)
from tenant_apps.repairs.device_actions import (
    DeviceDetails,
    attach_proof_of_purchase,
    register_device,
)
from tenant_apps.repairs.errors import NotFound
from tenant_apps.repairs.models import (
    Device,
    Quote,
    QuoteLine,
    QuoteLineKind,
    RepairEvent,
    RepairNote,
    RepairOrder,
    is_reference_shaped,
)
from tenant_apps.repairs.quote_actions import (
    MAX_LINES,
    QuoteLineInput,
    create_quote,
    decline_quote,
    send_quote,
)
from tenant_apps.repairs.selectors import access_device, devices_of, live_quote, staff_targets
from tenant_apps.repairs.state import QuoteStatus, RepairPath, RepairStatus
from tenant_apps.repairs.timeline import build_timeline, customer_quotes, status_words
from tenants.lookups import MAX_ID

# --- Shapes ------------------------------------------------------------------------------------


class RepairDeviceSerializer(serializers.ModelSerializer):
    brand_label = serializers.CharField(read_only=True)
    model_label = serializers.CharField(read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    has_proof_of_purchase = serializers.SerializerMethodField()

    class Meta:
        model = Device
        fields = ["id", "category", "category_name", "brand", "brand_label", "device_model",
                  "model_label", "serial_or_imei", "purchase_date", "has_proof_of_purchase",
                  "created_at"]
        read_only_fields = fields

    def get_has_proof_of_purchase(self, device: Device) -> bool:
        return bool(device.proof_of_purchase)


class RepairDeviceInputSerializer(StrictInputMixin, serializers.Serializer):
    """Only shapes here: registering checks the values and names the bad field."""

    category = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    brand = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False,
                                     allow_null=True, help_text="A catalogue brand, or "
                                     "`brand_name`.")
    brand_name = serializers.CharField(max_length=80, required=False, allow_blank=True)
    device_model = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False,
                                            allow_null=True)
    model_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    serial_or_imei = serializers.CharField(max_length=64, required=False, allow_blank=True,
                                           help_text="An IMEI is checked with its Luhn digit.")
    purchase_date = serializers.DateField(required=False, allow_null=True)
    proof_of_purchase = serializers.FileField(required=False, help_text="PDF, JPEG or PNG, "
                                              "recognised by content (multipart only).")

    def details(self) -> DeviceDetails:
        data = self.validated_data
        return DeviceDetails(
            category_id=data["category"], brand_id=data.get("brand"),
            brand_name=data.get("brand_name", ""), device_model_id=data.get("device_model"),
            model_name=data.get("model_name", ""), serial_or_imei=data.get("serial_or_imei", ""),
            purchase_date=data.get("purchase_date"))


class RepairTimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.CharField(help_text="status, quote, payment, refund, document, shipment "
                                 "or tracking.")
    title = serializers.CharField(help_text="In the customer's words.")
    detail = serializers.CharField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    currency = serializers.CharField()
    link = serializers.CharField(help_text="A path on this domain, or \"\".")
    link_label = serializers.CharField()


class RepairQuoteLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = QuoteLine
        fields = ["position", "kind", "description", "quantity", "unit_net", "vat_rate",
                  "vat_percent", "line_net", "line_tax", "line_gross"]
        read_only_fields = fields


class RepairQuoteSerializer(serializers.ModelSerializer):
    lines = RepairQuoteLineSerializer(many=True, read_only=True)

    class Meta:
        model = Quote
        fields = ["id", "version", "status", "currency", "total_net", "total_tax", "total_gross",
                  "sent_at", "valid_until", "answered_at", "lines"]
        read_only_fields = fields


class RepairAcceptedQuoteSerializer(RepairQuoteSerializer):
    pay_url = serializers.CharField(read_only=True, help_text="Where the customer pays it.")

    class Meta(RepairQuoteSerializer.Meta):
        fields = [*RepairQuoteSerializer.Meta.fields, "pay_url"]
        read_only_fields = fields


_SUMMARY = ["id", "reference", "path", "status", "status_label", "device", "device_label",
            "is_warranty", "created_at", "updated_at"]
_DETAIL = ["fault_description", "package", "package_name", "visit_street", "visit_postal_code",
           "visit_city", "visit_country", "preferred_slots"]


class RepairSummarySerializer(serializers.ModelSerializer):
    status_label = serializers.SerializerMethodField()
    device_label = serializers.CharField(source="device.__str__", read_only=True)

    class Meta:
        model = RepairOrder
        fields = _SUMMARY
        read_only_fields = fields

    def get_status_label(self, repair: RepairOrder) -> str:
        return status_words(repair.status)


class RepairDetailSerializer(RepairSummarySerializer):
    package_name = serializers.CharField(source="package.name", default="", read_only=True)
    live_quote = RepairQuoteSerializer(read_only=True, allow_null=True)
    timeline = RepairTimelineEntrySerializer(many=True, read_only=True, help_text="Oldest first.")
    timeline_url = serializers.CharField(read_only=True)
    pay_url = serializers.CharField(read_only=True, allow_null=True, help_text="Where the "
                                    "customer pays what the repair waits for, or null.")

    class Meta(RepairSummarySerializer.Meta):
        fields = [*_SUMMARY, *_DETAIL, "live_quote", "pay_url", "timeline_url", "timeline"]
        read_only_fields = fields


class StaffRepairSummarySerializer(RepairSummarySerializer):
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    customer_email = serializers.CharField(source="customer.email", read_only=True)

    class Meta(RepairSummarySerializer.Meta):
        fields = [*_SUMMARY, "customer", "customer_name", "customer_email"]
        read_only_fields = fields


class RepairEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = RepairEvent
        fields = ["from_status", "to_status", "actor_email", "created_at"]
        read_only_fields = fields


class RepairNoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = RepairNote
        fields = ["id", "author_email", "text", "created_at"]
        read_only_fields = fields


class StaffRepairDetailSerializer(StaffRepairSummarySerializer):
    package_name = serializers.CharField(source="package.name", default="", read_only=True)
    events = RepairEventSerializer(many=True, read_only=True, help_text="Oldest first.")
    notes = RepairNoteSerializer(many=True, read_only=True, help_text="Staff only, oldest first.")
    quotes = RepairQuoteSerializer(many=True, read_only=True, help_text="Newest version first.")
    allowed_targets = serializers.ListField(child=serializers.CharField(), read_only=True,
                                            help_text="Statuses staff may move it to now.")

    class Meta(StaffRepairSummarySerializer.Meta):
        fields = [*StaffRepairSummarySerializer.Meta.fields, *_DETAIL, "events", "notes",
                  "quotes", "allowed_targets"]
        read_only_fields = fields


class RepairVisitSlotSerializer(StrictInputMixin, serializers.Serializer):
    date = serializers.DateField()
    period = serializers.ChoiceField(choices=[(p, p) for p in SLOT_PERIODS])


class RepairInputSerializer(StrictInputMixin, serializers.Serializer):
    """Only shapes here: opening the repair checks the path, package, fault and visit."""

    device = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    path = serializers.ChoiceField(choices=RepairPath.choices)
    fault_description = serializers.CharField(max_length=MAX_FAULT_LENGTH, required=False,
                                              allow_blank=True, default="",
                                              help_text="Required for a diagnosis.")
    package = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False,
                                       allow_null=True, help_text="Package path: a repair "
                                       "package covering the device.")
    visit_street = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                         default="", help_text="On-site path only.")
    visit_postal_code = serializers.CharField(max_length=12, required=False, allow_blank=True,
                                              default="")
    visit_city = serializers.CharField(max_length=100, required=False, allow_blank=True,
                                       default="")
    visit_country = serializers.CharField(max_length=2, required=False, allow_blank=True,
                                          default="")
    preferred_slots = RepairVisitSlotSerializer(many=True, required=False, default=list,
                                     help_text=f"On-site: 1 to {MAX_SLOTS} slots from tomorrow.")
    terms_accepted = serializers.BooleanField(help_text="The terms of sale (see checkout).")
    terms_version = serializers.CharField(max_length=40)

    def visit(self) -> VisitRequest | None:
        data = self.validated_data
        if data["path"] != RepairPath.ON_SITE:
            return None
        return VisitRequest(
            street=data["visit_street"], postal_code=data["visit_postal_code"],
            city=data["visit_city"], country=data["visit_country"],
            slots=tuple(VisitSlot(slot["date"], slot["period"])
                        for slot in data["preferred_slots"]))


class RepairTermsInputSerializer(StrictInputMixin, serializers.Serializer):
    terms_accepted = serializers.BooleanField()
    terms_version = serializers.CharField(max_length=40)


class RepairEmptyInputSerializer(StrictInputMixin, serializers.Serializer):
    pass


class RepairFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=RepairStatus.choices, required=False,
                                     allow_blank=True)
    path = serializers.ChoiceField(choices=RepairPath.choices, required=False, allow_blank=True)


class RepairTransitionInputSerializer(StrictInputMixin, serializers.Serializer):
    status = serializers.ChoiceField(choices=RepairStatus.choices, help_text="\"quote_sent\" "
                                     "and \"awaiting_quote_payment\" follow the quote: 409.")


class RepairNoteInputSerializer(StrictInputMixin, serializers.Serializer):
    text = serializers.CharField(max_length=MAX_NOTE_LENGTH)


class RepairQuoteLineInputSerializer(StrictInputMixin, serializers.Serializer):
    kind = serializers.ChoiceField(choices=QuoteLineKind.choices)
    description = serializers.CharField(max_length=200)
    quantity = serializers.IntegerField(min_value=1, max_value=999)
    unit_net = serializers.DecimalField(max_digits=7, decimal_places=2, min_value=0,
                                        help_text="Unit price excluding VAT.")
    vat_rate = serializers.ChoiceField(choices=VatRate.choices, default=VatRate.STANDARD)


class RepairQuoteInputSerializer(StrictInputMixin, serializers.Serializer):
    lines = serializers.ListField(child=RepairQuoteLineInputSerializer(), min_length=1,
                                  max_length=MAX_LINES)

    def lines_input(self) -> list[QuoteLineInput]:
        return [QuoteLineInput(**line) for line in self.validated_data["lines"]]


# --- Helpers -----------------------------------------------------------------------------------


def _parsed(serializer_class: type[serializers.Serializer], data: Any) -> serializers.Serializer:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer


def _valid_id(value: int) -> bool:
    return 0 < value <= MAX_ID


def _pay_url(order: Order | None) -> str | None:
    return absolute(pay_page_path(order)) if order is not None else None


def _my_customer(request: Request) -> Customer | None:
    """The caller's customer profile; staff accounts have none."""
    return Customer.objects.filter(user=signed_in_user(request)).first()


def _my_repairs(request: Request) -> QuerySet[RepairOrder]:
    customer = _my_customer(request)
    if customer is None:
        return RepairOrder.objects.none()
    return (RepairOrder.objects.filter(customer=customer)
            .select_related("device__category", "device__brand", "device__device_model",
                            "package").order_by("-created_at", "-id"))


def _my_repair(request: Request, reference: str) -> RepairOrder:
    repair = (_my_repairs(request).filter(reference=reference).first()
              if is_reference_shaped(reference) else None)
    if repair is None:
        raise NotFound("repair order")
    return repair


def _order_to_pay(repair: RepairOrder, quotes: list[Quote]) -> Order | None:
    if repair.status == RepairStatus.AWAITING_PAYMENT:
        return repair.order
    if repair.status == RepairStatus.AWAITING_QUOTE_PAYMENT:
        return next((quote.order for quote in quotes if quote.status == QuoteStatus.ACCEPTED
                     and quote.order_id is not None), None)
    return None


def _customer_detail(repair: RepairOrder) -> dict[str, Any]:
    quotes = customer_quotes(repair)
    page = reverse("timeline:repair", kwargs={"reference": repair.reference})
    repair.live_quote = next(  # type: ignore[attr-defined]
        (quote for quote in quotes if quote.status == QuoteStatus.SENT), None)
    repair.timeline = build_timeline(repair, page_path=page, quotes=quotes)  # type: ignore[attr-defined]
    repair.timeline_url = page  # type: ignore[attr-defined]
    repair.pay_url = _pay_url(_order_to_pay(repair, quotes))  # type: ignore[attr-defined]
    return dict(RepairDetailSerializer(repair).data)


def _staff_repairs() -> QuerySet[RepairOrder]:
    return (RepairOrder.objects.select_related(
        "device__category", "device__brand", "device__device_model", "customer__user",
        "package").order_by("-created_at", "-id"))


def _staff_repair(pk: int) -> RepairOrder:
    repair = _staff_repairs().filter(pk=pk).first() if _valid_id(pk) else None
    if repair is None:
        raise NotFound("repair order")
    return repair


def _staff_detail(pk: int) -> dict[str, Any]:
    repair = _staff_repairs().prefetch_related(
        "events", "notes",
        Prefetch("quotes", queryset=Quote.objects.order_by("-version").prefetch_related("lines")),
    ).filter(pk=pk).first() if _valid_id(pk) else None
    if repair is None:
        raise NotFound("repair order")
    repair.allowed_targets = [str(target) for target in staff_targets(repair)]  # type: ignore[attr-defined]
    return dict(StaffRepairDetailSerializer(repair).data)


class Pagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 200


class _CustomerView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsAuthenticated]


class _StaffView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsStoreStaff]


# --- Customer side -----------------------------------------------------------------------------


class MyDeviceListView(_CustomerView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(operation_id="repairs_devices_list", summary="My devices",
                   parameters=[OpenApiParameter("limit", int), OpenApiParameter("offset", int)],
                   responses={200: RepairDeviceSerializer(many=True), **error_responses(401)})
    def get(self, request: Request) -> Response:
        customer = _my_customer(request)
        devices = devices_of(customer) if customer else Device.objects.none()
        paginator = Pagination()
        page = paginator.paginate_queryset(devices.order_by("-created_at", "-id"), request,
                                           view=self)
        return paginator.get_paginated_response(RepairDeviceSerializer(page, many=True).data)

    @extend_schema(operation_id="repairs_devices_create", summary="Register a device",
                   description="JSON, or multipart with a `proof_of_purchase` file; nothing is "
                   "kept when the proof is refused.",
                   request={"multipart/form-data": RepairDeviceInputSerializer,
                            "application/json": RepairDeviceInputSerializer},
                   responses={201: RepairDeviceSerializer, **error_responses(400, 401, 404)})
    def post(self, request: Request) -> Response:
        serializer = _parsed(RepairDeviceInputSerializer, request.data)
        customer = ensure_customer_for_user(signed_in_user(request))
        proof = serializer.validated_data.get("proof_of_purchase")
        with transaction.atomic():
            device = register_device(customer, serializer.details())  # type: ignore[attr-defined]
            if proof is not None:
                attach_proof_of_purchase(device, proof, name=proof.name or "")
        return Response(RepairDeviceSerializer(device).data, status=status.HTTP_201_CREATED)


class MyDeviceDetailView(_CustomerView):
    @extend_schema(operation_id="repairs_devices_retrieve", summary="One of my devices",
                   responses={200: RepairDeviceSerializer, **error_responses(401, 404)})
    def get(self, request: Request, pk: int) -> Response:
        customer = _my_customer(request)
        if customer is None or not _valid_id(pk):
            raise NotFound("device")
        return Response(RepairDeviceSerializer(access_device(customer, pk)).data)


class MyRepairListView(_CustomerView):
    @extend_schema(operation_id="repairs_mine_list", summary="My repair orders",
                   parameters=[OpenApiParameter("limit", int), OpenApiParameter("offset", int)],
                   responses={200: RepairSummarySerializer(many=True), **error_responses(401)})
    def get(self, request: Request) -> Response:
        paginator = Pagination()
        page = paginator.paginate_queryset(_my_repairs(request), request, view=self)
        return paginator.get_paginated_response(RepairSummarySerializer(page, many=True).data)

    @extend_schema(operation_id="repairs_mine_create", summary="Open a repair order",
                   description="Package: `package`; diagnosis: `fault_description`; on site (a "
                   "device that cannot travel): `visit_*` and `preferred_slots`. The first "
                   "payment is an order to pay at `pay_url`. Errors name the field; a device "
                   "with a repair in progress is a 409.",
                   request=RepairInputSerializer,
                   responses={201: RepairDetailSerializer,
                              **error_responses(400, 401, 404, 409)})
    def post(self, request: Request) -> Response:
        serializer = _parsed(RepairInputSerializer, request.data)
        data = serializer.validated_data
        user = signed_in_user(request)
        customer = ensure_customer_for_user(user)
        device = access_device(customer, data["device"])
        package = (SellableItem.objects.filter(pk=data["package"]).first()
                   if data.get("package") else None)
        terms = payment_flow.accept_terms(accepted=data["terms_accepted"],
                                          version=data["terms_version"])
        repair = payment_flow.open_paid_repair(
            device, path=data["path"], email=user.email, terms=terms,
            fault_description=data["fault_description"], package=package,
            visit=serializer.visit(), actor_email=user.email)  # type: ignore[attr-defined]
        repair = _my_repair(request, repair.reference)
        return Response(_customer_detail(repair), status=status.HTTP_201_CREATED)


class MyRepairDetailView(_CustomerView):
    @extend_schema(operation_id="repairs_mine_retrieve", summary="One of my repair orders",
                   description="With its live quote and its timeline, in the customer's words.",
                   responses={200: RepairDetailSerializer, **error_responses(401, 404)})
    def get(self, request: Request, reference: str) -> Response:
        return Response(_customer_detail(_my_repair(request, reference)))


def _my_live_quote(request: Request, reference: str) -> Quote:
    quote = live_quote(_my_repair(request, reference))
    if quote is None:
        raise NotFound("quote")
    return quote


class MyQuoteView(_CustomerView):
    @extend_schema(operation_id="repairs_mine_quote_retrieve", summary="My quote to answer",
                   responses={200: RepairQuoteSerializer, **error_responses(401, 404)})
    def get(self, request: Request, reference: str) -> Response:
        return Response(RepairQuoteSerializer(_my_live_quote(request, reference)).data)


class MyQuoteAcceptView(_CustomerView):
    @extend_schema(operation_id="repairs_mine_quote_accept", summary="Accept my quote",
                   description="The quote's order is to pay at `pay_url`.",
                   request=RepairTermsInputSerializer,
                   responses={200: RepairAcceptedQuoteSerializer,
                              **error_responses(400, 401, 404, 409)})
    def post(self, request: Request, reference: str) -> Response:
        data = _parsed(RepairTermsInputSerializer, request.data).validated_data
        user = signed_in_user(request)
        quote = _my_live_quote(request, reference)
        terms = payment_flow.accept_terms(accepted=data["terms_accepted"],
                                          version=data["terms_version"])
        order = payment_flow.accept_and_order_quote(quote, email=user.email, terms=terms,
                                                    actor_email=user.email)
        quote = Quote.objects.prefetch_related("lines").get(pk=quote.pk)
        quote.pay_url = _pay_url(order)  # type: ignore[attr-defined]
        return Response(RepairAcceptedQuoteSerializer(quote).data)


class MyQuoteDeclineView(_CustomerView):
    @extend_schema(operation_id="repairs_mine_quote_decline", summary="Decline my quote",
                   request=None, responses={200: RepairQuoteSerializer,
                                            **error_responses(400, 401, 404, 409)})
    def post(self, request: Request, reference: str) -> Response:
        _parsed(RepairEmptyInputSerializer, request.data)
        quote = _my_live_quote(request, reference)
        decline_quote(quote, actor_email=signed_in_user(request).email)
        quote = Quote.objects.prefetch_related("lines").get(pk=quote.pk)
        return Response(RepairQuoteSerializer(quote).data)


# --- Staff side --------------------------------------------------------------------------------


class StaffRepairListView(_StaffView):
    @extend_schema(operation_id="repairs_list", summary="Repair orders (staff)",
                   description="Newest first.",
                   parameters=[RepairFilterSerializer, OpenApiParameter("limit", int),
                               OpenApiParameter("offset", int)],
                   responses={200: StaffRepairSummarySerializer(many=True),
                              **error_responses(400, 401, 403)})
    def get(self, request: Request) -> Response:
        filters = _parsed(RepairFilterSerializer, request.query_params).validated_data
        repairs = _staff_repairs()
        if filters.get("status"):
            repairs = repairs.filter(status=filters["status"])
        if filters.get("path"):
            repairs = repairs.filter(path=filters["path"])
        paginator = Pagination()
        page = paginator.paginate_queryset(repairs, request, view=self)
        return paginator.get_paginated_response(
            StaffRepairSummarySerializer(page, many=True).data)


class StaffRepairDetailView(_StaffView):
    @extend_schema(operation_id="repairs_retrieve", summary="One repair order (staff)",
                   responses={200: StaffRepairDetailSerializer,
                              **error_responses(401, 403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        return Response(_staff_detail(pk))


class StaffRepairTransitionView(_StaffView):
    @extend_schema(operation_id="repairs_transition", summary="Move a repair order (staff)",
                   request=RepairTransitionInputSerializer,
                   responses={200: StaffRepairDetailSerializer,
                              **error_responses(400, 401, 403, 404, 409)})
    def post(self, request: Request, pk: int) -> Response:
        repair = _staff_repair(pk)
        target = _parsed(RepairTransitionInputSerializer, request.data).validated_data["status"]
        transition_repair_order(repair, target, actor_email=signed_in_user(request).email)
        return Response(_staff_detail(pk))


class StaffRepairNoteView(_StaffView):
    @extend_schema(operation_id="repairs_notes_create", summary="Write a note (staff)",
                   request=RepairNoteInputSerializer,
                   responses={201: RepairNoteSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request: Request, pk: int) -> Response:
        repair = _staff_repair(pk)
        text = _parsed(RepairNoteInputSerializer, request.data).validated_data["text"]
        note = add_repair_note(repair, text, author=signed_in_user(request))
        return Response(RepairNoteSerializer(note).data, status=status.HTTP_201_CREATED)


class StaffQuoteCreateView(_StaffView):
    @extend_schema(operation_id="repairs_quotes_create", summary="Draft a quote (staff)",
                   description="A diagnosed or visited repair, or one whose quote is out (a "
                   "revision). Line errors are named `lines.<index>.<field>`.",
                   request=RepairQuoteInputSerializer,
                   responses={201: RepairQuoteSerializer,
                              **error_responses(400, 401, 403, 404, 409)})
    def post(self, request: Request, pk: int) -> Response:
        repair = _staff_repair(pk)
        serializer = _parsed(RepairQuoteInputSerializer, request.data)
        quote = create_quote(repair, serializer.lines_input(),  # type: ignore[attr-defined]
                             actor_email=signed_in_user(request).email)
        quote = Quote.objects.prefetch_related("lines").get(pk=quote.pk)
        return Response(RepairQuoteSerializer(quote).data, status=status.HTTP_201_CREATED)


class StaffQuoteSendView(_StaffView):
    @extend_schema(operation_id="repairs_quotes_send", summary="Send a draft quote (staff)",
                   description="Supersedes the quote the customer had; the repair becomes "
                   "\"quote sent\".", request=None,
                   responses={200: RepairQuoteSerializer,
                              **error_responses(400, 401, 403, 404, 409)})
    def post(self, request: Request, pk: int, quote_id: int) -> Response:
        _parsed(RepairEmptyInputSerializer, request.data)
        quote = (Quote.objects.select_related("repair_order").filter(
            pk=quote_id, repair_order_id=pk).first()
            if _valid_id(pk) and _valid_id(quote_id) else None)
        if quote is None:
            raise NotFound("quote")
        send_quote(quote, actor_email=signed_in_user(request).email)
        quote = Quote.objects.prefetch_related("lines").get(pk=quote.pk)
        return Response(RepairQuoteSerializer(quote).data)


urlpatterns = [
    path("repairs/devices/", MyDeviceListView.as_view(), name="repairs-devices"),
    path("repairs/devices/<int:pk>/", MyDeviceDetailView.as_view(), name="repairs-device"),
    path("repairs/mine/", MyRepairListView.as_view(), name="repairs-mine"),
    path("repairs/mine/<str:reference>/", MyRepairDetailView.as_view(),
         name="repairs-mine-detail"),
    path("repairs/mine/<str:reference>/quote/", MyQuoteView.as_view(), name="repairs-mine-quote"),
    path("repairs/mine/<str:reference>/quote/accept/", MyQuoteAcceptView.as_view(),
         name="repairs-mine-quote-accept"),
    path("repairs/mine/<str:reference>/quote/decline/", MyQuoteDeclineView.as_view(),
         name="repairs-mine-quote-decline"),
    path("repairs/", StaffRepairListView.as_view(), name="repairs-list"),
    path("repairs/<int:pk>/", StaffRepairDetailView.as_view(), name="repairs-detail"),
    path("repairs/<int:pk>/transition/", StaffRepairTransitionView.as_view(),
         name="repairs-transition"),
    path("repairs/<int:pk>/notes/", StaffRepairNoteView.as_view(), name="repairs-notes"),
    path("repairs/<int:pk>/quotes/", StaffQuoteCreateView.as_view(), name="repairs-quotes"),
    path("repairs/<int:pk>/quotes/<int:quote_id>/send/", StaffQuoteSendView.as_view(),
         name="repairs-quote-send"),
]
