"""Receipts, invoices and credit notes issued when orders are paid and refunded."""

from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django_tenants.utils import tenant_context

from tenant_apps.documents.actions import issue_credit_note
from tenant_apps.documents.errors import DocumentImmutable, RefundExceedsDocument
from tenant_apps.documents.models import IssuedDocument
from tenant_apps.documents.seller import missing_identity
from tenant_apps.documents.tasks import deliver_document
from tests.documents.orders import (
    BOOK,
    CABLE,
    complete_seller,
    make_order,
    pay,
    refund,
    stored_pdf_text,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(): ...`` runs what the block schedules after commit (PDF, e-mail)."""
    mail.outbox.clear()
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_guest_gets_a_branded_receipt_incl_vat_by_email(tenant_a, committed):
    # given a guest's order of two cables at 10.00 excl. VAT
    complete_seller(tenant_a)
    order = make_order(tenant_a, "guest", email="gaston@example.com")

    # when it is paid
    with committed():
        document = pay(tenant_a, order)

    # then a receipt is numbered, rendered, stored under tenant A's prefix and e-mailed
    assert (document.kind, document.number) == ("receipt", "R-2026-000001")
    assert document.total_gross == Decimal("24.00") and document.prices_include_vat
    text = stored_pdf_text(tenant_a, document)
    assert "Reçu" in text and "R-2026-000001" in text
    assert "Prix unitaire TTC" in text and "Total TTC" in text and "Prix unitaire HT" in text
    assert "SIREN : 732829320" in text and "Alpha Phones SAS" in text
    assert "Une facture est délivrée sur simple demande." in text
    assert "40 €" not in text
    assert document.pdf.name.startswith(f"{tenant_a.schema_name}/documents/2026/")
    (message,) = mail.outbox
    assert message.to == ["gaston@example.com"]
    assert "Alpha Phones" in message.subject and order.reference in message.subject
    assert "Alpha Phones" in message.from_email
    (name, content, mimetype) = message.attachments[0]
    assert (name, mimetype) == ("R-2026-000001.pdf", "application/pdf")
    assert content.startswith(b"%PDF")
    assert f"/documents/{order.public_token}/{document.pk}/pdf/" in message.body
    with tenant_context(tenant_a):
        document.refresh_from_db()
        assert document.email_sent_at is not None and document.pdf_rendered_at is not None


def test_a_french_professional_gets_an_invoice_excl_vat_with_the_mandatory_mentions(
        tenant_a, committed):
    complete_seller(tenant_a)
    order = make_order(tenant_a, "professional", lines=(CABLE, BOOK))

    with committed():
        document = pay(tenant_a, order)

    assert (document.kind, document.number) == ("invoice", "F-2026-000001")
    assert not document.prices_include_vat
    assert [row["rate"] for row in document.vat_breakdown] == ["20.00", "5.50"]
    assert (document.total_net, document.total_tax, document.total_gross) == (
        Decimal("29.48"), Decimal("4.52"), Decimal("34.00"))
    text = stored_pdf_text(tenant_a, document)
    assert "Facture" in text and "F-2026-000001" in text
    assert "SIREN : 732829320" in text and "SIRET : 73282932000074" in text
    assert "RCS Paris 732829320" in text and "SAS au capital de 10 000 €" in text
    assert "FR44732829320" in text  # the seller's VAT number
    assert "Garage Dupont SARL" in text and "FR31842315673" in text  # the buyer's
    assert "Prix unitaire HT" in text and "Prix unitaire TTC" not in text
    assert "10,00 €" in text  # the cable's unit price excl. VAT
    assert "5,5 %" in text and "20 %" in text
    assert "Conditions de paiement : 30 jours" in text
    assert "trois fois le taux d'intérêt légal" in text
    assert "Indemnité forfaitaire pour frais de recouvrement : 40 €" in text
    assert "Autoliquidation" not in text
    assert mail.outbox[0].attachments[0][0] == "F-2026-000001.pdf"


def test_an_intra_eu_professional_invoice_says_autoliquidation_and_charges_no_vat(
        tenant_a, committed):
    order = make_order(tenant_a, "intra_eu")

    with committed():
        document = pay(tenant_a, order)

    assert document.kind == "invoice" and document.total_tax == Decimal("0.00")
    text = stored_pdf_text(tenant_a, document)
    assert "Autoliquidation" in text and "article 283-2 du CGI" in text
    assert "DE136695976" in text
    assert "Total à payer (sans TVA)" in text


def test_an_export_invoice_carries_the_exemption_reference(tenant_a, committed):
    order = make_order(tenant_a, "export")

    with committed():
        document = pay(tenant_a, order)

    text = stored_pdf_text(tenant_a, document)
    assert "Exonération de TVA, article 262 I du CGI" in text
    assert document.total_tax == Decimal("0.00")


def test_numbers_follow_each_other_per_tenant_and_kind(tenant_a, tenant_b):
    first = pay(tenant_a, make_order(tenant_a, "professional"))
    second = pay(tenant_a, make_order(tenant_a, "professional"))
    receipt = pay(tenant_a, make_order(tenant_a, "guest"))
    other_tenant = pay(tenant_b, make_order(tenant_b, "professional"))

    assert [first.number, second.number, receipt.number] == [
        "F-2026-000001", "F-2026-000002", "R-2026-000001"]
    assert other_tenant.number == "F-2026-000001"


def test_a_payment_heard_twice_issues_one_document_and_one_email(tenant_a, committed):
    order = make_order(tenant_a, "guest")

    with committed():
        first = pay(tenant_a, order)
    with committed():
        again = pay(tenant_a, order)

    assert first.pk == again.pk
    with tenant_context(tenant_a):
        assert IssuedDocument.objects.filter(order=order).count() == 1
    assert len(mail.outbox) == 1


def test_delivering_twice_sends_one_email(tenant_a, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        document = pay(tenant_a, make_order(tenant_a, "guest"))
    assert len(mail.outbox) == 1

    with tenant_context(tenant_a):
        result = deliver_document.apply(args=(tenant_a.pk, document.pk)).get()
        document.refresh_from_db()

    assert result == "already_sent" and len(mail.outbox) == 1
    assert "/documents/2026/R-2026-000001" in document.pdf.name


def test_a_task_for_tenant_a_refuses_to_run_in_tenant_b(tenant_a, tenant_b):
    document = pay(tenant_a, make_order(tenant_a, "guest"))

    with tenant_context(tenant_b), pytest.raises(RuntimeError):
        deliver_document.apply(args=(tenant_a.pk, document.pk)).get()


def test_an_issued_document_cannot_be_changed_or_deleted(tenant_a, committed):
    with committed():
        document = pay(tenant_a, make_order(tenant_a, "guest"))

    with tenant_context(tenant_a):
        document.total_gross = Decimal("1.00")
        with pytest.raises(DocumentImmutable):
            document.save()
        with pytest.raises(DocumentImmutable):
            document.save(update_fields=["total_gross"])
        with pytest.raises(DocumentImmutable):
            document.delete()
        # the database refuses as well, whatever the code path
        with pytest.raises(IntegrityError), transaction.atomic():
            IssuedDocument.objects.filter(pk=document.pk).update(number="F-2026-999999")
        with pytest.raises(IntegrityError), transaction.atomic():
            IssuedDocument.objects.filter(pk=document.pk)._raw_delete("default")
        # while its delivery fields may still be set
        stored = IssuedDocument.objects.get(pk=document.pk)
        stored.email_sent_at = None
        stored.save(update_fields=["email_sent_at"])
        assert IssuedDocument.objects.get(pk=document.pk).total_gross == Decimal("24.00")


def test_a_full_refund_credits_the_mirror_of_the_lines(tenant_a, committed):
    order = make_order(tenant_a, "professional", lines=(CABLE, BOOK))
    with committed():
        invoice = pay(tenant_a, order)
    mail.outbox.clear()

    with committed():
        refund(tenant_a, order, "34.00", refund_id=7)

    with tenant_context(tenant_a):
        note = IssuedDocument.objects.credit_notes().get(order=order)
    assert (note.number, note.credits_id) == ("A-2026-000001", invoice.pk)
    assert [line["line_net"] for line in note.lines] == ["-20.00", "-9.48"]
    assert (note.total_net, note.total_tax, note.total_gross) == (
        Decimal("-29.48"), Decimal("-4.52"), Decimal("-34.00"))
    text = stored_pdf_text(tenant_a, note)
    assert "Avoir" in text and "F-2026-000001" in text
    (message,) = mail.outbox
    assert "refund" in message.subject.lower()
    assert message.attachments[0][0] == "A-2026-000001.pdf"
    assert message.attachments[0][2] == "application/pdf"
    assert "34.00 EUR" in message.body


def test_partial_refunds_are_prorated_per_rate_and_add_up_to_the_cent(tenant_a):
    # given an invoice of 24.00 at 20 % and 10.00 at 5.5 % (34.00 incl. VAT)
    order = make_order(tenant_a, "professional", lines=(CABLE, BOOK))
    pay(tenant_a, order)

    refund(tenant_a, order, "10.01", refund_id=1)
    refund(tenant_a, order, "0.01", refund_id=2)

    with tenant_context(tenant_a):
        first, second = IssuedDocument.objects.credit_notes().order_by("sequence")
    # 10.01 x 24/34 = 7.065 -> 7.07 at 20 %, the rest (2.94) at 5.5 %
    assert [line["line_gross"] for line in first.lines] == ["-7.07", "-2.94"]
    assert first.total_gross == Decimal("-10.01")
    for note in (first, second):
        assert note.total_net + note.total_tax == note.total_gross
        for line in note.lines:
            assert Decimal(line["line_net"]) + Decimal(line["line_tax"]) == Decimal(
                line["line_gross"])
        assert sum(Decimal(row["gross"]) for row in note.vat_breakdown) == note.total_gross
    # 7.07 incl. 20 % VAT: 5.89 + 1.18; 2.94 incl. 5.5 %: 2.79 + 0.15
    assert [(line["line_net"], line["line_tax"]) for line in first.lines] == [
        ("-5.89", "-1.18"), ("-2.79", "-0.15")]
    assert second.total_gross == Decimal("-0.01")
    assert [second.number, first.number] == ["A-2026-000002", "A-2026-000001"]


def test_a_refund_is_credited_once_and_never_beyond_the_document(tenant_a):
    order = make_order(tenant_a, "guest")
    pay(tenant_a, order)

    refund(tenant_a, order, "20.00", refund_id=5)
    refund(tenant_a, order, "20.00", refund_id=5)  # the same refund heard twice
    with tenant_context(tenant_a), pytest.raises(RefundExceedsDocument):
        issue_credit_note(order, Decimal("4.01"), refund_reference="6")
    # A refund heard from payments above what is left (an overpayment given back) credits only
    # what is left, and one beyond that credits nothing, without undoing the refund.
    refund(tenant_a, order, "4.01", refund_id=6)
    refund(tenant_a, order, "3.00", refund_id=7)

    with tenant_context(tenant_a):
        totals = list(IssuedDocument.objects.credit_notes().filter(order=order)
                      .values_list("total_gross", flat=True).order_by("sequence"))
    assert totals == [Decimal("-20.00"), Decimal("-4.00")]


def test_a_refund_before_any_sale_document_issues_nothing(tenant_a):
    order = make_order(tenant_a, "guest")

    refund(tenant_a, order, "5.00", refund_id=9)

    with tenant_context(tenant_a):
        assert not IssuedDocument.objects.filter(order=order).exists()


def test_a_missing_seller_identity_never_blocks_issuing(tenant_a, committed):
    with tenant_context(tenant_a):
        assert "SIREN" in missing_identity()

    with committed():
        document = pay(tenant_a, make_order(tenant_a, "professional"))

    assert document.number == "F-2026-000001"
    assert document.seller["legal_name"]  # the brand's name at least
    assert "Facture" in stored_pdf_text(tenant_a, document)


def test_a_rolled_back_payment_leaves_no_document_no_email_and_no_gap(tenant_a, committed):
    from tenant_apps.commerce.models import Order
    from tenant_apps.commerce.signals import order_paid

    order = make_order(tenant_a, "guest")

    class PaymentFailed(Exception):
        pass

    with committed(), tenant_context(tenant_a), pytest.raises(PaymentFailed), \
            transaction.atomic():
        order_paid.send(sender=Order, order=order, payment=None)
        raise PaymentFailed

    with tenant_context(tenant_a):
        assert not IssuedDocument.objects.exists()
    assert mail.outbox == []
    with committed():
        assert pay(tenant_a, order).number == "R-2026-000001"
    assert len(mail.outbox) == 1
