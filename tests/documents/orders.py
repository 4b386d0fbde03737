"""Orders built row by row for the document tests, and payments signalled as payments will."""

import io
from decimal import Decimal

from django.db import transaction
from django_tenants.utils import tenant_context
from pypdf import PdfReader

from tenant_apps.commerce.models import Order, OrderLine
from tenant_apps.commerce.signals import order_paid, order_refunded
from tenant_apps.customers.models import Customer
from tenant_apps.documents.models import IssuedDocument, SellerProfile
from tenant_apps.pricing.money import quantize
from tenants.models import Tenant
from tests.conftest import make_user

# (description, quantity, unit price excl. VAT, VAT rate)
CABLE = ("USB-C cable", 2, "10.00", "20")
BOOK = ("Repair manual", 1, "9.48", "5.5")

BUYERS = {
    "guest": {"vat_status": "national", "vat_treatment": "charged", "shows_vat_included": True},
    "individual": {"vat_status": "national", "vat_treatment": "charged",
                   "shows_vat_included": True},
    "professional": {"vat_status": "national", "vat_treatment": "charged",
                     "shows_vat_included": False, "billing_company": "Garage Dupont SARL",
                     "buyer_vat_number": "FR31842315673", "buyer_siret": "84231567300009"},
    "intra_eu": {"vat_status": "intra_eu", "vat_treatment": "reverse_charge",
                 "shows_vat_included": False, "billing_company": "Handy GmbH",
                 "buyer_vat_number": "DE136695976", "billing_country": "DE",
                 "vat_mention": "VAT reverse charged (autoliquidation)"},
    "export": {"vat_status": "extra_eu", "vat_treatment": "export", "shows_vat_included": False,
               "billing_company": "Swiss Fix AG", "billing_country": "CH",
               "vat_mention": "Export outside the EU: no VAT"},
}

_counter = iter(range(1, 10**6))


def _customer(tenant: Tenant, buyer: str, email: str) -> Customer:
    if buyer == "guest":
        return Customer.objects.create(guest_email=email, guest_name="Gaston Guest")
    user = make_user(tenant, email)
    if buyer == "individual":
        return Customer.objects.create(user=user)
    return Customer.objects.create(user=user, kind="professional",
                                   company_name=BUYERS[buyer]["billing_company"])


def make_order(tenant: Tenant, buyer: str = "guest", *, email: str = "",
               lines: tuple[tuple[str, int, str, str], ...] = (CABLE,)) -> Order:
    """An order of ``lines`` for a buyer of the given kind, with consistent snapshots."""
    email = email or f"{buyer}{next(_counter)}@example.com"
    fields = dict(BUYERS[buyer])
    charges_vat = fields["vat_treatment"] == "charged"
    with tenant_context(tenant):
        customer = _customer(tenant, buyer, email)
        order = Order.objects.create(
            reference=f"C-T{next(_counter):05d}", customer=customer, email=email,
            customer_name="Gaston Guest" if buyer == "guest" else "Paul Buyer",
            billing_name="Paul Buyer" if buyer != "guest" else "Gaston Guest",
            billing_street="1 rue de la Gare", billing_postal_code="75010",
            billing_city="Paris", total_net=Decimal("0"), total_tax=Decimal("0"),
            total_gross=Decimal("0"), **fields)
        totals = [Decimal("0")] * 2
        for position, (description, quantity, unit_net, rate) in enumerate(lines, start=1):
            vat_rate = Decimal(rate) if charges_vat else Decimal("0")
            unit = Decimal(unit_net)
            line_net = unit * quantity
            line_tax = quantize(line_net * vat_rate / 100)
            OrderLine.objects.create(
                order=order, position=position, description=description, kind="product",
                quantity=quantity, unit_net=unit,
                unit_gross=quantize(unit * (1 + vat_rate / 100)), vat_rate=vat_rate,
                line_net=line_net, line_tax=line_tax, line_gross=line_net + line_tax)
            totals = [totals[0] + line_net, totals[1] + line_tax]
        Order.objects.filter(pk=order.pk).update(total_net=totals[0], total_tax=totals[1],
                                                 total_gross=totals[0] + totals[1])
        order.refresh_from_db()
        return order


def pay(tenant: Tenant, order: Order) -> IssuedDocument:
    """Signal the payment as the payments app does, in one transaction; the sale document."""
    with tenant_context(tenant), transaction.atomic():
        order_paid.send(sender=Order, order=order, payment=None)
    with tenant_context(tenant):
        return IssuedDocument.objects.sales().get(order=order)


class FakeRefund:
    def __init__(self, pk: int) -> None:
        self.pk = pk


def refund(tenant: Tenant, order: Order, amount: str, refund_id: int | None = None) -> None:
    with tenant_context(tenant), transaction.atomic():
        order_refunded.send(sender=Order, order=order, amount=Decimal(amount),
                            refund=FakeRefund(refund_id) if refund_id else None)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def stored_pdf_text(tenant: Tenant, document: IssuedDocument) -> str:
    with tenant_context(tenant):
        document.refresh_from_db()
        with document.pdf.open("rb") as pdf:
            return pdf_text(pdf.read())


def complete_seller(tenant: Tenant) -> None:
    with tenant_context(tenant):
        SellerProfile.objects.update_or_create(pk=1, defaults={
            "legal_name": "Alpha Phones SAS", "legal_form": "SAS",
            "share_capital": Decimal("10000"), "siren": "732829320",
            "siret": "73282932000074", "vat_number": "FR44732829320", "rcs_city": "Paris",
            "street": "12 rue de la Paix", "postal_code": "75002", "city": "Paris"})
