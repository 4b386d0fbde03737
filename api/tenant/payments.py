"""Tenant API: payments of an order (by its token, as the payment link), refunds by managers.

The order's public token is the secret a guest holds (it is in the order e-mail): whoever has it
may read the order's payments and start one. Refunds are for the store's managers.
"""

from decimal import Decimal
from typing import Any

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.access import API_AUTHENTICATION, IsManager, signed_in_user
from api.serializers import StrictInputMixin, error_responses
from tenant_apps.payments import actions
from tenant_apps.payments.actions import MAX_AMOUNT
from tenant_apps.payments.models import Payment, Provider, Refund
from tenant_apps.payments.selectors import access_payment, order_for_token, order_payments
from tenant_apps.payments.state import PaymentStatus, RefundStatus

AMOUNT_HELP = "In the order's currency, as a string, e.g. \"9.90\"."


class RefundSerializer(serializers.ModelSerializer):
    amount = serializers.CharField(help_text=AMOUNT_HELP)
    status = serializers.ChoiceField(choices=RefundStatus.choices)

    class Meta:
        model = Refund
        fields = ["id", "amount", "reason", "status", "created_at", "completed_at"]
        read_only_fields = fields


class PaymentSerializer(serializers.ModelSerializer):
    provider = serializers.ChoiceField(choices=Provider.choices)
    status = serializers.ChoiceField(choices=PaymentStatus.choices)
    amount = serializers.CharField(help_text=AMOUNT_HELP)
    captured_amount = serializers.CharField(help_text=AMOUNT_HELP)
    refunds = RefundSerializer(many=True)

    class Meta:
        model = Payment
        fields = ["id", "provider", "status", "amount", "captured_amount", "currency",
                  "created_at", "captured_at", "refunds"]
        read_only_fields = fields


class OrderPaymentsSerializer(serializers.Serializer):
    order = serializers.CharField(help_text="The order's reference.")
    status = serializers.CharField(help_text="The order's status.")
    currency = serializers.CharField()
    total = serializers.CharField(help_text=AMOUNT_HELP)
    paid = serializers.CharField(help_text="Captured minus refunded.")
    refunded = serializers.CharField()
    outstanding = serializers.CharField(help_text="Still to pay.")
    payments = PaymentSerializer(many=True)


class StartInputSerializer(StrictInputMixin, serializers.Serializer):
    provider = serializers.ChoiceField(choices=Provider.choices, required=False,
                                       help_text="Defaults to the method chosen at checkout.")


class StartedSerializer(serializers.Serializer):
    payment = serializers.IntegerField()
    redirect_url = serializers.CharField(help_text="Send the customer there.")


class RefundInputSerializer(StrictInputMixin, serializers.Serializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2,
                                      min_value=Decimal("0.01"), max_value=MAX_AMOUNT)
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True)


class OrderPaymentsView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [AllowAny]

    @extend_schema(operation_id="payments_list", responses={
        200: OrderPaymentsSerializer, **error_responses(404)})
    def get(self, request: Request, token: str) -> Response:
        order = order_for_token(token)
        money = order_payments(order)
        return Response(OrderPaymentsSerializer({
            "order": order.reference, "status": order.status, "currency": order.currency,
            "total": str(order.total_gross), "paid": str(money.balance),
            "refunded": str(money.refunded), "outstanding": str(money.outstanding),
            "payments": [row.payment for row in money.rows],
        }).data)


class StartPaymentView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [AllowAny]

    @extend_schema(operation_id="payments_start", request=StartInputSerializer, responses={
        201: StartedSerializer, **error_responses(400, 404, 409)})
    def post(self, request: Request, token: str) -> Response:
        order = order_for_token(token)
        data = StartInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        provider = data.validated_data.get("provider") or order.payment_provider or "dummy"
        payment, redirect_url = actions.start_payment(order, provider)
        return Response(StartedSerializer({"payment": payment.pk,
                                           "redirect_url": redirect_url}).data,
                        status=status.HTTP_201_CREATED)


class RefundView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsManager]

    @extend_schema(operation_id="payments_refund", request=RefundInputSerializer, responses={
        201: RefundSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request: Request, payment_id: int) -> Response:
        payment = access_payment(payment_id)
        data = RefundInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = data.validated_data
        refund = actions.refund_payment(payment, values["amount"],
                                        reason=values.get("reason", ""),
                                        actor_email=signed_in_user(request).email)
        return Response(RefundSerializer(refund).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("payments/orders/<str:token>/", OrderPaymentsView.as_view(), name="payments-list"),
    path("payments/orders/<str:token>/start/", StartPaymentView.as_view(),
         name="payments-start"),
    path("payments/<int:payment_id>/refunds/", RefundView.as_view(), name="payments-refund"),
]
