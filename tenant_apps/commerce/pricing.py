"""How prices are charged and shown to one customer, and the priced lines of a basket.

``price_lines`` is the one place that turns (item, quantity) pairs into line totals, VAT per rate
and grand totals; the cart uses it now and checkout reuses it to snapshot an order.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.db import models

from tenant_apps.catalog.models import SellableItem
from tenant_apps.customers.models import Customer
from tenant_apps.customers.vat import VatStatus
from tenant_apps.pricing.money import DEFAULT_CURRENCY, Money
from tenant_apps.pricing.tax import TaxedPrice


class VatTreatment(models.TextChoices):
    CHARGED = "charged", "VAT charged"
    REVERSE_CHARGE = "reverse_charge", "VAT reverse charged (autoliquidation)"
    EXPORT = "export", "Export outside the EU: no VAT"


_TREATMENT_OF_STATUS = {
    VatStatus.NATIONAL: VatTreatment.CHARGED,
    VatStatus.INTRA_EU: VatTreatment.REVERSE_CHARGE,
    VatStatus.EXTRA_EU: VatTreatment.EXPORT,
}


@dataclass(frozen=True)
class PricingPolicy:
    """Individuals and guests see prices incl. VAT, professionals excl. VAT (B2); customers
    under reverse charge or export pay the net price, no VAT (B4)."""

    shows_vat_included: bool
    treatment: VatTreatment

    @property
    def charges_vat(self) -> bool:
        return self.treatment == VatTreatment.CHARGED

    @property
    def mention(self) -> str:
        """The sentence a cart, an order and an invoice print; empty when VAT is charged."""
        return "" if self.charges_vat else str(self.treatment.label)

    @property
    def price_label(self) -> str:
        if not self.charges_vat:
            return "no VAT"
        return "incl. VAT" if self.shows_vat_included else "excl. VAT"

    def charged(self, price: TaxedPrice) -> TaxedPrice:
        return price if self.charges_vat else price.without_tax()

    def shown(self, price: TaxedPrice) -> Money:
        return price.gross if self.shows_vat_included else price.net


GUEST_POLICY = PricingPolicy(shows_vat_included=True, treatment=VatTreatment.CHARGED)


def pricing_policy(customer: Customer | None) -> PricingPolicy:
    """The policy for a customer; None (a guest, an anonymous visitor) is an individual."""
    if customer is None:
        return GUEST_POLICY
    return PricingPolicy(shows_vat_included=not customer.is_professional,
                         treatment=_TREATMENT_OF_STATUS[customer.vat_status])


class Priceable(Protocol):
    """Anything with an item and a quantity: a cart line, later an order line being made."""

    @property
    def item(self) -> SellableItem: ...

    @property
    def quantity(self) -> int: ...


@dataclass(frozen=True)
class PricedLine:
    line_id: int | None
    item: SellableItem
    quantity: int
    unit_price: TaxedPrice
    total: TaxedPrice
    unit_shown: Money
    total_shown: Money

    @property
    def description(self) -> str:
        return self.item.name


@dataclass(frozen=True)
class RateTotal:
    """The lines taxed at one rate; net + tax == gross as for every TaxedPrice."""

    rate: Decimal
    net: Money
    gross: Money

    @property
    def tax(self) -> Money:
        return self.gross - self.net


@dataclass(frozen=True)
class PriceSummary:
    policy: PricingPolicy
    lines: tuple[PricedLine, ...]
    vat_totals: tuple[RateTotal, ...]
    total_net: Money
    total_gross: Money

    @property
    def total_tax(self) -> Money:
        return self.total_gross - self.total_net

    @property
    def total_shown(self) -> Money:
        return self.policy.shown(TaxedPrice(self.total_net, self.total_gross, Decimal("0")))

    @property
    def quantity(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def currency(self) -> str:
        return self.total_gross.currency


def price_lines(lines: Iterable[Priceable], policy: PricingPolicy, *,
                currency: str = DEFAULT_CURRENCY) -> PriceSummary:
    """Line totals (unit price times quantity, VAT on the line), VAT per rate, grand totals.

    Totals are sums of line totals, so every rate's and the grand total's net + tax == gross.
    """
    priced: list[PricedLine] = []
    per_rate: dict[Decimal, tuple[Money, Money]] = {}
    for line in lines:
        unit = policy.charged(line.item.taxed_price())
        total = policy.charged(line.item.taxed_price() * line.quantity)
        priced.append(PricedLine(
            line_id=getattr(line, "pk", None), item=line.item, quantity=line.quantity,
            unit_price=unit, total=total, unit_shown=policy.shown(unit),
            total_shown=policy.shown(total),
        ))
        net, gross = per_rate.get(total.rate, (Money.zero(currency), Money.zero(currency)))
        per_rate[total.rate] = (net + total.net, gross + total.gross)
    vat_totals = tuple(RateTotal(rate, net, gross)
                       for rate, (net, gross) in sorted(per_rate.items(), reverse=True))
    total_net, total_gross = Money.zero(currency), Money.zero(currency)
    for rate_total in vat_totals:
        total_net, total_gross = total_net + rate_total.net, total_gross + rate_total.gross
    return PriceSummary(policy, tuple(priced), vat_totals, total_net, total_gross)
