from decimal import Decimal

from django import template
from django.http import HttpRequest

from tenant_apps.commerce import session
from tenant_apps.pricing.money import Money, quantize

register = template.Library()

CURRENCY_SIGNS = {"EUR": "€"}


@register.simple_tag(takes_context=True)
def cart_quantity(context: template.Context) -> int:
    """Units in the visitor's cart, for the storefront's "Cart (n)" link."""
    request = context.get("request")
    if not isinstance(request, HttpRequest) or not hasattr(request, "session"):
        return 0
    return session.cart_quantity(request)


@register.filter
def money(value: Money) -> str:
    sign = CURRENCY_SIGNS.get(value.currency, value.currency)
    return f"{quantize(value.amount)} {sign}"


@register.filter
def percent(rate: Decimal) -> str:
    """20.0 -> "20%", 5.5 -> "5.5%"."""
    text = f"{Decimal(rate):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"
