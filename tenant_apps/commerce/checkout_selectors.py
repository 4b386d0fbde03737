"""Read models of the checkout: the review of an order about to be placed, the options offered."""

from dataclasses import dataclass
from decimal import Decimal

from tenant_apps.customers.models import Address, Customer
from tenant_apps.payments.providers import available_providers
from tenant_apps.pricing.money import Money

from .checkout_choices import BillingChoice, Buyer, DeliveryChoice, resolve_delivery
from .checkout_errors import CheckoutError
from .checkout_models import CheckoutSettings, DeliveryOption
from .checkout_pricing import charged_fee, with_delivery
from .models import Cart
from .order_actions import CheckoutDetails
from .order_models import Order, OrderLine, is_token_shaped
from .pricing import PriceSummary, pricing_policy
from .selectors import CartSummary, cart_summary


@dataclass(frozen=True)
class OptionRow:
    option: DeliveryOption
    price_shown: Money


def option_rows(customer: Customer | None) -> list[OptionRow]:
    """The active delivery options with their price as this customer sees it: one query."""
    policy = pricing_policy(customer)
    return [OptionRow(option, policy.shown(policy.charged(option.taxed_price())))
            for option in DeliveryOption.objects.active()]


def saved_addresses(customer: Customer | None) -> list[Address]:
    return list(customer.addresses.all()) if customer is not None else []


def provider_label(code: str) -> str:
    return dict(available_providers()).get(code, code)


@dataclass(frozen=True)
class Review:
    buyer: Buyer
    goods: CartSummary
    prices: PriceSummary  # the goods plus the delivery fee
    details: CheckoutDetails
    fee_shown: Money
    settings: CheckoutSettings
    payment_provider: str
    payment_label: str


def review_of(cart: Cart, buyer: Buyer, delivery: DeliveryChoice, billing: BillingChoice,
              payment_provider: str) -> Review:
    """Everything the review page shows, priced now; a stale choice raises CheckoutError.

    A constant number of queries whatever the number of cart lines.
    """
    goods = cart_summary(cart, buyer.customer)
    if goods.unavailable:
        raise CheckoutError("Some items are no longer for sale: remove them from your cart.",
                            code="item_unavailable", field="cart", status=409)
    details = resolve_delivery(buyer, delivery, billing)
    fee = details.delivery_fee
    prices = with_delivery(goods.prices, fee)
    fee_shown = prices.policy.shown(charged_fee(goods.prices, fee)) if fee \
        else Money.zero(prices.currency)
    return Review(buyer, goods, prices, details, fee_shown, CheckoutSettings.current(),
                  payment_provider, provider_label(payment_provider))


@dataclass(frozen=True)
class OrderRateTotal:
    rate: Decimal
    net: Decimal
    tax: Decimal
    gross: Decimal


def order_vat_totals(lines: list[OrderLine]) -> list[OrderRateTotal]:
    """An order's VAT per rate, from its snapshotted lines (the delivery fee included)."""
    per_rate: dict[Decimal, tuple[Decimal, Decimal, Decimal]] = {}
    for line in lines:
        net, tax, gross = per_rate.get(line.vat_rate, (Decimal("0"),) * 3)
        per_rate[line.vat_rate] = (net + line.line_net, tax + line.line_tax,
                                   gross + line.line_gross)
    return [OrderRateTotal(rate, *amounts)
            for rate, amounts in sorted(per_rate.items(), reverse=True)]


def order_by_token(token: str) -> Order | None:
    """The order a public token opens in this tenant; malformed tokens name nothing."""
    if not is_token_shaped(token):  # a NUL byte or junk must not reach the query
        return None
    return Order.objects.filter(public_token=token).first()


def order_for_checkout_key(cart: Cart | None, key: str) -> Order | None:
    """The order a checkout with this key already made from this cart, if any."""
    if cart is None or not key:
        return None
    return Order.objects.filter(checkout_key=f"{cart.pk}:{key}").first()
