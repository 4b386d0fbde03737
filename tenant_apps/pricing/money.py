"""Money: Decimal amounts with a currency, rounded in one place.

Integer minor units exist only at a payment provider's boundary (``to_minor_units``).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
DEFAULT_CURRENCY = "EUR"


def quantize(amount: Decimal) -> Decimal:
    """Round to the cent, half up, as French invoices do."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str = DEFAULT_CURRENCY

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError("Money takes a Decimal amount, never a float.")
        if len(self.currency) != 3 or not self.currency.isupper():
            raise ValueError(f"Invalid currency code {self.currency!r}.")

    @classmethod
    def zero(cls, currency: str = DEFAULT_CURRENCY) -> "Money":
        return cls(Decimal("0.00"), currency)

    def _same_currency(self, other: "Money") -> None:
        if other.currency != self.currency:
            raise ValueError(f"Cannot mix {self.currency} and {other.currency}.")

    def __add__(self, other: "Money") -> "Money":
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: "Money") -> "Money":
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, factor: int | Decimal) -> "Money":
        if isinstance(factor, float):
            raise TypeError("Multiply Money by an int or a Decimal, never a float.")
        return Money(self.amount * factor, self.currency)

    def __neg__(self) -> "Money":
        return Money(-self.amount, self.currency)

    def __lt__(self, other: "Money") -> bool:
        self._same_currency(other)
        return self.amount < other.amount

    def __le__(self, other: "Money") -> bool:
        self._same_currency(other)
        return self.amount <= other.amount

    def quantized(self) -> "Money":
        return Money(quantize(self.amount), self.currency)

    def to_minor_units(self) -> int:
        return int(quantize(self.amount) * 100)

    @classmethod
    def from_minor_units(cls, units: int, currency: str = DEFAULT_CURRENCY) -> "Money":
        return cls(Decimal(units) / 100, currency)

    def __str__(self) -> str:
        return f"{quantize(self.amount)} {self.currency}"
