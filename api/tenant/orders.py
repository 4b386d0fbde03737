"""Tenant API: orders.

Staff (counter staff and managers) list orders with the back office's filters, read one with its
lines, history, notes and parcels, move it, write notes and ship it with a tracking number.
"Paid" and "refunded" follow the payments: asking for them is a 409 ``follows_payments``.
Customers read their own orders, by reference; anyone else's order is a 404.
"""

from typing import Any

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.access import API_AUTHENTICATION, IsStoreStaff, signed_in_user
from api.serializers import StrictInputMixin, error_responses
from tenant_apps.commerce.order_actions import MAX_NOTE_LENGTH, add_note, transition_order
from tenant_apps.commerce.order_models import Order, OrderEvent, OrderLine, OrderNote
from tenant_apps.commerce.order_selectors import OrderFilters, access_order, search_orders
from tenant_apps.commerce.order_state import OrderStatus
from tenant_apps.logistics.actions import create_shipment
from tenant_apps.logistics.models import Shipment, ShipmentEvent
from tenant_apps.logistics.selectors import with_timelines

MAX_REFERENCE_LENGTH = 20

# --- Shapes ------------------------------------------------------------------------------------


class LineSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderLine
        fields = ["position", "description", "kind", "quantity", "unit_net", "unit_gross",
                  "vat_rate", "line_net", "line_tax", "line_gross"]
        read_only_fields = fields


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderEvent
        fields = ["from_status", "to_status", "created_at"]
        read_only_fields = fields


class StaffEventSerializer(EventSerializer):
    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "actor_email"]
        read_only_fields = fields


class NoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderNote
        fields = ["id", "author_email", "text", "created_at"]
        read_only_fields = fields


class ShipmentEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = ShipmentEvent
        fields = ["status", "message", "location", "occurred_at"]
        read_only_fields = fields


class ShipmentSerializer(serializers.ModelSerializer):
    carrier_label = serializers.CharField(read_only=True)
    tracking_url = serializers.CharField(read_only=True, help_text="The carrier's tracking page; "
                                         "empty when the carrier has none.")
    events = ShipmentEventSerializer(many=True, read_only=True, help_text="The tracking "
                                     "timeline, oldest first.")

    class Meta:
        model = Shipment
        fields = ["id", "leg", "direction", "carrier", "carrier_label", "tracking_number",
                  "tracking_url", "status", "created_at", "events"]
        read_only_fields = fields


class DeliverySerializer(serializers.Serializer):
    """The delivery chosen at checkout, as snapshotted on the order."""

    kind = serializers.CharField(source="delivery_kind")
    method = serializers.CharField(source="delivery_method")
    method_label = serializers.CharField(source="delivery_label")
    name = serializers.CharField(source="delivery_name")
    phone = serializers.CharField(source="delivery_phone")
    street = serializers.CharField(source="delivery_street")
    postal_code = serializers.CharField(source="delivery_postal_code")
    city = serializers.CharField(source="delivery_city")
    country = serializers.CharField(source="delivery_country")
    post_office_id = serializers.CharField()
    post_office_name = serializers.CharField()


_SUMMARY_FIELDS = ["id", "reference", "placed_at", "status", "currency", "total_net",
                   "total_tax", "total_gross", "prices_include_vat", "price_label"]


class OrderSummarySerializer(serializers.ModelSerializer):
    prices_include_vat = serializers.BooleanField(source="shows_vat_included", read_only=True)
    price_label = serializers.CharField(read_only=True)

    class Meta:
        model = Order
        fields = _SUMMARY_FIELDS
        read_only_fields = fields


class StaffOrderSummarySerializer(OrderSummarySerializer):
    line_count = serializers.IntegerField(read_only=True)

    class Meta(OrderSummarySerializer.Meta):
        fields = [*_SUMMARY_FIELDS, "customer", "customer_name", "email", "vat_status",
                  "line_count", "delivery_method"]
        read_only_fields = fields


_DETAIL_FIELDS = ["vat_treatment", "vat_mention", "lines", "events", "shipments", "delivery"]


