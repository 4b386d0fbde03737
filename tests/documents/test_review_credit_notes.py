"""Review: credit notes, refund after refund, never credit a VAT rate beyond what the document
charged at it, and a document refunded in parts nets to zero at every rate, net and VAT."""

from collections import defaultdict
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from tenant_apps.documents.content import RateLeft, prorated_lines
from tenant_apps.documents.models import IssuedDocument
from tests.documents.orders import BOOK, CABLE, make_order, pay, refund

pytestmark = pytest.mark.django_db


def _per_rate(documents) -> dict[tuple[Decimal, str], Decimal]:
    sums: dict[tuple[Decimal, str], Decimal] = defaultdict(Decimal)
    for document in documents:
        for row in document.vat_breakdown:
            for key in ("net", "tax", "gross"):
                sums[(Decimal(row["rate"]), key)] += Decimal(row[key])
    return sums


@pytest.mark.parametrize("parts", [("0.04", "33.96"), ("0.13", "33.87"),
                                   ("0.01", "0.01", "0.01", "33.97")])
def test_refunds_in_parts_net_to_zero_at_every_rate(tenant_a, parts):
    # given an invoice of 24.00 at 20 % (20.00 + 4.00) and 10.00 at 5.5 % (9.48 + 0.52)
    order = make_order(tenant_a, "professional", lines=(CABLE, BOOK))
    invoice = pay(tenant_a, order)

    for refund_id, amount in enumerate(parts, start=1):
        refund(tenant_a, order, amount, refund_id=refund_id)

    with tenant_context(tenant_a):
        notes = list(IssuedDocument.objects.credit_notes().filter(order=order))
    assert len(notes) == len(parts)
    assert sum(note.total_gross for note in notes) == -invoice.total_gross
    assert all(value == 0 for value in _per_rate([invoice, *notes]).values())
    for note in notes:
        assert sum(Decimal(row["gross"]) for row in note.vat_breakdown) == note.total_gross
        assert sum(Decimal(row["tax"]) for row in note.vat_breakdown) == note.total_tax


def test_small_refunds_never_credit_a_rate_beyond_what_it_has_left():
    left = [RateLeft(Decimal("20"), Decimal("0.01"), Decimal("0.00")),
            RateLeft(Decimal("5.5"), Decimal("9.48"), Decimal("0.52"))]

    lines = prorated_lines(left, Decimal("0.05"), "C-000001")

    credited = {Decimal(line["vat_rate"]): Decimal(line["line_gross"]) for line in lines}
    assert credited.get(Decimal("20"), Decimal("0")) >= Decimal("-0.01")
    assert sum(credited.values()) == Decimal("-0.05")


def test_refunding_all_that_is_left_credits_exactly_what_each_rate_has_left():
    left = [RateLeft(Decimal("20"), Decimal("16.95"), Decimal("3.39")),
            RateLeft(Decimal("5.5"), Decimal("7.11"), Decimal("0.39"))]

    lines = prorated_lines(left, Decimal("27.84"), "C-000001")

    assert [(line["line_net"], line["line_tax"]) for line in lines] == [
        ("-16.95", "-3.39"), ("-7.11", "-0.39")]
