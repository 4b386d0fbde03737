"""The mentions French invoices carry from 1 September 2026: the buyer's SIREN, the delivery
address when it is not the billing one, the nature of the operation and the option for VAT on
debits (loi de finances 2024 art. 91, décret 2022-1299, CGI annex II art. 242 nonies A)."""

from datetime import date

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.commerce.models import Order, OrderLine
from tenant_apps.documents.actions import issue_sale_document
from tenant_apps.documents.content import (
    NATURE_GOODS,
    NATURE_MIXED,
    NATURE_SERVICES,
    VAT_ON_DEBITS_MENTION,
    buyer_siren,
)
from tenant_apps.documents.models import IssuedDocument, SellerProfile
from tests.conftest import HOST_A, HOST_B, make_user
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

REPAIR = ("Screen repair package", 1, "80.00", "20")
SHIPPING = ("Shipping to the repair centre", 1, "9.00", "20")
KINDS = {REPAIR[0]: "repair_package", SHIPPING[0]: "fee"}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    mail.outbox.clear()
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _order(tenant, buyer: str = "professional", lines=(CABLE,), **fields) -> Order:
    """``make_order`` with the line kinds of ``KINDS`` and the order ``fields`` changed."""
    order = make_order(tenant, buyer, lines=lines)
    with tenant_context(tenant):
        for description, kind in KINDS.items():
            OrderLine.objects.filter(order=order, description=description).update(kind=kind)
        if fields:
            Order.objects.filter(pk=order.pk).update(**fields)
        order.refresh_from_db()
    return order


def _text(tenant, document: IssuedDocument) -> str:
    return " ".join(stored_pdf_text(tenant, document).split())


def _vat_on_debits(tenant, opted: bool = True) -> None:
    complete_seller(tenant)
    with tenant_context(tenant):
        SellerProfile.objects.filter(pk=1).update(vat_on_debits=opted)


def test_a_french_company_invoice_shows_its_siren(tenant_a, committed):
    complete_seller(tenant_a)
    order = _order(tenant_a)

    with committed():
        document = pay(tenant_a, order)

    assert document.kind == "invoice" and document.buyer["siren"] == "842315673"
    text = _text(tenant_a, document)
    assert "SIREN : 842315673" in text and "SIRET : 84231567300009" in text


def test_the_siren_comes_from_a_french_vat_number_without_siret(tenant_a):
    order = _order(tenant_a, buyer_siret="")
    foreign = _order(tenant_a, "intra_eu")
    individual = _order(tenant_a, "individual")

    assert buyer_siren(order) == "842315673"
    assert buyer_siren(foreign) == "" and buyer_siren(individual) == ""


def test_an_invoice_delivered_to_a_post_office_shows_it(tenant_a, committed):
    order = _order(tenant_a, delivery_kind="post_office", delivery_name="Paul Buyer",
                   post_office_id="75801", post_office_name="Paris Louvre",
                   delivery_street="52 rue du Louvre", delivery_postal_code="75001",
                   delivery_city="Paris", delivery_label="Colissimo point retrait")

    with committed():
        document = pay(tenant_a, order)

    text = _text(tenant_a, document)
    assert "ADRESSE DE LIVRAISON" in text
    assert "Retrait en bureau de poste : Paris Louvre" in text
    assert "52 rue du Louvre" in text and "75001 Paris" in text


def test_an_invoice_delivered_elsewhere_shows_the_address_not_when_it_is_the_billing_one(
        tenant_a, committed):
    elsewhere = _order(tenant_a, delivery_kind="home", delivery_name="Atelier Dupont",
                       delivery_street="8 avenue Jean Jaurès", delivery_postal_code="69007",
                       delivery_city="Lyon")
    same = _order(tenant_a, delivery_kind="home", delivery_name="Paul Buyer",
                  delivery_street="1 Rue de la Gare ", delivery_postal_code="75010",
                  delivery_city="PARIS")

    with committed():
        shown, hidden = pay(tenant_a, elsewhere), pay(tenant_a, same)

    text = _text(tenant_a, shown)
    assert "ADRESSE DE LIVRAISON" in text and "Atelier Dupont" in text
    assert "8 avenue Jean Jaurès" in text and "69007 Lyon" in text
    assert hidden.buyer["delivery"] is None
    assert "ADRESSE DE LIVRAISON" not in _text(tenant_a, hidden)


def test_a_receipt_also_shows_the_delivery_address_and_the_nature(tenant_a, committed):
    order = _order(tenant_a, "individual", delivery_kind="home", delivery_name="Mamie",
                   delivery_street="3 place du Marché", delivery_postal_code="13001",
                   delivery_city="Marseille")

    with committed():
        document = pay(tenant_a, order)

    text = _text(tenant_a, document)
    assert document.kind == "receipt"
    assert "ADRESSE DE LIVRAISON" in text and "3 place du Marché" in text
    assert NATURE_GOODS in text and "SIREN : 84" not in text
    assert VAT_ON_DEBITS_MENTION not in text


@pytest.mark.parametrize(("lines", "nature"), [
    ((CABLE, BOOK), NATURE_GOODS),
    ((REPAIR, SHIPPING), NATURE_SERVICES),
    ((CABLE, REPAIR), NATURE_MIXED),
])
def test_the_nature_of_the_operation_follows_the_line_kinds(tenant_a, committed, lines, nature):
    order = _order(tenant_a, lines=lines)

    with committed():
        document = pay(tenant_a, order)

    assert nature in document.mentions
    others = {NATURE_GOODS, NATURE_SERVICES, NATURE_MIXED} - {nature}
    assert not others & set(document.mentions)
    assert nature in _text(tenant_a, document)


