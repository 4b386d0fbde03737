"""What an issued document says, computed from an order: buyer, lines, VAT per rate, mentions.

Pure functions over an order and its lines (no writes). Amounts go into the document's JSON as
strings of two-decimal Decimals; the totals are sums of the lines, so net + tax == gross holds
on every line, every rate and the whole document.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from tenant_apps.commerce.order_models import Order, OrderLine
from tenant_apps.commerce.pricing import VatTreatment
from tenant_apps.pricing.money import quantize

from .models import DOCUMENT_TITLES, DocumentKind, IssuedDocument
from .seller import RECOVERY_INDEMNITY

REVERSE_CHARGE_MENTION = ("Autoliquidation : TVA due par le preneur (article 283-2 du CGI, "
                          "article 196 de la directive 2006/112/CE)")
EXPORT_MENTION = "Exonération de TVA, article 262 I du CGI"
NO_EARLY_PAYMENT_DISCOUNT = "Pas d'escompte pour paiement anticipé"
INVOICE_ON_REQUEST = "Une facture est délivrée sur simple demande."
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class DocumentContent:
    """Everything a document prints besides its number and the seller."""

    buyer: dict[str, Any]
    lines: list[dict[str, str]]
    vat_breakdown: list[dict[str, str]]
    mentions: list[str]
    total_net: Decimal
    total_tax: Decimal
    total_gross: Decimal


def french_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def is_professional_order(order: Order) -> bool:
    """A professional buyer gets an invoice: prices were shown excl. VAT at placing time (the
    customer was a professional then), or the order names a company, a VAT number or a SIRET."""
    return (not order.shows_vat_included or bool(order.billing_company)
            or bool(order.buyer_vat_number) or bool(order.buyer_siret))


def sale_kind(order: Order) -> DocumentKind:
    return DocumentKind.INVOICE if is_professional_order(order) else DocumentKind.RECEIPT


def buyer_of(order: Order) -> dict[str, Any]:
    return {
        "name": order.billing_name or order.customer_name,
        "company": order.billing_company,
        "street": order.billing_street,
        "postal_code": order.billing_postal_code,
        "city": order.billing_city,
        "country": order.billing_country,
        "email": order.email,
        "vat_number": order.buyer_vat_number,
        "siret": order.buyer_siret,
        "is_professional": is_professional_order(order),
    }


def _money(amount: Decimal) -> str:
    """Two decimals, and never "-0.00" (adding zero drops the sign of a zero)."""
    return str(quantize(amount) + ZERO)


def _line(description: str, quantity: int, unit_net: Decimal, unit_gross: Decimal,
          vat_rate: Decimal, line_net: Decimal, line_tax: Decimal) -> dict[str, str]:
    return {
        "description": description, "quantity": str(quantity),
        "unit_net": _money(unit_net), "unit_gross": _money(unit_gross),
        "vat_rate": str(vat_rate), "line_net": _money(line_net),
        "line_tax": _money(line_tax), "line_gross": _money(line_net + line_tax),
    }


def order_lines(lines: Iterable[OrderLine]) -> list[dict[str, str]]:
    return [_line(line.description, line.quantity, line.unit_net, line.unit_gross,
                  line.vat_rate, line.line_net, line.line_tax) for line in lines]


def vat_breakdown(lines: list[dict[str, str]]) -> list[dict[str, str]]:
    """Net, VAT and gross per VAT rate, highest rate first."""
    per_rate: dict[Decimal, list[Decimal]] = {}
    for line in lines:
        totals = per_rate.setdefault(Decimal(line["vat_rate"]), [ZERO, ZERO])
        totals[0] += Decimal(line["line_net"])
        totals[1] += Decimal(line["line_tax"])
    return [{"rate": str(rate), "net": str(net), "tax": str(tax), "gross": str(net + tax)}
            for rate, (net, tax) in sorted(per_rate.items(), reverse=True)]


def _totals(lines: list[dict[str, str]]) -> tuple[Decimal, Decimal, Decimal]:
    net = sum((Decimal(line["line_net"]) for line in lines), ZERO)
    tax = sum((Decimal(line["line_tax"]) for line in lines), ZERO)
    return net, tax, net + tax


def vat_mentions(vat_treatment: str) -> list[str]:
    if vat_treatment == VatTreatment.REVERSE_CHARGE:
        return [REVERSE_CHARGE_MENTION]
    if vat_treatment == VatTreatment.EXPORT:
        return [EXPORT_MENTION]
    return []


def sale_mentions(order: Order, kind: str, issued_on: date, seller: dict[str, Any]) -> list[str]:
    mentions = vat_mentions(order.vat_treatment)
    paid = f"Document acquitté : payé le {french_date(issued_on)}, commande {order.reference}."
    if kind == DocumentKind.INVOICE:
        mentions += [
            paid,
            f"Conditions de paiement : {seller['payment_terms_days']} jours à compter de la "
            "date de facture.",
            f"Pénalités de retard : {seller['late_payment_rate']}.",
            RECOVERY_INDEMNITY,
            NO_EARLY_PAYMENT_DISCOUNT,
        ]
    else:
        mentions += [paid, INVOICE_ON_REQUEST]
    return mentions


def sale_content(order: Order, kind: str, issued_on: date,
                 seller: dict[str, Any]) -> DocumentContent:
    lines = order_lines(order.lines.all())
    net, tax, gross = _totals(lines)
    return DocumentContent(buyer=buyer_of(order), lines=lines, vat_breakdown=vat_breakdown(lines),
                           mentions=sale_mentions(order, kind, issued_on, seller),
                           total_net=net, total_tax=tax, total_gross=gross)


def _negated(line: dict[str, str]) -> dict[str, str]:
    amounts = ("unit_net", "unit_gross", "line_net", "line_tax", "line_gross")
    return {key: _money(-Decimal(value)) if key in amounts else value
            for key, value in line.items()}


def prorated_lines(breakdown: list[dict[str, str]], amount: Decimal,
                   reference: str) -> list[dict[str, str]]:
    """One negative line per VAT rate for a refund of ``amount`` (gross): each rate takes its
    share of the original gross, the last one the remainder, so the lines add up to ``amount``
    exactly; each share is split into net and VAT in the original rate's proportion."""
    original_gross = sum((Decimal(row["gross"]) for row in breakdown), ZERO)
    lines: list[dict[str, str]] = []
    left = amount
    for index, row in enumerate(breakdown):
        gross = Decimal(row["gross"])
        is_last = index == len(breakdown) - 1
        share = left if is_last else quantize(amount * gross / original_gross)
        left -= share
        net = quantize(share * Decimal(row["net"]) / gross) if gross else share
        rate = Decimal(row["rate"])
        label = f"Remboursement partiel, commande {reference} (TVA {format_rate(rate)} %)"
        lines.append(_line(label, 1, -net, -share, rate, -net, -(share - net)))
    return lines


def format_rate(rate: Decimal) -> str:
    """``20``, ``5,5``: the rate without trailing zeros, French decimal comma."""
    text = f"{rate.normalize():f}"
    return text.replace(".", ",")


def credit_note_content(credited: IssuedDocument, amount: Decimal,
                        issued_on: date) -> DocumentContent:
    """A credit note of ``amount`` (gross, positive) against ``credited``: the mirror of its
    lines for a full refund, prorated lines per VAT rate otherwise."""
    is_full = amount == Decimal(credited.total_gross) and not credited.credit_notes.exists()
    if is_full:
        lines = [_negated(line) for line in credited.lines]
    else:
        lines = prorated_lines(credited.vat_breakdown, amount, credited.order.reference)
    net, tax, gross = _totals(lines)
    title = DOCUMENT_TITLES[credited.kind].lower()
    mentions = [f"Avoir sur {title} n° {credited.number} du {french_date(credited.issued_on)}.",
                *vat_mentions(credited.vat_treatment),
                f"Remboursement effectué le {french_date(issued_on)}."]
    return DocumentContent(buyer=credited.buyer, lines=lines, vat_breakdown=vat_breakdown(lines),
                           mentions=mentions, total_net=net, total_tax=tax, total_gross=gross)
