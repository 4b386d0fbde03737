"""The VAT decision table (B4), the override, and the identifiers it rests on."""

import itertools

import pytest
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.customers.actions import set_vat_status_override
from tenant_apps.customers.countries import EU_MEMBER_STATES
from tenant_apps.customers.errors import CustomerError
from tenant_apps.customers.models import Customer
from tenant_apps.customers.vat import (
    CustomerKind,
    VatNumberStatus,
    VatStatus,
    clean_siret,
    clean_vat_number,
    derive_vat_status,
)

IND, PRO = CustomerKind.INDIVIDUAL, CustomerKind.PROFESSIONAL
NATIONAL, INTRA, EXTRA = VatStatus.NATIONAL, VatStatus.INTRA_EU, VatStatus.EXTRA_EU
FR, EU, NON_EU = "FR", "DE", "US"
S = VatNumberStatus

# (kind, billing country, VAT number status, guest) -> VAT status. Written out, not computed.
TABLE = [
    # Individuals: national everywhere, whatever number they typed.
    *[(IND, country, status, False, NATIONAL) for country in (FR, EU, NON_EU) for status in S],
    # Guests: always national, even a professional billed abroad with a valid number.
    *[(kind, country, status, True, NATIONAL)
      for kind in (IND, PRO) for country in (FR, EU, NON_EU) for status in S],
    # Professionals billed in France: national.
    *[(PRO, FR, status, False, NATIONAL) for status in S],
    # Professionals in another member state: intra-EU only once VIES said valid.
    (PRO, EU, S.VALID, False, INTRA),
    (PRO, EU, S.PENDING, False, NATIONAL),
    (PRO, EU, S.FORMAT_VALID, False, NATIONAL),
    (PRO, EU, S.NOT_CHECKED, False, NATIONAL),
    (PRO, EU, S.INVALID, False, NATIONAL),
    # Professionals billed outside the EU: export.
    *[(PRO, NON_EU, status, False, EXTRA) for status in S],
]


def test_the_table_covers_every_combination_once():
    keys = [row[:4] for row in TABLE]
    expected = set(itertools.product((IND, PRO), (FR, EU, NON_EU), list(S), (False, True)))
    assert len(keys) == len(set(keys))
    assert set(keys) == expected


@pytest.mark.parametrize(("kind", "country", "number_status", "is_guest", "expected"), TABLE)
def test_derived_vat_status(kind, country, number_status, is_guest, expected):
    assert derive_vat_status(kind, country, number_status, is_guest=is_guest) == expected


@pytest.mark.parametrize("country", sorted(EU_MEMBER_STATES - {"FR"}))
def test_every_other_member_state_is_intra_eu_with_a_valid_number(country):
    assert derive_vat_status(PRO, country, S.VALID, is_guest=False) == INTRA


@pytest.mark.django_db
def test_the_sql_annotation_agrees_with_the_function_on_every_row(tenant_a, user_factory):
    with tenant_context(tenant_a):
        expected = {}
        for index, (kind, country, status, is_guest, result) in enumerate(TABLE):
            if kind == IND and status != S.NOT_CHECKED:
                continue  # an individual has no VAT number: the database refuses these rows
            user = None if is_guest else user_factory(tenant_a, f"row{index}@alpha.test")
            customer = Customer.objects.create(
                user=user, guest_email="" if user else f"guest{index}@alpha.test", kind=kind,
                billing_country=country, vat_number_status=status,
                vat_number="" if status == S.NOT_CHECKED else "DE136695976",
                company_name="Co" if kind == PRO else "",
            )
            expected[customer.pk] = result
        annotated = dict(Customer.objects.with_vat_status().values_list(
            "pk", "effective_vat_status"))
        live = {customer.pk: customer.vat_status
                for customer in Customer.objects.select_related("user")}
    assert annotated == expected
    assert live == expected


@pytest.mark.django_db
def test_manager_override_wins_and_records_who_and_when(tenant_a, user_factory):
    manager = user_factory(tenant_a, "boss2@alpha.test", Role.MANAGER)
    with tenant_context(tenant_a):
        customer = Customer.objects.create(
            user=user_factory(tenant_a, "pro@alpha.test"), kind=PRO, company_name="Pro GmbH",
            billing_country="DE", vat_number="DE136695976", vat_number_status=S.PENDING)
        assert customer.vat_status == NATIONAL

        overridden = set_vat_status_override(customer, INTRA, staff=manager)
        annotated = Customer.objects.with_vat_status().get(pk=customer.pk).effective_vat_status
        reset = set_vat_status_override(overridden, None, staff=manager)

    assert overridden.vat_status == INTRA
    assert overridden.vat_status_override_by == manager
    assert overridden.vat_status_override_at is not None
    assert annotated == INTRA
    assert reset.vat_status == NATIONAL
    assert reset.vat_status_override_by is None


@pytest.mark.django_db
def test_counter_staff_cannot_override_and_guests_stay_national(tenant_a, user_factory):
    counter = user_factory(tenant_a, "counter@alpha.test", Role.COUNTER_STAFF)
    manager = user_factory(tenant_a, "boss2@alpha.test", Role.MANAGER)
    with tenant_context(tenant_a):
        guest = Customer.objects.create(guest_email="guest@alpha.test", guest_name="G")
        with pytest.raises(CustomerError) as refused:
            set_vat_status_override(guest, EXTRA, staff=counter)
        with pytest.raises(CustomerError) as guest_refused:
            set_vat_status_override(guest, EXTRA, staff=manager)
        guest.refresh_from_db()
    assert refused.value.status == 403
    assert guest_refused.value.code == "guest_customer"
    assert guest.vat_status_override is None


@pytest.mark.parametrize(("raw", "expected"), [
    ("FR40303265045", "FR40303265045"),
    ("fr 40 303 265 045", "FR40303265045"),
    ("DE136695976", "DE136695976"),
    ("EL094259216", "EL094259216"),
    ("", None),
])
def test_good_vat_numbers_are_normalised(raw, expected):
    number = clean_vat_number(raw)
    assert (number.number if number else None) == expected


def test_a_greek_number_belongs_to_greece():
    number = clean_vat_number("EL094259216")
    assert number is not None and number.country == "GR" and number.prefix == "EL"


@pytest.mark.parametrize("raw", [
    "FR41303265045",  # checksum
    "DE136695977",  # checksum
    "FR4030326504",  # too short
    "XX40303265045",  # no such prefix
    "GB980780684",  # not an EU number
    "40303265045",  # no prefix
])
def test_bad_vat_numbers_are_refused_on_the_field(raw):
    with pytest.raises(CustomerError) as error:
        clean_vat_number(raw)
    assert error.value.field == "vat_number"
    assert error.value.code == "invalid_vat_number"


def test_siret_is_checked_by_its_checksum():
    assert clean_siret("732 829 320 00074") == "73282932000074"
    assert clean_siret("") == ""
    for bad in ("73282932000075", "7328293200007", "ABCDEFGHIJKLMN"):
        with pytest.raises(CustomerError) as error:
            clean_siret(bad)
        assert error.value.field == "siret"