class OrderDetailSerializer(OrderSummarySerializer):
    lines = LineSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True, help_text="Status history, oldest first.")
    shipments = ShipmentSerializer(many=True, read_only=True)
    delivery = DeliverySerializer(source="*", read_only=True)

    class Meta(OrderSummarySerializer.Meta):
        fields = [*_SUMMARY_FIELDS, *_DETAIL_FIELDS]
        read_only_fields = fields


class StaffOrderDetailSerializer(OrderDetailSerializer):
    events = StaffEventSerializer(many=True, read_only=True)
    notes = NoteSerializer(many=True, read_only=True, help_text="Staff only, oldest first.")

    class Meta(OrderDetailSerializer.Meta):
        fields = [*_SUMMARY_FIELDS, "customer", "customer_name", "email", "vat_status",
                  *_DETAIL_FIELDS, "notes"]
        read_only_fields = fields


class OrderFilterSerializer(serializers.Serializer):
    q = serializers.CharField(max_length=100, required=False, allow_blank=True,
                              help_text="Reference, e-mail or customer name fragment.")
    status = serializers.ChoiceField(choices=OrderStatus.choices, required=False,
                                     allow_blank=True)
    placed_from = serializers.DateField(required=False)
    placed_to = serializers.DateField(required=False, help_text="Included.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("placed_from"), attrs.get("placed_to")
        if start and end and start > end:
            raise serializers.ValidationError(
                {"placed_to": ["Give a date on or after the start date."]}, code="invalid")
        return attrs

    def filters(self) -> OrderFilters:
        data = self.validated_data
        return OrderFilters(text=data.get("q", ""), status=data.get("status", ""),
                            placed_from=data.get("placed_from"),
                            placed_to=data.get("placed_to"))


class TransitionInputSerializer(StrictInputMixin, serializers.Serializer):
    status = serializers.ChoiceField(choices=OrderStatus.choices, help_text="\"paid\" and "
                                     "\"refunded\" follow the payments: refused with 409.")


class NoteInputSerializer(StrictInputMixin, serializers.Serializer):
    text = serializers.CharField(max_length=MAX_NOTE_LENGTH)


class ShipmentInputSerializer(StrictInputMixin, serializers.Serializer):
    carrier = serializers.CharField(max_length=30, help_text="A carrier code, e.g. "
                                    "\"colissimo\", \"chronopost\", \"other\".")
    tracking_number = serializers.CharField(max_length=40)


# --- Reads -------------------------------------------------------------------------------------


class OrderPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 200


def _with_details(orders: list[Order]) -> None:
    """Lines, history, notes and parcels of the orders in five queries, however many."""
    prefetch_related_objects(
        orders, "lines", "events", "notes",
        Prefetch("shipments", queryset=with_timelines(Shipment.objects.order_by("created_at",
                                                                               "id"))))


def _staff_order(pk: int) -> Order:
    order = access_order(pk)
    _with_details([order])
    return order


def _own_orders(request: Request) -> QuerySet[Order]:
    """The caller's orders (none for staff, who have no customer profile)."""
    return Order.objects.filter(customer__user=signed_in_user(request)).order_by("-placed_at",
                                                                                "-id")


def _parsed(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class _StaffView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsStoreStaff]


class StaffOrderListView(_StaffView):
    @extend_schema(
        operation_id="orders_list", summary="Orders (staff)",
        description="Newest first; the id breaks ties, so pages never overlap.",
        parameters=[OrderFilterSerializer, OpenApiParameter("limit", int),
                    OpenApiParameter("offset", int)],
        responses={200: StaffOrderSummarySerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        filters = OrderFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        orders = search_orders(filters.filters())
        paginator = OrderPagination()
        page = paginator.paginate_queryset(orders, request, view=self)
        return paginator.get_paginated_response(
            StaffOrderSummarySerializer(page, many=True).data)


class StaffOrderDetailView(_StaffView):
    @extend_schema(operation_id="orders_retrieve", summary="One order (staff)",
                   responses={200: StaffOrderDetailSerializer, **error_responses(401, 403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        return Response(StaffOrderDetailSerializer(_staff_order(pk)).data)


class StaffOrderTransitionView(_StaffView):
    @extend_schema(operation_id="orders_transition", summary="Move an order (staff)",
                   request=TransitionInputSerializer,
                   responses={200: StaffOrderDetailSerializer,
                              **error_responses(400, 401, 403, 404, 409)})
    def post(self, request: Request, pk: int) -> Response:
        order = access_order(pk)
        target = _parsed(TransitionInputSerializer, request.data)["status"]
        transition_order(order, target, actor_email=signed_in_user(request).email)
        return Response(StaffOrderDetailSerializer(_staff_order(pk)).data)


class StaffOrderNoteView(_StaffView):
    @extend_schema(operation_id="orders_notes_create", summary="Write a note (staff)",
                   request=NoteInputSerializer,
                   responses={201: NoteSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request: Request, pk: int) -> Response:
        order = access_order(pk)
        text = _parsed(NoteInputSerializer, request.data)["text"]
        note = add_note(order, text, author_email=signed_in_user(request).email)
        return Response(NoteSerializer(note).data, status=status.HTTP_201_CREATED)


class StaffOrderShipmentView(_StaffView):
    @extend_schema(operation_id="orders_shipments_create",
                   summary="Ship a processing order with a tracking number (staff)",
                   description="The order becomes \"shipped\" and the customer is e-mailed the "
                   "tracking link.", request=ShipmentInputSerializer,
                   responses={201: ShipmentSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request: Request, pk: int) -> Response:
        order = access_order(pk)
        data = _parsed(ShipmentInputSerializer, request.data)
        shipment = create_shipment(order, carrier=data["carrier"],
                                   tracking_number=data["tracking_number"],
                                   actor_email=signed_in_user(request).email)
        shipment = with_timelines(Shipment.objects.filter(pk=shipment.pk)).get()
        return Response(ShipmentSerializer(shipment).data, status=status.HTTP_201_CREATED)


class _CustomerView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsAuthenticated]


class MyOrderListView(_CustomerView):
    @extend_schema(operation_id="orders_mine_list", summary="My orders",
                   parameters=[OpenApiParameter("limit", int), OpenApiParameter("offset", int)],
                   responses={200: OrderSummarySerializer(many=True), **error_responses(401)})
    def get(self, request: Request) -> Response:
        paginator = OrderPagination()
        page = paginator.paginate_queryset(_own_orders(request), request, view=self)
        return paginator.get_paginated_response(OrderSummarySerializer(page, many=True).data)


class MyOrderDetailView(_CustomerView):
    @extend_schema(operation_id="orders_mine_retrieve", summary="One of my orders",
                   responses={200: OrderDetailSerializer, **error_responses(401, 404)})
    def get(self, request: Request, reference: str) -> Response:
        # A NUL cannot reach PostgreSQL (it would be a 500): no reference holds one anyway.
        is_plausible = len(reference) <= MAX_REFERENCE_LENGTH and "\x00" not in reference
        order = _own_orders(request).filter(reference=reference).first() if is_plausible else None
        if order is None:
            raise Http404("No such order.")
        _with_details([order])
        return Response(OrderDetailSerializer(order).data)


urlpatterns = [
    path("orders/", StaffOrderListView.as_view(), name="orders-list"),
    path("orders/mine/", MyOrderListView.as_view(), name="orders-mine"),
    path("orders/mine/<str:reference>/", MyOrderDetailView.as_view(), name="orders-mine-detail"),
    path("orders/<int:pk>/", StaffOrderDetailView.as_view(), name="orders-detail"),
    path("orders/<int:pk>/transition/", StaffOrderTransitionView.as_view(),
         name="orders-transition"),
    path("orders/<int:pk>/notes/", StaffOrderNoteView.as_view(), name="orders-notes"),
    path("orders/<int:pk>/shipments/", StaffOrderShipmentView.as_view(),
         name="orders-shipments"),
]
