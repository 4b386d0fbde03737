from decimal import Decimal

from django_tenants.utils import schema_context, tenant_context

from shared_apps.payments_platform.models import ConnectedAccount, StripeEvent
from tenant_apps.commerce.models import Order
from tenant_apps.payments.models import Payment, Refund
from tests.matrix_parts import ANYONE, PUBLIC, TENANT, Row

ROWS = {
    (TENANT, "payments:pay"): Row(ANYONE, kwargs=("token=order_token",)),
    (TENANT, "payments:dummy"): Row(ANYONE, kwargs=("token=payment_token",)),
    (TENANT, "payments_admin:list"): Row("counter_staff"),
    (TENANT, "payments_admin:refund"): Row("manager", "post", ("payment_id",)),
    (TENANT, "tenant_api:payments-list"): Row(ANYONE, kwargs=("token=order_token",)),
    (TENANT, "tenant_api:payments-start"): Row(ANYONE, "post", ("token=order_token",)),
    (TENANT, "tenant_api:payments-refund"): Row("manager", "post", ("payment_id",)),
    (PUBLIC, "payments_platform:stripe_webhook"): Row(ANYONE, "post"),
    (PUBLIC, "payments_platform:accounts"): Row("operator"),
    (PUBLIC, "payments_platform:account_set"): Row("operator", "post", ("slug",)),
    (PUBLIC, "payments_platform:events"): Row("operator"),
}


def objects(tenant, users) -> dict:  # type: ignore[no-untyped-def]
    """The world's order, and a succeeded payment of it (so a refund could really happen)."""
    with tenant_context(tenant):
        order = Order.objects.get(reference="C-MATRIX")
        payment = Payment.objects.create(order=order, provider="dummy", status="succeeded",
                                         amount=Decimal("12.00"),
                                         captured_amount=Decimal("12.00"), currency="EUR")
    return {"order_token": order.public_token, "payment_token": payment.token,
            "payment_id": payment.pk}


def snapshot(tenant) -> tuple:  # type: ignore[no-untyped-def]
    with tenant_context(tenant):
        payments = (tuple(Payment.objects.order_by("pk").values_list("pk", "status")),
                    tuple(Refund.objects.order_by("pk").values_list("pk", "status", "amount")))
    with schema_context("public"):
        platform = (tuple(ConnectedAccount.objects.order_by("pk")
                          .values_list("tenant_id", "account_id", "charges_enabled")),
                    StripeEvent.objects.count())
    return payments + platform
