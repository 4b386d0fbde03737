"""Stripe: hosted Checkout (card data never touches us: PCI SAQ-A) on the tenant's connected
account as a direct charge, so the card statement shows the retailer, with the platform's
application fee. Webhooks confirm; see tenant_apps.payments.stripe_events.
"""

import stripe

from shared_apps.payments_platform import stripe_api
from shared_apps.payments_platform.models import ConnectedAccount
from shared_apps.payments_platform.selectors import connected_account
from tenant_apps.pricing.money import Money
from tenants.context import current_tenant

from ..errors import ProviderFailed
from ..links import absolute, order_page_path, pay_page_path
from ..models import Payment, Provider, Refund
from ..state import RefundStatus
from .base import RefundResult, StartedPayment

DASHBOARD = "https://dashboard.stripe.com"
# Stripe's refund statuses, as ours.
REFUND_STATUSES = {"succeeded": RefundStatus.SUCCEEDED, "failed": RefundStatus.FAILED,
                   "canceled": RefundStatus.FAILED}


def refund_status(stripe_status: str) -> RefundStatus:
    return REFUND_STATUSES.get(stripe_status, RefundStatus.PENDING)


def _account() -> ConnectedAccount | None:
    return connected_account(current_tenant())


def _charging_account() -> ConnectedAccount:
    account = _account()
    if account is None or not account.charges_enabled or not stripe_api.is_configured():
        raise ProviderFailed("Card payment is not available for this store yet.")
    return account


def payment_metadata(payment: Payment) -> dict[str, str]:
    tenant = current_tenant()
    return {"awal_payment": payment.token, "awal_tenant": tenant.slug if tenant else "",
            "order_reference": payment.order.reference}


class StripeProvider:
    code = Provider.STRIPE.value
    label = Provider.STRIPE.label

    def is_available(self) -> bool:
        account = _account() if stripe_api.is_configured() else None
        return account is not None and account.charges_enabled

    def _session_params(self, payment: Payment) -> dict:  # type: ignore[type-arg]
        order = payment.order
        money = Money(payment.amount, payment.currency)
        metadata = payment_metadata(payment)
        return {
            "mode": "payment",
            "client_reference_id": payment.token,
            "customer_email": order.email,
            "line_items": [{"quantity": 1, "price_data": {
                "currency": payment.currency.lower(), "unit_amount": money.to_minor_units(),
                "product_data": {"name": f"Order {order.reference}"}}}],
            "payment_intent_data": {
                "application_fee_amount": stripe_api.application_fee(money).to_minor_units(),
                "metadata": metadata},
            "metadata": metadata,
            "success_url": absolute(order_page_path(order)),
            "cancel_url": absolute(pay_page_path(order)),
        }

    def start(self, payment: Payment) -> StartedPayment:
        account = _charging_account()
        try:
            session = stripe_api.client().v1.checkout.sessions.create(
                self._session_params(payment),  # type: ignore[arg-type]
                {"stripe_account": account.account_id,
                 "idempotency_key": payment.idempotency_key})
        except stripe.StripeError as error:
            raise ProviderFailed(f"The card payment page could not be opened "
                                 f"({error.user_message or 'Stripe error'}).") from error
        return StartedPayment(str(session.url), str(session.id))

    def close(self, payment: Payment) -> None:
        """Expire the Checkout Session: Stripe refuses when it is complete or being paid."""
        account = _account()
        if account is None or not payment.provider_reference.startswith("cs_"):
            return  # no session was opened (or no account to reach it): nothing can be paid
        try:
            stripe_api.client().v1.checkout.sessions.expire(
                payment.provider_reference, options={"stripe_account": account.account_id})
        except stripe.StripeError as error:
            raise ProviderFailed(f"The earlier card payment page could not be closed "
                                 f"({error.user_message or 'Stripe error'}).") from error

    def refund(self, refund: Refund) -> RefundResult:
        payment = refund.payment
        account = _account()
        if account is None or not payment.payment_intent_id:
            raise ProviderFailed("This payment cannot be refunded through Stripe here.",
                                 field="payment")
        params = {"payment_intent": payment.payment_intent_id,
                  "amount": Money(refund.amount, payment.currency).to_minor_units(),
                  "reason": "requested_by_customer",
                  # The platform gives its fee back in proportion: the store is not charged for
                  # money it returned.
                  "refund_application_fee": True,
                  "metadata": {"awal_payment": payment.token,
                               "awal_refund": refund.idempotency_key}}
        try:
            created = stripe_api.client().v1.refunds.create(
                params,  # type: ignore[arg-type]
                {"stripe_account": account.account_id, "idempotency_key": refund.idempotency_key})
        except stripe.StripeError as error:
            raise ProviderFailed(f"Stripe refused the refund "
                                 f"({error.user_message or 'Stripe error'}).",
                                 field="amount") from error
        return RefundResult(str(created.id), refund_status(str(created.status)))

    def dashboard_url(self, payment: Payment) -> str:
        account = _account()
        if account is None or not payment.payment_intent_id:
            return ""
        return f"{DASHBOARD}/{account.account_id}/payments/{payment.payment_intent_id}"
