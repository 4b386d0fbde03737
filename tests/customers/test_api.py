"""The customers API: own profile and addresses, staff read, permissions, isolation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.customers.models import Address, Customer
from tests.api.helpers import auth, patch_json, post_json, token_for

from .helpers import make_address, make_customer, make_professional

pytestmark = pytest.mark.django_db

ME = "/api/customers/me/"
ADDRESSES = "/api/customers/me/addresses/"
NEW_ADDRESS = {"street": "1 rue de la Paix", "postal_code": "75002", "city": "Paris"}


def _token(tenant, user_factory, email, role=Role.CUSTOMER):
    return auth(token_for(tenant, user_factory(tenant, email, role)))


def _addresses(tenant):
    with tenant_context(tenant):
        return list(Address.objects.order_by("id").values_list(
            "street", "is_default_delivery", "is_default_billing"))


def test_anonymous_gets_401_everywhere(client_a, tenant_a):
    for path in (ME, ADDRESSES, "/api/customers/", "/api/customers/1/"):
        assert client_a.get(path).status_code == 401
    assert post_json(client_a, ADDRESSES, NEW_ADDRESS).status_code == 401


def test_customer_manages_profile_and_addresses(client_a, tenant_a, user_factory):
    headers = _token(tenant_a, user_factory, "shopper@alpha.test")

    profile = client_a.get(ME, **headers)
    first = post_json(client_a, ADDRESSES, NEW_ADDRESS, **headers)
    second = post_json(client_a, ADDRESSES, {**NEW_ADDRESS, "street": "2 rue B", "kind": "other"},
                       **headers)
    second_id = second.json()["id"]
    switched = client_a.post(f"{ADDRESSES}{second_id}/default-delivery/", **headers)
    edited = patch_json(client_a, f"{ADDRESSES}{second_id}/", {"city": "Lyon"}, **headers)

    assert profile.status_code == 200
    assert profile.json()["vat_status"] == "national"
    assert first.status_code == 201 and first.json()["is_default_delivery"] is True
    assert switched.status_code == 200
    assert edited.json()["city"] == "Lyon"
    assert _addresses(tenant_a) == [("1 rue de la Paix", False, True), ("2 rue B", True, False)]

    deleted = client_a.delete(f"{ADDRESSES}{second_id}/", **headers)
    assert deleted.status_code == 204
    assert _addresses(tenant_a) == [("1 rue de la Paix", True, True)]


def test_professional_details_over_the_api(client_a, tenant_a, user_factory):
    headers = _token(tenant_a, user_factory, "pro@alpha.test")
    response = patch_json(client_a, ME, {
        "kind": "professional", "company_name": "Pro SAS", "siret": "73282932000074",
        "vat_number": "FR 40 303 265 045",
    }, **headers)
    assert response.status_code == 200
    body = response.json()
    assert (body["vat_number"], body["vat_number_status"], body["vat_status"]) == (
        "FR40303265045", "format_valid", "national")


@pytest.mark.parametrize(("path", "method", "data", "field"), [
    (ME, "patch", {"vat_number": "FR41303265045", "kind": "professional",
                   "company_name": "Co"}, "vat_number"),
    (ME, "patch", {"siret": "123", "kind": "professional", "company_name": "Co"}, "siret"),
    (ME, "patch", {"kind": "robot"}, "kind"),
    (ME, "patch", {"billing_country": "ZZ"}, "billing_country"),
    (ME, "patch", {"vat_status_override": "extra_eu"}, "vat_status_override"),
    (ADDRESSES, "post", {**NEW_ADDRESS, "country": "QQ"}, "country"),
    (ADDRESSES, "post", {"street": "1 rue A", "city": "Paris"}, "postal_code"),
    (ADDRESSES, "post", {**NEW_ADDRESS, "is_default_billing": True}, "is_default_billing"),
])
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(
    client_a, tenant_a, user_factory, path, method, data, field
):
    headers = _token(tenant_a, user_factory, "shopper@alpha.test")
    send = patch_json if method == "patch" else post_json
    response = send(client_a, path, data, **headers)

    assert response.status_code == 400
    assert field in response.json()["fields"]
    with tenant_context(tenant_a):
        assert not Address.objects.exists()
        assert not Customer.objects.exclude(kind="individual").exists()
        assert not Customer.objects.exclude(billing_country="FR").exists()


def test_a_customer_cannot_see_or_change_another_customers_addresses(
    client_a, tenant_a, user_factory
):
    owner = make_customer(tenant_a, "owner@alpha.test")
    address = make_address(tenant_a, owner, is_default_delivery=True)
    other = _token(tenant_a, user_factory, "other@alpha.test")
    url = f"{ADDRESSES}{address.pk}/"

    responses = [
        client_a.get(url, **other),
        patch_json(client_a, url, {"city": "Nowhere"}, **other),
        client_a.delete(url, **other),
        client_a.post(f"{url}default-billing/", **other),
    ]

    assert [response.status_code for response in responses] == [404] * 4
    assert client_a.get(ADDRESSES, **other).json() == []
    assert _addresses(tenant_a) == [("1 rue de la Paix", True, False)]


def test_staff_have_no_own_profile_and_customers_cannot_read_the_staff_list(
    client_a, tenant_a, user_factory
):
    counter = _token(tenant_a, user_factory, "counter@alpha.test", Role.COUNTER_STAFF)
    shopper = _token(tenant_a, user_factory, "shopper@alpha.test")
    target = make_professional(tenant_a, "pro@alpha.test")

    assert client_a.get(ME, **counter).status_code == 404
    assert client_a.get("/api/customers/", **shopper).status_code == 403
    assert client_a.get(f"/api/customers/{target.pk}/", **shopper).status_code == 403
    detail = client_a.get(f"/api/customers/{target.pk}/", **counter)
    assert detail.status_code == 200
    assert detail.json()["vat_number"] == "DE136695976"


def test_staff_list_filters_and_rejects_bad_filters(client_a, tenant_a, user_factory):
    make_customer(tenant_a, "ann@alpha.test")
    make_professional(tenant_a, "pro@alpha.test", status="valid")
    manager = _token(tenant_a, user_factory, "boss2@alpha.test", Role.MANAGER)

    intra = client_a.get("/api/customers/?vat_status=intra_eu", **manager).json()
    search = client_a.get("/api/customers/?search=ann", **manager).json()
    bad = client_a.get("/api/customers/?kind=robot", **manager)

    assert [row["email"] for row in intra["results"]] == ["pro@alpha.test"]
    assert [row["email"] for row in search["results"]] == ["ann@alpha.test"]
    assert bad.status_code == 400 and "kind" in bad.json()["fields"]


def test_customers_of_a_are_invisible_through_bs_api(
    client_a, client_b, tenant_a, tenant_b, user_factory
):
    customer = make_customer(tenant_a, "secret@alpha.test")
    address = make_address(tenant_a, customer)
    staff_b = _token(tenant_b, user_factory, "boss2@beta.test", Role.MANAGER)
    shopper_b = _token(tenant_b, user_factory, "shopper@beta.test")

    listing = client_b.get("/api/customers/", **staff_b).json()
    assert listing["count"] == 0
    assert client_b.get(f"/api/customers/{customer.pk}/", **staff_b).status_code == 404
    assert client_b.get(f"{ADDRESSES}{address.pk}/", **shopper_b).status_code == 404
    assert client_b.delete(f"{ADDRESSES}{address.pk}/", **shopper_b).status_code == 404
    assert _addresses(tenant_a) == [("1 rue de la Paix", False, False)]


def _api_list_queries(client, headers, tenant, count, offset):
    for index in range(count):
        make_professional(tenant, f"p{offset + index}@alpha.test")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/customers/", **headers)
    assert len(response.json()["results"]) == count + offset
    return len(queries)


def test_api_list_queries_are_the_same_for_5_and_50_customers(client_a, tenant_a, user_factory):
    headers = _token(tenant_a, user_factory, "counter@alpha.test", Role.COUNTER_STAFF)
    client_a.get("/api/customers/", **headers)  # warm the host -> tenant cache
    five = _api_list_queries(client_a, headers, tenant_a, 5, 0)
    fifty = _api_list_queries(client_a, headers, tenant_a, 45, 5)
    assert five == fifty
