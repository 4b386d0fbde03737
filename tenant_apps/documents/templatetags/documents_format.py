"""Amounts, rates and dates as a French document prints them."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def euros(value: object, currency: str = "EUR") -> str:
    """``1 234,50 €``: French grouping with a narrow no-break space, decimal comma."""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return ""
    text = f"{amount:,.2f}".replace(",", "\u202f").replace(".", ",")
    symbol = "€" if currency == "EUR" else currency
    return f"{text} {symbol}"


@register.filter
def vat_rate(value: object) -> str:
    """``20 %``, ``5,5 %``."""
    try:
        rate = Decimal(str(value))
    except InvalidOperation:
        return ""
    return f"{rate.normalize():f}".replace(".", ",") + " %"
