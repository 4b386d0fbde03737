"""Checkout in a real browser with the dummy provider: a guest buys a repair package and an
accessory and gets a branded receipt; a professional gets an invoice excl. VAT with the French
mentions; staff see the order and refund it.

The store is a tenant of its own, provisioned for this module and dropped afterwards: what the
server commits here (orders, documents, numbers) never reaches the other tests' tenants.
"""

import io
import re
import uuid
from decimal import Decimal

import pytest
from django.core import mail
from django_tenants.utils import tenant_context
from pypdf import PdfReader

from tenant_apps.accounts.models import Role, User
from tenant_apps.commerce.models import Order
from tenant_apps.customers.models import Customer
from tenant_apps.documents.models import IssuedDocument
from tenant_apps.payments.models import Payment
from tenants.models import Tenant
from tests.conftest import PASSWORD
from tests.e2e.conftest import committed_store, log_in, pay_with_dummy
from tests.threads import on_own_connection

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

SLUG = "shopper"
HOST = "shopper.localhost"

@pytest.fixture(scope="module")
def store(django_db_blocker):
    with committed_store(django_db_blocker, slug=SLUG, name="Shopper Phones") as tenant:
        yield tenant


def add_to_cart(page, url, item_name: str) -> None:
    page.goto(url("/shop/"))
    row = page.locator("tr", has=page.get_by_text(item_name, exact=True))
    row.get_by_role("button", name="Add to cart").click()
    page.wait_for_url(re.compile(r"/shop/cart/"))


def pdf_text(document: IssuedDocument) -> str:
    with document.pdf.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def document_of(store: Tenant, email: str) -> tuple[Order, IssuedDocument]:
    with tenant_context(store):
        order = Order.objects.get(email=email)
        document = IssuedDocument.objects.get(order=order)
        document.pdf_text = pdf_text(document)  # type: ignore[attr-defined]
    return order, document


def test_a_guest_buys_a_package_and_an_accessory_and_gets_a_branded_receipt(
        page, site_url, store):
    url = lambda path: site_url(HOST, path)  # noqa: E731
    email = f"guest-{uuid.uuid4().hex[:8]}@example.test"
    mail.outbox.clear()
    # given: a repair package and an accessory in a visitor's cart
    add_to_cart(page, url, "Broken screen")
    add_to_cart(page, url, "USB-C charging cable")
    page.get_by_role("link", name=re.compile("checkout", re.I)).first.click()

    # when: they check out as a guest, to a new address, with the demo provider
    page.wait_for_url(re.compile(r"/shop/checkout/who/"))
    guest = page.locator("#guest-form")
    guest.locator("[name=email]").fill(email)
    guest.locator("[name=full_name]").fill("Gina Guest")
    guest.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/shop/checkout/delivery/"))
    delivery = page.locator("#delivery-form")
    delivery.locator("input[name=destination][value=new]").check()
    delivery.locator("#delivery_name").fill("Gina Guest")
    delivery.locator("#delivery_street").fill("5 rue des Lilas")
    delivery.locator("#delivery_postal_code").fill("75020")
    delivery.locator("#delivery_city").fill("Paris")
    delivery.locator("input[name=delivery_option][data-kind=home]").first.check()
    delivery.locator("input[name=billing][value=same]").check()
    delivery.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/shop/checkout/payment/"))
    page.locator("input[name=payment_provider][value=dummy]").check()
    page.locator("#payment-form").get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/shop/checkout/review/"))

    # then: the review shows both lines, the delivery fee and the VAT, incl. VAT
    review = page.locator("#review-lines").inner_text()
    assert "Broken screen" in review and "USB-C charging cable" in review
    assert page.locator("#review-delivery-fee").count() == 1
    assert page.locator("#review-vat tr[data-rate]").count() >= 1
    assert page.locator("#shown-excl").count() == 0

    page.locator("input[name=terms_accepted]").check()
    page.locator("#place-order").click()
    pay_with_dummy(page)

    # then: the order page says it is paid, the receipt is on it and in the e-mail
    assert "paid" in page.content().lower()
    order, receipt = document_of(store, email)
    assert order.status == "paid"
    assert receipt.kind == "receipt" and receipt.number.startswith("R-")
    with tenant_context(store):
        lines = {line.description: line.line_gross for line in order.lines.all()}
    assert lines["Broken screen"] == Decimal("129.00")
    assert lines["USB-C charging cable"] == Decimal("12.90")
    assert order.total_gross == sum(lines.values()) and len(lines) == 3  # + the delivery fee
    assert "Reçu" in receipt.pdf_text and "Shopper Phones SAS" in receipt.pdf_text
    sent = [message for message in mail.outbox if email in message.to]
    with_pdf = [message for message in sent
                if any(attachment[2] == "application/pdf" for attachment in message.attachments)]
    assert with_pdf, [message.subject for message in sent]
    assert all("Shopper Phones" in message.from_email for message in sent)
    assert all("awal" not in message.subject.lower() for message in sent)


