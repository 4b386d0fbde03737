"""Placing the order: one transaction snapshotting every choice, the delivery fee as a line, the
cart emptied, the customer sent to the payment page; refusals send them back with a message."""

from decimal import Decimal

import pytest
from django.core import mail
from django_tenants.utils import tenant_context

from tenant_apps.catalog import actions as catalog_actions
from tenant_apps.catalog.models import SellableItem
from tenant_apps.commerce.models import CartLine, DeliveryOption
from tenant_apps.customers.models import Address, Customer
from tenant_apps.customers.vat import CustomerKind
from tenant_apps.pricing.tax import VatRate
from tests.commerce.helpers import customer_user, logged_in

from .helpers import (
    CHECKOUT,
    PAY_PREFIX,
    cart_with,
    choose_delivery,
    choose_payment,
    guest_checkout,
    office,
    orders,
    place,
    review,
)

pytestmark = pytest.mark.django_db


def test_a_guest_orders_with_a_snapshot_a_fee_line_and_a_branded_email(
        client_a, tenant_a, django_capture_on_commit_callbacks):
    # given
    item_id = cart_with(client_a, tenant_a, price="12.00", quantity=2)
    page = guest_checkout(client_a)
    assert page.context["prices"].total_gross.amount == Decimal("30.90")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = place(client_a, page)
    # then
    [order] = orders(tenant_a)
    assert response.status_code == 302
    assert response["Location"] == f"{PAY_PREFIX}{order.public_token}/"
    assert order.email == "gus@example.com" and order.customer_name == "Gus Guest"
    assert order.delivery_kind == "home" and order.delivery_method == "colissimo"
    assert order.delivery_street == "3 rue de la Paix" and order.delivery_postal_code == "75002"
    assert order.billing_name == "Gus Guest" and order.billing_city == "Paris"
    assert order.terms_version == "2026-11" and order.terms_accepted_at is not None
    assert order.payment_provider == "dummy"
    lines = list(order.lines.all())
    assert [(line.kind, line.item_id, line.quantity) for line in lines] == [
        ("product", item_id, 2), ("fee", None, 1)]
    assert lines[1].description == "Colissimo home delivery"
    assert lines[1].line_gross == Decimal("6.90") and lines[1].vat_rate == Decimal("20.0")
    assert order.total_gross == Decimal("30.90")
    assert order.total_net + order.total_tax == order.total_gross
    with tenant_context(tenant_a):
        assert not CartLine.objects.exists()
        assert SellableItem.objects.get(pk=item_id).stock == 3
        assert Customer.objects.get(pk=order.customer_id).is_guest
    [message] = mail.outbox
    assert message.to == ["gus@example.com"] and order.reference in message.subject
    html = message.alternatives[0][0]
    assert "Alpha Phones" in message.subject and "Alpha Phones" in html
    assert "Beta Repairs" not in html and "Beta Repairs" not in message.body
    assert "http://alpha.localhost" in message.body
    assert f"/shop/orders/{order.public_token}/" in message.body
    assert "Colissimo home delivery" in message.body and "30.90 EUR" in message.body


def test_the_order_page_shows_a_confirmation_once(client_a, tenant_a):
    cart_with(client_a, tenant_a)
    place(client_a, guest_checkout(client_a))
    [order] = orders(tenant_a)
    page = client_a.get(f"/shop/orders/{order.public_token}/").content.decode()
    assert 'id="order-confirmation"' in page and order.reference in page
    assert "Colissimo home delivery" in page and "3 rue de la Paix" in page
    assert "version 2026-11" in page
    again = client_a.get(f"/shop/orders/{order.public_token}/").content.decode()
    assert 'id="order-confirmation"' not in again


