"""VAT: French rates as tax rules, and a taxed price whose parts always add up."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models

from .money import Money, quantize


class VatRate(models.TextChoices):
    """French VAT rates (Code général des impôts, art. 278 to 281 nonies)."""

    STANDARD = "standard", "Standard rate 20%"
    INTERMEDIATE = "intermediate", "Intermediate rate 10%"
    REDUCED = "reduced", "Reduced rate 5.5%"
    SUPER_REDUCED = "super_reduced", "Super-reduced rate 2.1%"
    EXEMPT = "exempt", "Exempt 0%"


VAT_PERCENT: dict[str, Decimal] = {
    VatRate.STANDARD: Decimal("20.0"),
    VatRate.INTERMEDIATE: Decimal("10.0"),
    VatRate.REDUCED: Decimal("5.5"),
    VatRate.SUPER_REDUCED: Decimal("2.1"),
    VatRate.EXEMPT: Decimal("0.0"),
}


@dataclass(frozen=True)
class TaxedPrice:
    """Net + tax == gross, by construction: the tax is always gross minus net."""

    net: Money
    gross: Money
    rate: Decimal  # percent, e.g. Decimal("20.0")
    # Which side was entered: a line of a price entered incl. VAT multiplies the gross, so three
    # items at 49.00 incl. VAT cost 147.00, not 146.99 recomputed from a rounded net.
    is_gross_entered: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        if self.net.currency != self.gross.currency:
            raise ValueError("Net and gross must share a currency.")

    @property
    def tax(self) -> Money:
        return self.gross - self.net

    @classmethod
    def from_net(cls, net: Money, rate: Decimal) -> "TaxedPrice":
        net = net.quantized()
        gross = Money(quantize(net.amount * (1 + rate / 100)), net.currency)
        return cls(net, gross, rate)

    @classmethod
    def from_gross(cls, gross: Money, rate: Decimal) -> "TaxedPrice":
        gross = gross.quantized()
        net = Money(quantize(gross.amount / (1 + rate / 100)), gross.currency)
        return cls(net, gross, rate, is_gross_entered=True)

    def __mul__(self, quantity: int) -> "TaxedPrice":
        """Line totals: the entered unit price times the quantity, tax computed on the line."""
        if isinstance(quantity, bool) or not isinstance(quantity, int):
            raise TypeError("Multiply a price by a whole quantity.")
        if self.is_gross_entered:
            return TaxedPrice.from_gross(self.gross * quantity, self.rate)
        return TaxedPrice.from_net(self.net * quantity, self.rate)

    def without_tax(self) -> "TaxedPrice":
        """Reverse charge or export: the customer pays the net price, no VAT."""
        return TaxedPrice(self.net, self.net, Decimal("0.0"))
