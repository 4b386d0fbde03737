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

from stdnum.fr import siren as fr_siren

from tenant_apps.catalog.models import ItemKind
from tenant_apps.commerce.order_models import DeliveryKind, Order, OrderLine
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

# Mentions compulsory on invoices issued from 1 September 2026 (loi de finances 2024 art. 91,
# décret 2022-1299, CGI annex II art. 242 nonies A as amended): the buyer's SIREN, the delivery
# address when it is not the billing one, the nature of the operation and the option for VAT on
# debits. Documents issued earlier keep what they said.
MENTIONS_2026_FROM = date(2026, 9, 1)
NATURE_GOODS = "Livraison de biens"
NATURE_SERVICES = "Prestation de services"
NATURE_MIXED = "Opération mixte : livraison de biens et prestation de services"
NATURES = (NATURE_GOODS, NATURE_SERVICES, NATURE_MIXED)
VAT_ON_DEBITS_MENTION = "Option pour le paiement de la taxe d'après les débits"
# Order lines of these kinds are goods; every other kind (repair packages, fees, warranty plans,
# repair quote lines) is a service.
GOODS_KINDS = frozenset({ItemKind.PRODUCT})


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


def buyer_siren(order: Order) -> str:
    """The buyer company's SIREN: the first 9 digits of its SIRET, else the SIREN inside a
    French VAT number (FR + 2-character key + SIREN); "" when neither gives a valid one."""
    if not is_professional_order(order):
        return ""
    siret = "".join((order.buyer_siret or "").split())
    vat = "".join((order.buyer_vat_number or "").split()).upper()
    candidates = [siret[:9] if len(siret) == 14 else ""]
    if vat.startswith("FR") and len(vat) == 13:
        candidates.append(vat[4:])
    return next((siren for siren in candidates if siren and fr_siren.is_valid(siren)), "")


def _place(*parts: str) -> tuple[str, ...]:
    return tuple(" ".join((part or "").split()).casefold() for part in parts)


def delivery_address(order: Order) -> dict[str, str] | None:
    """Where the order is delivered, when it is not the billing address: a post office (always
    somewhere else) or another address; None when nothing is delivered or it goes to billing."""
    if order.delivery_kind == DeliveryKind.POST_OFFICE:
        return {"kind": DeliveryKind.POST_OFFICE, "name": order.delivery_name,
                "post_office": order.post_office_name, "street": order.delivery_street,
                "postal_code": order.delivery_postal_code, "city": order.delivery_city,
                "country": order.delivery_country}
    if order.delivery_kind != DeliveryKind.HOME or not order.delivery_street:
        return None
    delivered = _place(order.delivery_street, order.delivery_postal_code, order.delivery_city,
                       order.delivery_country)
    billed = _place(order.billing_street, order.billing_postal_code, order.billing_city,
                    order.billing_country)
    if delivered == billed:
        return None
    return {"kind": DeliveryKind.HOME, "name": order.delivery_name, "post_office": "",
            "street": order.delivery_street, "postal_code": order.delivery_postal_code,
            "city": order.delivery_city, "country": order.delivery_country}


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
        "siren": buyer_siren(order),
        "delivery": delivery_address(order),
        "is_professional": is_professional_order(order),
    }


def operation_nature(kinds: Iterable[str]) -> str:
    """Goods, services or both, from the kinds of the order's lines; "" without lines."""
    kinds = set(kinds)
    goods = bool(kinds & GOODS_KINDS)
    services = bool(kinds - GOODS_KINDS)
    if goods and services:
        return NATURE_MIXED
    if goods:
        return NATURE_GOODS
    return NATURE_SERVICES if services else ""


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


def mentions_2026(order: Order, kind: str, issued_on: date, seller: dict[str, Any],
                  nature: str) -> list[str]:
    """The nature of the operation on every sale document, and on invoices charging VAT the
    option for VAT on debits when the seller took it (not for reverse charge or export)."""
    if issued_on < MENTIONS_2026_FROM:
        return []
    mentions = [nature] if nature else []
    if (kind == DocumentKind.INVOICE and seller.get("vat_on_debits")
            and order.vat_treatment == VatTreatment.CHARGED):
        mentions.append(VAT_ON_DEBITS_MENTION)
    return mentions


def sale_mentions(order: Order, kind: str, issued_on: date, seller: dict[str, Any],
                  nature: str = "") -> list[str]:
    mentions = vat_mentions(order.vat_treatment)
    mentions += mentions_2026(order, kind, issued_on, seller, nature)
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
    order_rows = list(order.lines.all())
    lines = order_lines(order_rows)
    net, tax, gross = _totals(lines)
    buyer = buyer_of(order)
    if issued_on < MENTIONS_2026_FROM:
        buyer.pop("siren")
        buyer.pop("delivery")
    nature = operation_nature(row.kind for row in order_rows)
    return DocumentContent(buyer=buyer, lines=lines, vat_breakdown=vat_breakdown(lines),
                           mentions=sale_mentions(order, kind, issued_on, seller, nature),
                           total_net=net, total_tax=tax, total_gross=gross)


