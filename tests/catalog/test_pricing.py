"""Money and TaxedPrice: the parts always add up, rounding is half up, floats and mixed
currencies are refused."""

from decimal import Decimal

import pytest

from tenant_apps.pricing.money import Money, quantize
from tenant_apps.pricing.tax import VAT_PERCENT, TaxedPrice, VatRate

AMOUNTS = [Decimal(cents) / 100 for cents in [*range(0, 3001, 7), 99_999, 123_456_789]]


@pytest.mark.parametrize("rate", list(VatRate))
def test_net_plus_tax_is_gross_for_every_rate_and_many_amounts(rate):
    percent = VAT_PERCENT[rate]
    for amount in AMOUNTS:
        for price in (TaxedPrice.from_net(Money(amount), percent),
                      TaxedPrice.from_gross(Money(amount), percent)):
            assert price.net + price.tax == price.gross, (rate, amount)
            assert price.net.amount == quantize(price.net.amount)
            assert price.gross.amount == quantize(price.gross.amount)
            assert price.net <= price.gross


@pytest.mark.parametrize(("entered", "rate", "net", "gross"), [
    ("10.00", "20.0", "10.00", "12.00"),
    ("100.00", "5.5", "100.00", "105.50"),
    ("0.15", "10.0", "0.15", "0.17"),  # 0.165: half up gives 0.17, half even would give 0.16
    ("49.99", "2.1", "49.99", "51.04"),
])
def test_prices_entered_excluding_vat(entered, rate, net, gross):
    price = TaxedPrice.from_net(Money(Decimal(entered)), Decimal(rate))

    assert (price.net.amount, price.gross.amount) == (Decimal(net), Decimal(gross))


@pytest.mark.parametrize(("entered", "rate", "net", "tax"), [
    ("9.90", "20.0", "8.25", "1.65"),
    ("12.00", "20.0", "10.00", "2.00"),
    ("49.00", "20.0", "40.83", "8.17"),
    ("29.00", "10.0", "26.36", "2.64"),
    ("10.00", "0.0", "10.00", "0.00"),
])
def test_prices_entered_including_vat(entered, rate, net, tax):
    price = TaxedPrice.from_gross(Money(Decimal(entered)), Decimal(rate))

    assert price.gross.amount == Decimal(entered)
    assert (price.net.amount, price.tax.amount) == (Decimal(net), Decimal(tax))


def test_quantize_rounds_half_up():
    assert quantize(Decimal("2.345")) == Decimal("2.35")
    assert quantize(Decimal("2.325")) == Decimal("2.33")
    assert quantize(Decimal("-2.345")) == Decimal("-2.35")
    assert quantize(Decimal("2.344")) == Decimal("2.34")


def test_floats_are_refused():
    with pytest.raises(TypeError):
        Money(9.9)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(Decimal("9.90")) * 1.5  # type: ignore[operator]


def test_currencies_are_never_mixed():
    euros, dollars = Money(Decimal("1.00"), "EUR"), Money(Decimal("1.00"), "USD")

    with pytest.raises(ValueError):
        euros + dollars
    with pytest.raises(ValueError):
        euros - dollars
    with pytest.raises(ValueError):
        TaxedPrice(euros, dollars, Decimal("20.0"))
    with pytest.raises(ValueError):
        Money(Decimal("1.00"), "eur")


def test_a_line_multiplies_the_price_as_it_was_entered():
    gross_entered = TaxedPrice.from_gross(Money(Decimal("49.00")), Decimal("20.0"))
    net_entered = TaxedPrice.from_net(Money(Decimal("40.83")), Decimal("20.0"))

    incl_line, excl_line = gross_entered * 3, net_entered * 3

    assert (incl_line.gross.amount, incl_line.net.amount) == (Decimal("147.00"), Decimal("122.50"))
    assert (excl_line.net.amount, excl_line.gross.amount) == (Decimal("122.49"), Decimal("146.99"))
    assert incl_line.net + incl_line.tax == incl_line.gross
    assert (gross_entered.without_tax() * 3).gross.amount == Decimal("122.49")
    with pytest.raises(TypeError):
        gross_entered * 1.5  # type: ignore[operator]
