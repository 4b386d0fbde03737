"""Who may open which back-office page: anonymous, customer, counter staff, manager."""

import pytest

from tenant_apps.accounts.models import Role
from tenants.models import Brand
from tests.conftest import PASSWORD

from .helpers import brand_form_data, customer_log_in, staff_log_in, user_exists

pytestmark = pytest.mark.django_db

PAGES = ["/backoffice/", "/backoffice/brand/", "/backoffice/staff/"]
MANAGER_PAGES = ["/backoffice/brand/", "/backoffice/staff/"]


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_are_sent_to_the_staff_login(client_a, path):
    response = client_a.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/backoffice/login/?next=")


@pytest.mark.parametrize("path", PAGES)
def test_customers_get_403_on_every_back_office_page(client_a, tenant_a, user_factory, path):
    user_factory(tenant_a, "shopper@alpha.test", Role.CUSTOMER)
    customer_log_in(client_a, "shopper@alpha.test")

    assert client_a.get(path).status_code == 403


def test_counter_staff_open_the_dashboard_but_not_manager_pages(client_a, tenant_a, user_factory):
    user_factory(tenant_a, "counter@alpha.test", Role.COUNTER_STAFF)
    staff_log_in(client_a, "counter@alpha.test")

    dashboard = client_a.get("/backoffice/")

    assert dashboard.status_code == 200
    assert 'id="nav-brand"' not in dashboard.content.decode()
    for path in MANAGER_PAGES:
        assert client_a.get(path).status_code == 403


def test_counter_staff_cannot_change_the_brand_or_invite(client_a, tenant_a, user_factory):
    user_factory(tenant_a, "counter@alpha.test", Role.COUNTER_STAFF)
    staff_log_in(client_a, "counter@alpha.test")

    brand_response = client_a.post(
        "/backoffice/brand/", brand_form_data(tenant_a, display_name="Hijacked")
    )
    invite_response = client_a.post(
        "/backoffice/staff/invite/", {"email": "friend@alpha.test", "role": Role.MANAGER}
    )

    assert brand_response.status_code == 403
    assert invite_response.status_code == 403
    assert Brand.objects.get(tenant=tenant_a).display_name == "Alpha Phones"
    assert not user_exists(tenant_a, "friend@alpha.test")


def test_managers_open_every_page_and_see_the_manager_links(client_a, tenant_a, user_factory):
    user_factory(tenant_a, "manager@alpha.test", Role.MANAGER)
    staff_log_in(client_a, "manager@alpha.test")

    for path in PAGES:
        response = client_a.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert 'id="nav-brand"' in body and 'id="nav-staff"' in body
        # Alpha is white label: its back office never names the platform.
        assert "awal" not in body.lower()


def test_a_manager_of_beta_cannot_log_in_on_alpha(client_a, tenant_b, user_factory):
    user_factory(tenant_b, "manager@beta.test", Role.MANAGER)

    response = client_a.post(
        "/backoffice/login/", {"email": "manager@beta.test", "password": PASSWORD}
    )

    assert response.status_code == 400
    assert client_a.get("/backoffice/brand/").status_code == 302