def test_a_customer_uses_saved_addresses_and_keeps_a_new_one(client_a, tenant_a):
    user = customer_user(tenant_a, "ann@example.com")
    with tenant_context(tenant_a):
        customer = Customer.objects.get(user=user)
        home = Address.objects.create(customer=customer, street="1 rue A", postal_code="75001",
                                      city="Paris", is_default_delivery=True)
        office_address = Address.objects.create(customer=customer, street="9 quai B",
                                                postal_code="69002", city="Lyon",
                                                is_default_billing=True)
    logged_in(client_a, tenant_a, user)
    cart_with(client_a, tenant_a)
    # The "who" step is skipped; the defaults are preselected.
    assert client_a.get(CHECKOUT)["Location"] == f"{CHECKOUT}delivery/"
    assert client_a.get(f"{CHECKOUT}who/")["Location"] == f"{CHECKOUT}delivery/"
    values = client_a.get(f"{CHECKOUT}delivery/").context["values"]
    assert values["address_id"] == home.pk and values["billing_address_id"] == office_address.pk
    response = choose_delivery(client_a, destination="saved", address_id=str(home.pk),
                               billing="saved", billing_address_id=str(office_address.pk))
    assert response.status_code == 302
    choose_payment(client_a)
    place(client_a, review(client_a))
    [order] = orders(tenant_a)
    assert order.delivery_street == "1 rue A" and order.billing_street == "9 quai B"
    assert order.email == "ann@example.com"
    # A new address typed at checkout lands in the address book.
    cart_with(client_a, tenant_a, name="Charger")
    choose_delivery(client_a)
    with tenant_context(tenant_a):
        assert Address.objects.filter(customer=customer, street="3 rue de la Paix").exists()


def test_someone_elses_address_is_refused(client_a, tenant_a):
    other = customer_user(tenant_a, "other@example.com")
    user = customer_user(tenant_a, "me@example.com")
    with tenant_context(tenant_a):
        theirs = Address.objects.create(customer=Customer.objects.get(user=other),
                                        street="1 rue X", postal_code="75001", city="Paris")
    logged_in(client_a, tenant_a, user)
    cart_with(client_a, tenant_a)
    response = choose_delivery(client_a, destination="saved", address_id=str(theirs.pk))
    assert response.status_code == 400 and response.context["error"].field == "address_id"


def test_a_post_office_pick_up_is_snapshotted(client_a, tenant_a):
    office("75A011", "Paris Voltaire")
    cart_with(client_a, tenant_a)
    page = guest_checkout(client_a, destination="post_office", delivery_option="post-office",
                          post_office_id="75a011", billing="new", billing_name="Gus Guest",
                          billing_street="5 rue C", billing_postal_code="75003",
                          billing_city="Paris")
    assert "Paris Voltaire" in page.content.decode()
    place(client_a, page)
    [order] = orders(tenant_a)
    assert order.delivery_kind == "post_office" and order.post_office_id == "75A011"
    assert order.post_office_name == "Paris Voltaire"
    assert order.delivery_street == "12 boulevard Voltaire" and order.delivery_city == "Paris"
    assert order.billing_street == "5 rue C"
    assert [line.line_gross for line in order.lines.all() if line.kind == "fee"] == [
        Decimal("4.90")]


def test_a_professional_sees_prices_excluding_vat(client_a, tenant_a):
    user = customer_user(tenant_a, "pro@example.com", kind=CustomerKind.PROFESSIONAL,
                         company_name="Pro SARL", siret="73282932000074")
    logged_in(client_a, tenant_a, user)
    cart_with(client_a, tenant_a, price="12.00", quantity=1)
    choose_delivery(client_a)
    choose_payment(client_a)
    page = review(client_a)
    prices = page.context["prices"]
    assert not prices.policy.shows_vat_included and prices.policy.charges_vat
    assert page.context["review"].fee_shown.amount == Decimal("5.75")  # 6.90 / 1.2
    html = page.content.decode()
    assert "Unit price (excl. VAT)" in html and "10.00" in html
    place(client_a, page)
    [order] = orders(tenant_a)
    assert order.billing_company == "Pro SARL" and order.buyer_siret == "73282932000074"
    assert not order.shows_vat_included and order.total_gross == Decimal("18.90")