def _professional(store: Tenant, email: str) -> None:
    with tenant_context(store):
        user = User.objects.create_user(email, PASSWORD, role=Role.CUSTOMER,
                                        full_name="Paul Pro")
        user.email_verified_at = user.date_joined
        user.save()
        Customer.objects.create(user=user, kind="professional", company_name="Pro Fix SARL",
                                siret="84231567300009", vat_number="FR31842315673",
                                vat_number_status="format_valid", billing_country="FR")


def test_a_professional_gets_an_invoice_excl_vat_with_the_mentions_and_staff_refund_it(
        page, site_url, store):
    url = lambda path: site_url(HOST, path)  # noqa: E731
    email = f"pro-{uuid.uuid4().hex[:8]}@example.test"
    on_own_connection(_professional, store, email)  # committed: the server must see it
    # given: a professional, logged in, with a package in the cart
    log_in(page, url, email)
    add_to_cart(page, url, "Battery replacement")
    page.goto(url("/shop/checkout/"))

    # when: they check out to a new address and pay with the demo provider
    page.wait_for_url(re.compile(r"/shop/checkout/delivery/"))
    delivery = page.locator("#delivery-form")
    delivery.locator("input[name=destination][value=new]").check()
    delivery.locator("#delivery_name").fill("Pro Fix SARL")
    delivery.locator("#delivery_street").fill("8 avenue du Commerce")
    delivery.locator("#delivery_postal_code").fill("33000")
    delivery.locator("#delivery_city").fill("Bordeaux")
    delivery.locator("input[name=delivery_option][data-kind=home]").first.check()
    delivery.locator("input[name=billing][value=same]").check()
    delivery.get_by_role("button", name="Continue").click()
    page.locator("input[name=payment_provider][value=dummy]").check()
    page.locator("#payment-form").get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/shop/checkout/review/"))
    assert page.locator("#shown-excl").count() == 1  # prices excl. VAT for professionals
    page.locator("input[name=terms_accepted]").check()
    page.locator("#place-order").click()
    pay_with_dummy(page)

    # then: an invoice excl. VAT with the seller's and buyer's identities and the B2B mentions
    order, invoice = document_of(store, email)
    assert order.status == "paid"
    assert invoice.kind == "invoice" and invoice.number.startswith("F-")
    text = invoice.pdf_text
    for mention in ("Facture", "732829320", "FR44732829320", "FR31842315673", "HT", "40"):
        assert mention in text, mention

    # and: staff find the order in the back office and refund it in full
    staff = page.context.browser.new_context()
    try:
        desk = staff.new_page()
        desk.goto(url("/backoffice/login/"))
        desk.locator("[name=username], [name=email]").first.fill("boss@shopper.test")
        desk.locator("[name=password]").fill(PASSWORD)
        desk.locator("form").get_by_role("button", name=re.compile("log in", re.I)).click()
        desk.wait_for_url(re.compile(r"/backoffice/$"))
        desk.goto(url(f"/backoffice/orders/?q={order.reference}"))
        desk.get_by_role("link", name=order.reference).first.click()
        desk.wait_for_url(re.compile(r"/backoffice/orders/\d+/"))
        with tenant_context(store):
            payment = Payment.objects.get(order=order)
        desk.goto(url(f"/backoffice/payments/{payment.pk}/refund/"))
        form = desk.locator("form", has=desk.locator("[name=amount]"))
        form.locator("[name=amount]").fill(str(order.total_gross))
        reason = form.locator("[name=reason]")
        if reason.count():
            reason.fill("Customer changed their mind")
        form.get_by_role("button").first.click()
        desk.wait_for_load_state()
    finally:
        staff.close()
    with tenant_context(store):
        order.refresh_from_db()
        credit = IssuedDocument.objects.filter(order=order, kind="credit_note").get()
    assert order.status == "refunded"
    assert credit.number.startswith("A-") and credit.total_gross == -order.total_gross