def _negated(line: dict[str, str]) -> dict[str, str]:
    amounts = ("unit_net", "unit_gross", "line_net", "line_tax", "line_gross")
    return {key: _money(-Decimal(value)) if key in amounts else value
            for key, value in line.items()}


@dataclass(frozen=True)
class RateLeft:
    """What a sale document still carries at one VAT rate, once its credit notes are taken off."""

    rate: Decimal
    net: Decimal
    tax: Decimal

    @property
    def gross(self) -> Decimal:
        return self.net + self.tax


def left_per_rate(credited: IssuedDocument) -> list[RateLeft]:
    """The document's VAT breakdown minus its credit notes' (theirs are negative), per rate,
    in the document's order of rates."""
    left: dict[Decimal, list[Decimal]] = {
        Decimal(row["rate"]): [Decimal(row["net"]), Decimal(row["tax"])]
        for row in credited.vat_breakdown}
    for note in credited.credit_notes.all():
        for row in note.vat_breakdown:
            amounts = left.setdefault(Decimal(row["rate"]), [ZERO, ZERO])
            amounts[0] += Decimal(row["net"])
            amounts[1] += Decimal(row["tax"])
    return [RateLeft(rate, net, tax) for rate, (net, tax) in left.items()]


def _shares(left: list[RateLeft], amount: Decimal) -> list[Decimal]:
    """``amount`` split over the rates in proportion to what each has left, to the cent: no
    rate gets more than it has left, and the shares add up to ``amount`` exactly."""
    room = [max(row.gross, ZERO) for row in left]
    total = sum(room, ZERO)
    shares = [min(quantize(amount * gross / total), gross) if total else ZERO for gross in room]
    cent = Decimal("0.01")
    # Rounding leaves a few cents over or under: give or take them where there is room.
    while (missing := amount - sum(shares, ZERO)) != 0:
        step = cent if missing > 0 else -cent
        index = next((index for index, share in enumerate(shares)
                      if (share < room[index] if step > 0 else share > 0)), None)
        if index is None:  # more than the document carries: refused before this point
            raise ValueError("The amount exceeds what the document has left.")
        shares[index] += step
    return shares


def _net_of(row: RateLeft, share: Decimal) -> Decimal:
    """The net part of a ``share`` of ``row``'s gross: in the rate's proportion, and never
    more net or VAT than the rate has left (all of both for the whole of it)."""
    if share == row.gross:
        return row.net
    net = quantize(share * row.net / row.gross) if row.gross else share
    return min(max(net, share - row.tax), row.net)


def prorated_lines(left: list[RateLeft], amount: Decimal,
                   reference: str) -> list[dict[str, str]]:
    """One negative line per VAT rate for a refund of ``amount`` (gross): each rate takes its
    share of what the document still carries, so the lines add up to ``amount`` exactly and,
    refund after refund, no rate is credited beyond what it was charged; each share is split
    into net and VAT in the rate's proportion. Rates whose share is nothing get no line."""
    lines: list[dict[str, str]] = []
    for row, share in zip(left, _shares(left, amount), strict=True):
        if share == 0:
            continue
        net = _net_of(row, share)
        label = f"Remboursement partiel, commande {reference} (TVA {format_rate(row.rate)} %)"
        lines.append(_line(label, 1, -net, -share, row.rate, -net, -(share - net)))
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
        lines = prorated_lines(left_per_rate(credited), amount, credited.order.reference)
    net, tax, gross = _totals(lines)
    title = DOCUMENT_TITLES[credited.kind].lower()
    mentions = [f"Avoir sur {title} n° {credited.number} du {french_date(credited.issued_on)}.",
                *vat_mentions(credited.vat_treatment),
                *credit_note_mentions_2026(credited, issued_on),
                f"Remboursement effectué le {french_date(issued_on)}."]
    return DocumentContent(buyer=credit_note_buyer(credited, issued_on), lines=lines,
                           vat_breakdown=vat_breakdown(lines), mentions=mentions,
                           total_net=net, total_tax=tax, total_gross=gross)


def credit_note_buyer(credited: IssuedDocument, issued_on: date) -> dict[str, Any]:
    """The credited document's buyer; from 1 September 2026 with the buyer's SIREN, taken from
    the order when the credited document was issued before it carried one."""
    buyer = dict(credited.buyer)
    if issued_on >= MENTIONS_2026_FROM and "siren" not in buyer:
        buyer["siren"] = buyer_siren(credited.order)
    return buyer


def credit_note_mentions_2026(credited: IssuedDocument, issued_on: date) -> list[str]:
    """The credited document's nature of the operation (worked out from the order's lines if
    it did not print one) and its option for VAT on debits, if it printed it."""
    if issued_on < MENTIONS_2026_FROM:
        return []
    printed = list(credited.mentions or [])
    nature = next((mention for mention in printed if mention in NATURES), "") \
        or operation_nature(credited.order.lines.values_list("kind", flat=True))
    mentions = [nature] if nature else []
    if VAT_ON_DEBITS_MENTION in printed:
        mentions.append(VAT_ON_DEBITS_MENTION)
    return mentions
