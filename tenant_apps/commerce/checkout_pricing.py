"""The delivery fee on top of a priced basket: one more amount at its VAT rate.

The fee follows the customer's policy like every line: no VAT under reverse charge or export.
"""

from dataclasses import dataclass

from tenant_apps.pricing.money import Money
from tenant_apps.pricing.tax import TaxedPrice

from .pricing import PriceSummary, RateTotal


@dataclass(frozen=True)
class DeliveryFee:
    """The chosen delivery option's code, label and price as entered (before the policy)."""

    code: str
    label: str
    price: TaxedPrice


def charged_fee(summary: PriceSummary, fee: DeliveryFee) -> TaxedPrice:
    return summary.policy.charged(fee.price)


def with_delivery(summary: PriceSummary, fee: DeliveryFee | None) -> PriceSummary:
    """The summary whose VAT per rate and totals include the fee; its lines stay the goods."""
    if fee is None:
        return summary
    charged = charged_fee(summary, fee)
    zero = Money.zero(summary.currency)
    per_rate = {rate.rate: (rate.net, rate.gross) for rate in summary.vat_totals}
    net, gross = per_rate.get(charged.rate, (zero, zero))
    per_rate[charged.rate] = (net + charged.net, gross + charged.gross)
    vat_totals = tuple(RateTotal(rate, net, gross)
                       for rate, (net, gross) in sorted(per_rate.items(), reverse=True))
    return PriceSummary(summary.policy, summary.lines, vat_totals,
                        summary.total_net + charged.net, summary.total_gross + charged.gross)