def test_vat_on_debits_is_printed_when_opted_and_vat_charged(tenant_a, committed):
    _vat_on_debits(tenant_a)
    charged = _order(tenant_a)
    reverse_charge = _order(tenant_a, "intra_eu")
    export = _order(tenant_a, "export")
    receipt = _order(tenant_a, "individual")

    with committed():
        documents = [pay(tenant_a, order) for order in (charged, reverse_charge, export,
                                                        receipt)]

    assert VAT_ON_DEBITS_MENTION in _text(tenant_a, documents[0])
    for document in documents[1:]:
        assert VAT_ON_DEBITS_MENTION not in document.mentions
        assert VAT_ON_DEBITS_MENTION not in _text(tenant_a, document)


def test_vat_on_debits_is_not_printed_without_the_option(tenant_a, tenant_b, committed):
    _vat_on_debits(tenant_a, opted=False)
    _vat_on_debits(tenant_b, opted=True)  # tenant B's option says nothing about tenant A
    order = _order(tenant_a)

    with committed():
        document = pay(tenant_a, order)

    assert document.seller["vat_on_debits"] is False
    assert VAT_ON_DEBITS_MENTION not in _text(tenant_a, document)


def test_a_credit_note_repeats_the_siren_and_the_nature(tenant_a, committed):
    _vat_on_debits(tenant_a)
    order = _order(tenant_a, lines=(CABLE, REPAIR))
    pay(tenant_a, order)

    with committed():
        refund(tenant_a, order, "10.00", refund_id=7)

    with tenant_context(tenant_a):
        note = IssuedDocument.objects.credit_notes().get(order=order)
    assert NATURE_MIXED in note.mentions and VAT_ON_DEBITS_MENTION in note.mentions
    text = _text(tenant_a, note)
    assert "Avoir" in text and "SIREN : 842315673" in text and NATURE_MIXED in text


def test_documents_issued_before_september_2026_keep_the_old_mentions(tenant_a):
    _vat_on_debits(tenant_a)
    order = _order(tenant_a, delivery_kind="post_office", post_office_name="Paris Louvre",
                   delivery_street="52 rue du Louvre", delivery_postal_code="75001",
                   delivery_city="Paris")

    with tenant_context(tenant_a):
        document = issue_sale_document(order, issued_on=date(2026, 8, 31))

    assert "siren" not in document.buyer and "delivery" not in document.buyer
    assert not {NATURE_GOODS, VAT_ON_DEBITS_MENTION} & set(document.mentions)


def _manager(tenant, email: str, host: str) -> Client:
    client = Client(HTTP_HOST=host)
    with tenant_context(tenant):
        client.force_login(make_user(tenant, email, Role.MANAGER))
    return client


SELLER_FORM = {
    "legal_name": "Alpha Phones SAS", "legal_form": "SAS", "share_capital": "10000",
    "siren": "732829320", "siret": "73282932000074", "vat_number": "FR44732829320",
    "rcs_city": "Paris", "street": "12 rue de la Paix", "postal_code": "75002", "city": "Paris",
    "country": "FR", "email": "", "phone": "", "payment_terms_days": "30",
    "late_payment_rate": "trois fois le taux d'intérêt légal", "footer": "",
}


def test_a_manager_sets_and_clears_vat_on_debits_in_the_seller_form(tenant_a, tenant_b):
    client = _manager(tenant_a, "boss-debits@alpha.test", HOST_A)
    url = reverse("documents_admin:seller")
    assert 'name="vat_on_debits"' in client.get(url).content.decode()

    assert client.post(url, {**SELLER_FORM, "vat_on_debits": "on"}).status_code == 302
    with tenant_context(tenant_a):
        assert SellerProfile.objects.get().vat_on_debits is True
    with tenant_context(tenant_b):  # tenant B's profile is untouched
        assert not SellerProfile.objects.filter(vat_on_debits=True).exists()
    page_b = _manager(tenant_b, "boss-debits@beta.test", HOST_B).get(url).content.decode()
    assert 'name="vat_on_debits"' in page_b and "checked" not in page_b.split(
        'name="vat_on_debits"')[1].split(">")[0]

    assert client.post(url, SELLER_FORM).status_code == 302  # an unticked box is False
    with tenant_context(tenant_a):
        assert SellerProfile.objects.get().vat_on_debits is False


def test_counter_staff_cannot_set_vat_on_debits(tenant_a):
    client = Client(HTTP_HOST=HOST_A)
    with tenant_context(tenant_a):
        client.force_login(make_user(tenant_a, "clerk-debits@alpha.test", Role.COUNTER_STAFF))

    response = client.post(reverse("documents_admin:seller"),
                           {**SELLER_FORM, "vat_on_debits": "on"})

    assert response.status_code == 403
    with tenant_context(tenant_a):
        assert not SellerProfile.objects.filter(vat_on_debits=True).exists()


def test_the_api_and_the_register_show_the_new_mentions(tenant_a, tenant_b):
    order = _order(tenant_a, lines=(CABLE, SHIPPING))
    document = pay(tenant_a, order)
    client = _manager(tenant_a, "boss-api@alpha.test", HOST_A)

    api = reverse("tenant_api:documents-order-list", kwargs={"order_id": order.pk})
    response = client.get(api)
    register = client.get(reverse("documents_admin:list")).content.decode()

    assert response.status_code == 200
    (listed,) = response.json()
    assert listed["number"] == document.number and NATURE_MIXED in listed["mentions"]
    assert document.number in register
    assert _manager(tenant_b, "boss-api@beta.test", HOST_B).get(api).status_code == 404
