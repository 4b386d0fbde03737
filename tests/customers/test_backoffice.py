"""The customers back office: who sees what, search and filters, the VAT override, isolation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.customers.models import Customer
from tenant_apps.customers.vat import VatNumberStatus
from tests.backoffice.helpers import customer_log_in, staff_log_in

from .helpers import make_address, make_customer, make_professional

pytestmark = pytest.mark.django_db


def _staff(client, tenant, user_factory, role=Role.COUNTER_STAFF, email="counter@alpha.test"):
    user_factory(tenant, email, role)
    staff_log_in(client, email)


def test_anonymous_goes_to_login_and_customers_get_403(client_a, tenant_a, user_factory):
    customer = make_customer(tenant_a, "shopper@alpha.test")
    anonymous = client_a.get("/backoffice/customers/")
    customer_log_in(client_a, "shopper@alpha.test")

    assert anonymous.status_code == 302 and "/backoffice/login/" in anonymous["Location"]
    assert client_a.get("/backoffice/customers/").status_code == 403
    assert client_a.get(f"/backoffice/customers/{customer.pk}/").status_code == 403


def test_staff_search_and_filter(client_a, tenant_a, user_factory):
    make_customer(tenant_a, "ann@alpha.test")
    make_professional(tenant_a, "pro@alpha.test", status=VatNumberStatus.VALID)
    with tenant_context(tenant_a):
        Customer.objects.create(guest_email="guest@alpha.test", guest_name="Gus Guest")
    _staff(client_a, tenant_a, user_factory)

    everyone = client_a.get("/backoffice/customers/").content.decode()
    by_company = client_a.get("/backoffice/customers/?q=gmbh").content.decode()
    by_name = client_a.get("/backoffice/customers/?q=gus").content.decode()
    intra = client_a.get("/backoffice/customers/?vat_status=intra_eu").content.decode()
    pros = client_a.get("/backoffice/customers/?kind=professional").content.decode()

    assert all(email in everyone for email in ("ann@", "pro@", "guest@"))
    assert "pro@alpha.test" in by_company and "ann@alpha.test" not in by_company
    assert "guest@alpha.test" in by_name and "pro@alpha.test" not in by_name
    assert "pro@alpha.test" in intra and "ann@alpha.test" not in intra
    assert "pro@alpha.test" in pros and "guest@alpha.test" not in pros


def test_a_bad_filter_is_a_400_naming_the_field(client_a, tenant_a, user_factory):
    _staff(client_a, tenant_a, user_factory)
    response = client_a.get("/backoffice/customers/?vat_status=tax_haven")
    assert response.status_code == 400
    assert 'data-field="vat_status"' in response.content.decode()


def test_detail_shows_addresses_and_only_managers_see_the_override(
    client_a, tenant_a, user_factory
):
    customer = make_professional(tenant_a, "pro@alpha.test")
    make_address(tenant_a, customer, street="9 Hauptstrasse", is_default_delivery=True)
    _staff(client_a, tenant_a, user_factory)

    page = client_a.get(f"/backoffice/customers/{customer.pk}/").content.decode()
    posted = client_a.post(f"/backoffice/customers/{customer.pk}/vat-status/",
                           {"vat_status_override": "intra_eu"})

    assert "9 Hauptstrasse" in page and "DE136695976" in page
    assert "vat-override-form" not in page
    assert posted.status_code == 403
    with tenant_context(tenant_a):
        assert Customer.objects.get(pk=customer.pk).vat_status_override is None


def test_manager_overrides_the_vat_status(client_a, tenant_a, user_factory):
    customer = make_professional(tenant_a, "pro@alpha.test")
    _staff(client_a, tenant_a, user_factory, Role.MANAGER, "boss2@alpha.test")

    bad = client_a.post(f"/backoffice/customers/{customer.pk}/vat-status/",
                        {"vat_status_override": "whatever"})
    good = client_a.post(f"/backoffice/customers/{customer.pk}/vat-status/",
                         {"vat_status_override": "extra_eu"})
    page = client_a.get(f"/backoffice/customers/{customer.pk}/").content.decode()

    assert bad.status_code == 400
    assert good.status_code == 302
    assert 'data-vat-status="extra_eu"' in page and "boss2@alpha.test" in page
    with tenant_context(tenant_a):
        stored = Customer.objects.get(pk=customer.pk)
    assert stored.vat_status_override == "extra_eu"
    assert stored.vat_status_override_by.email == "boss2@alpha.test"


def test_customers_of_a_are_invisible_on_b(client_a, client_b, tenant_a, tenant_b, user_factory):
    customer = make_customer(tenant_a, "secret@alpha.test")
    _staff(client_b, tenant_b, user_factory, Role.MANAGER, "boss2@beta.test")

    listing = client_b.get("/backoffice/customers/").content.decode()
    detail = client_b.get(f"/backoffice/customers/{customer.pk}/")
    override = client_b.post(f"/backoffice/customers/{customer.pk}/vat-status/",
                             {"vat_status_override": "extra_eu"})

    assert "secret@alpha.test" not in listing
    assert detail.status_code == 404
    assert override.status_code == 404
    with tenant_context(tenant_a):
        assert Customer.objects.get(pk=customer.pk).vat_status_override is None


def _list_queries(client, tenant, count, offset):
    for index in range(count):
        if index % 2:
            make_professional(tenant, f"pro{offset + index}@alpha.test")
        else:
            make_customer(tenant, f"c{offset + index}@alpha.test")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/backoffice/customers/")
    assert response.status_code == 200
    assert response.content.decode().count("data-customer=") == count + offset
    return len(queries)


def test_list_queries_are_the_same_for_5_and_50_customers(client_a, tenant_a, user_factory):
    _staff(client_a, tenant_a, user_factory)
    five = _list_queries(client_a, tenant_a, 5, 0)
    fifty = _list_queries(client_a, tenant_a, 45, 5)
    assert five == fifty
