"""Customer actions: profiles, guests, company details, and default addresses."""

import pytest
from django.db import IntegrityError, transaction
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.customers import actions
from tenant_apps.customers.actions import AddressDetails, CustomerDetails
from tenant_apps.customers.errors import CustomerError
from tenant_apps.customers.models import Address, Customer
from tenant_apps.customers.vat import CustomerKind, VatNumberStatus

from .helpers import make_address, make_customer

pytestmark = pytest.mark.django_db


def test_ensure_customer_for_user_makes_one_profile(tenant_a, user_factory):
    user = user_factory(tenant_a, "shopper@alpha.test")
    staff = user_factory(tenant_a, "counter@alpha.test", Role.COUNTER_STAFF)
    with tenant_context(tenant_a):
        first = actions.ensure_customer_for_user(user)
        again = actions.ensure_customer_for_user(user)
        with pytest.raises(CustomerError) as refused:
            actions.ensure_customer_for_user(staff)
        count = Customer.objects.count()
    assert first.pk == again.pk
    assert first.email == "shopper@alpha.test" and not first.is_guest
    assert refused.value.code == "not_a_customer"
    assert count == 1


def test_guest_needs_a_valid_email_and_is_national(tenant_a):
    with tenant_context(tenant_a):
        guest = actions.create_guest(" Guest@Alpha.test ", "Gina Guest")
        with pytest.raises(CustomerError) as refused:
            actions.create_guest("not-an-email", "X")
        count = Customer.objects.count()
    assert guest.is_guest and guest.email == "guest@alpha.test"
    assert guest.vat_status == "national"
    assert refused.value.field == "email"
    assert count == 1


def test_professional_details_are_normalised_and_a_new_number_goes_pending(
    tenant_a, django_capture_on_commit_callbacks
):
    customer = make_customer(tenant_a, "pro@alpha.test")
    with django_capture_on_commit_callbacks() as callbacks, tenant_context(tenant_a):
        updated = actions.update_customer_details(customer, CustomerDetails(
            kind=CustomerKind.PROFESSIONAL, company_name=" Pro SARL ", siret="732 829 320 00074",
            vat_number="fr 40 303 265 045", billing_country="fr"), actor=None)
    # Billed in France: the number decides nothing, no look-up is queued.
    assert (updated.company_name, updated.siret, updated.vat_number) == (
        "Pro SARL", "73282932000074", "FR40303265045")
    assert updated.vat_number_status == VatNumberStatus.FORMAT_VALID
    assert callbacks == []

    with django_capture_on_commit_callbacks() as callbacks, tenant_context(tenant_a):
        moved = actions.update_customer_details(updated, CustomerDetails(
            billing_country="BE", vat_number="BE0403170701"), actor=None)
    assert moved.vat_number_status == VatNumberStatus.PENDING
    assert moved.vat_status == "national"
    assert len(callbacks) == 1


@pytest.mark.parametrize(("details", "field", "code"), [
    (CustomerDetails(kind=CustomerKind.PROFESSIONAL), "company_name", "required"),
    (CustomerDetails(kind="robot"), "kind", "invalid_kind"),
    (CustomerDetails(kind=CustomerKind.PROFESSIONAL, company_name="Co", siret="123"), "siret",
     "invalid_siret"),
    (CustomerDetails(kind=CustomerKind.PROFESSIONAL, company_name="Co",
                     vat_number="FR41303265045"), "vat_number", "invalid_vat_number"),
    (CustomerDetails(kind=CustomerKind.PROFESSIONAL, company_name="Co",
                     vat_number="DE136695976"), "vat_number", "vat_country_mismatch"),
    (CustomerDetails(billing_country="ZZ"), "billing_country", "invalid_country"),
])
def test_bad_details_are_refused_on_their_field_and_nothing_is_written(
    tenant_a, details, field, code
):
    customer = make_customer(tenant_a, "pro@alpha.test")
    with tenant_context(tenant_a):
        with pytest.raises(CustomerError) as refused:
            actions.update_customer_details(customer, details, actor=None)
        stored = Customer.objects.get(pk=customer.pk)
    assert (refused.value.field, refused.value.code) == (field, code)
    assert (stored.kind, stored.company_name, stored.billing_country) == ("individual", "", "FR")


def test_back_to_individual_drops_the_company(tenant_a):
    customer = make_customer(tenant_a, "pro@alpha.test", kind=CustomerKind.PROFESSIONAL,
                             company_name="Co", vat_number="FR40303265045",
                             vat_number_status=VatNumberStatus.FORMAT_VALID)
    with tenant_context(tenant_a):
        updated = actions.update_customer_details(
            customer, CustomerDetails(kind=CustomerKind.INDIVIDUAL), actor=None)
    assert (updated.company_name, updated.vat_number) == ("", "")
    assert updated.vat_number_status == VatNumberStatus.NOT_CHECKED


def _defaults(tenant, customer):
    with tenant_context(tenant):
        rows = Address.objects.filter(customer=customer)
        return (list(rows.filter(is_default_delivery=True).values_list("pk", flat=True)),
                list(rows.filter(is_default_billing=True).values_list("pk", flat=True)))


def test_first_address_is_both_defaults_and_switching_keeps_exactly_one(tenant_a):
    customer = make_customer(tenant_a, "shopper@alpha.test")
    with tenant_context(tenant_a):
        home = actions.add_address(customer, AddressDetails(
            street="1 rue A", postal_code="75001", city="Paris"))
        office = actions.add_address(customer, AddressDetails(
            kind="billing", street="2 rue B", postal_code="69001", city="Lyon"))
    assert _defaults(tenant_a, customer) == ([home.pk], [home.pk])

    with tenant_context(tenant_a):
        actions.set_default_address(office, use="billing")
    assert _defaults(tenant_a, customer) == ([home.pk], [office.pk])

    with tenant_context(tenant_a):
        actions.set_default_address(office, use="delivery")
        actions.set_default_address(office, use="delivery")
    assert _defaults(tenant_a, customer) == ([office.pk], [office.pk])

    with tenant_context(tenant_a):
        actions.delete_address(office)
    assert _defaults(tenant_a, customer) == ([home.pk], [home.pk])


def test_the_database_refuses_two_default_addresses(tenant_a):
    customer = make_customer(tenant_a, "shopper@alpha.test")
    make_address(tenant_a, customer, is_default_delivery=True, is_default_billing=True)
    with tenant_context(tenant_a):
        for flag in ("is_default_delivery", "is_default_billing"):
            with pytest.raises(IntegrityError), transaction.atomic():
                Address.objects.create(customer=customer, street="x", postal_code="75001",
                                       city="Paris", **{flag: True})
        count = Address.objects.count()
    assert count == 1


@pytest.mark.parametrize(("details", "field"), [
    (AddressDetails(street="", postal_code="75001", city="Paris"), "street"),
    (AddressDetails(street="1 rue A", postal_code="!!", city="Paris"), "postal_code"),
    (AddressDetails(street="1 rue A", postal_code="75001", city="Paris", country="France"),
     "country"),
    (AddressDetails(street="1 rue A", postal_code="75001", city="Paris", phone="call me"),
     "phone"),
    (AddressDetails(street="1 rue A", postal_code="75001", city="Paris", kind="castle"), "kind"),
])
def test_bad_addresses_are_refused_on_their_field(tenant_a, details, field):
    customer = make_customer(tenant_a, "shopper@alpha.test")
    with tenant_context(tenant_a):
        with pytest.raises(CustomerError) as refused:
            actions.add_address(customer, details)
        count = Address.objects.count()
    assert refused.value.field == field
    assert count == 0
