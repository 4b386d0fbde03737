"""Cart pricing per customer: incl. VAT for individuals and guests, excl. VAT for professionals,
no VAT under reverse charge (intra-EU) or for export (extra-EU); totals per VAT rate."""

from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from tenant_apps.commerce.actions import add_to_cart, cart_for
from tenant_apps.commerce.pricing import VatTreatment, pricing_policy
from tenant_apps.commerce.selectors import CartOwner, summary_for
from tenant_apps.customers.models import Customer
from tenant_apps.customers.vat import CustomerKind, VatNumberStatus, VatStatus
from tenant_apps.pricing.tax import VatRate

from .helpers import add, customer_user, logged_in, product

pytestmark = pytest.mark.django_db

PROFESSIONAL = {"kind": CustomerKind.PROFESSIONAL, "company_name": "Pro SARL"}
CUSTOMERS = {
    "individual": {},
    "professional_fr": {**PROFESSIONAL, "billing_country": "FR"},
    "intra_eu": {**PROFESSIONAL, "billing_country": "DE", "vat_number": "DE136695976",
                 "vat_number_status": VatNumberStatus.VALID},
    "extra_eu": {**PROFESSIONAL, "billing_country": "CH"},
}


@pytest.fixture
def two_rates(tenant_a):
    """A 20% item entered incl. VAT and a 5.5% item entered excl. VAT."""
    phone_case = product(tenant_a, "Phone case", price="120.00", stock=10)
    book = product(tenant_a, "Repair guide", price="9.99", stock=10, vat_rate=VatRate.REDUCED,
                   includes_vat=False)
    return phone_case, book


def _summary_for(tenant, email, fields, two_rates):  # type: ignore[no-untyped-def]
    user = customer_user(tenant, email, **fields)
    phone_case, book = two_rates
    with tenant_context(tenant):
        cart = cart_for(CartOwner(user=user))
        add_to_cart(cart, phone_case.pk, 2)
        add_to_cart(cart, book.pk, 3)
        return summary_for(CartOwner(user=user)), Customer.objects.get(user=user)


def _assert_adds_up(prices) -> None:  # type: ignore[no-untyped-def]
    for rate in prices.vat_totals:
        assert rate.net + rate.tax == rate.gross
    assert prices.total_net + prices.total_tax == prices.total_gross
    assert sum((r.gross.amount for r in prices.vat_totals), Decimal(0)) == prices.total_gross.amount


@pytest.mark.parametrize("who", ["individual", "professional_fr"])
def test_national_customers_pay_vat_per_rate(tenant_a, two_rates, who):
    summary, customer = _summary_for(tenant_a, f"{who}@example.com", CUSTOMERS[who], two_rates)
    prices = summary.prices

    assert customer.vat_status == VatStatus.NATIONAL
    assert prices.policy.treatment == VatTreatment.CHARGED and prices.policy.mention == ""
    by_rate = {rate.rate: rate for rate in prices.vat_totals}
    # 2 x 120.00 incl. 20%: 200.00 + 40.00; 3 x 9.99 excl. 5.5%: 29.97 + 1.65 = 31.62.
    assert by_rate[Decimal("20.0")].net.amount == Decimal("200.00")
    assert by_rate[Decimal("20.0")].tax.amount == Decimal("40.00")
    assert by_rate[Decimal("5.5")].net.amount == Decimal("29.97")
    assert by_rate[Decimal("5.5")].gross.amount == Decimal("31.62")
    assert prices.total_net.amount == Decimal("229.97")
    assert prices.total_gross.amount == Decimal("271.62")
    _assert_adds_up(prices)
    case_line = next(line for line in prices.lines if line.description == "Phone case")
    if who == "individual":
        assert prices.policy.shows_vat_included
        assert case_line.unit_shown.amount == Decimal("120.00")
        assert case_line.total_shown.amount == Decimal("240.00")
    else:
        assert not prices.policy.shows_vat_included
        assert case_line.unit_shown.amount == Decimal("100.00")
        assert case_line.total_shown.amount == Decimal("200.00")


@pytest.mark.parametrize(("who", "mention"), [
    ("intra_eu", "VAT reverse charged (autoliquidation)"),
    ("extra_eu", "Export outside the EU: no VAT"),
])
def test_reverse_charge_and_export_pay_no_vat(tenant_a, two_rates, who, mention):
    summary, customer = _summary_for(tenant_a, f"{who}@example.com", CUSTOMERS[who], two_rates)
    prices = summary.prices

    assert customer.vat_status == VatStatus(who)
    assert prices.policy.mention == mention
    assert prices.total_tax.amount == Decimal("0.00")
    assert prices.total_net.amount == prices.total_gross.amount == Decimal("229.97")
    assert [(rate.rate, rate.gross.amount) for rate in prices.vat_totals] == [
        (Decimal("0.0"), Decimal("229.97"))]
    assert all(line.total.tax.amount == 0 for line in prices.lines)
    _assert_adds_up(prices)


def test_guests_are_individuals_paying_vat():
    policy = pricing_policy(None)

    assert policy.shows_vat_included and policy.treatment == VatTreatment.CHARGED


@pytest.mark.parametrize(("who", "shown", "absent"), [
    ("individual", "Unit price (incl. VAT)", "Unit price (excl. VAT)"),
    ("professional_fr", "Unit price (excl. VAT)", "VAT reverse charged"),
    ("intra_eu", "VAT reverse charged (autoliquidation)", "Export outside"),
    ("extra_eu", "Export outside the EU: no VAT", "VAT reverse charged"),
])
def test_cart_page_shows_prices_for_the_customer(client_a, tenant_a, two_rates, who, shown,
                                                 absent):
    user = customer_user(tenant_a, f"page-{who}@example.com", **CUSTOMERS[who])
    client = logged_in(client_a, tenant_a, user)
    phone_case, book = two_rates
    add(client, phone_case.pk, 2)
    add(client, book.pk, 3)

    page = client.get("/shop/cart/").content.decode()

    assert shown in page
    assert absent not in page


def test_shop_shows_professionals_prices_excl_vat(client_a, tenant_a, two_rates):
    user = customer_user(tenant_a, "pro-shop@example.com", **CUSTOMERS["professional_fr"])

    guest_page = client_a.get("/shop/").content.decode()
    pro_page = logged_in(client_a, tenant_a, user).get("/shop/").content.decode()

    assert "120.00 €" in guest_page and "100.00 €" not in guest_page
    assert "100.00 €" in pro_page and "120.00 €" not in pro_page