def test_an_intra_eu_professional_pays_no_vat_and_sees_the_mention(client_a, tenant_a):
    user = customer_user(tenant_a, "gmbh@example.com", kind=CustomerKind.PROFESSIONAL,
                         company_name="Pro GmbH", vat_status_override="intra_eu")
    logged_in(client_a, tenant_a, user)
    cart_with(client_a, tenant_a, price="12.00", quantity=1)
    choose_delivery(client_a, delivery_country="DE", delivery_postal_code="10115",
                    delivery_city="Berlin")
    choose_payment(client_a)
    page = review(client_a)
    html = page.content.decode()
    assert 'id="vat-mention"' in html and "reverse charge" in html
    assert page.context["prices"].total_tax.amount == Decimal("0.00")
    place(client_a, page)
    [order] = orders(tenant_a)
    assert order.total_tax == Decimal("0.00") and order.total_net == order.total_gross
    assert order.total_gross == Decimal("15.75")  # 10.00 + 5.75, both net
    assert order.vat_mention and all(line.line_tax == 0 for line in order.lines.all())


def test_vat_is_given_per_rate_with_the_fee_at_its_own_rate(client_a, tenant_a):
    cart_with(client_a, tenant_a, name="Book", price="10.55", quantity=1,
              vat_rate=VatRate.REDUCED)
    prices = guest_checkout(client_a).context["prices"]
    rates = {rate.rate: (rate.net.amount, rate.tax.amount) for rate in prices.vat_totals}
    assert rates == {Decimal("20.0"): (Decimal("5.75"), Decimal("1.15")),
                     Decimal("5.5"): (Decimal("10.00"), Decimal("0.55"))}
    assert prices.total_gross.amount == Decimal("17.45")


def test_the_terms_must_be_accepted_and_are_recorded(client_a, tenant_a):
    cart_with(client_a, tenant_a)
    page = guest_checkout(client_a)
    response = place(client_a, page, accept=False)
    assert response.status_code == 400
    assert response.context["error"].field == "terms_accepted"
    assert 'data-field="terms_accepted"' in response.content.decode()
    stale = place(client_a, page, terms_version="2025-01")
    assert stale.status_code == 409 and stale.context["error"].field == "terms_version"
    assert orders(tenant_a) == []
    place(client_a, review(client_a))
    [order] = orders(tenant_a)
    assert order.terms_version == "2026-11" and order.terms_accepted_at is not None


def test_a_double_submit_makes_one_order(client_a, tenant_a):
    cart_with(client_a, tenant_a)
    page = guest_checkout(client_a)
    first = place(client_a, page)
    second = place(client_a, page)
    [order] = orders(tenant_a)
    assert first["Location"] == second["Location"] == f"{PAY_PREFIX}{order.public_token}/"


def test_stock_gone_between_review_and_place_goes_back_to_the_cart(client_a, tenant_a):
    item_id = cart_with(client_a, tenant_a, quantity=2, stock=2)
    page = guest_checkout(client_a)
    with tenant_context(tenant_a):
        catalog_actions.adjust_stock(SellableItem.objects.get(pk=item_id), -1)
    response = place(client_a, page)
    assert response.status_code == 302 and response["Location"] == "/shop/cart/"
    cart_page = client_a.get("/shop/cart/").content.decode()
    assert "in stock" in cart_page
    assert orders(tenant_a) == []


def test_a_price_change_after_review_asks_to_review_again(client_a, tenant_a):
    cart_with(client_a, tenant_a)
    page = guest_checkout(client_a)
    with tenant_context(tenant_a):
        DeliveryOption.objects.filter(code="colissimo").update(price=Decimal("9.90"))
    response = place(client_a, page)
    assert response["Location"] == f"{CHECKOUT}review/"
    assert orders(tenant_a) == []


def test_a_withdrawn_delivery_option_goes_back_to_delivery(client_a, tenant_a):
    cart_with(client_a, tenant_a)
    page = guest_checkout(client_a)
    with tenant_context(tenant_a):
        DeliveryOption.objects.filter(code="colissimo").update(is_active=False)
    assert place(client_a, page)["Location"] == f"{CHECKOUT}delivery/"
    assert client_a.get(f"{CHECKOUT}review/")["Location"] == f"{CHECKOUT}delivery/"
    assert orders(tenant_a) == []


def test_an_out_of_date_form_is_not_placed(client_a, tenant_a):
    cart_with(client_a, tenant_a)
    guest_checkout(client_a)
    response = client_a.post(f"{CHECKOUT}place/", {"place_token": "forged",
                                                   "terms_accepted": "on",
                                                   "terms_version": "2026-11"})
    assert response["Location"] == f"{CHECKOUT}review/"
    assert orders(tenant_a) == []
