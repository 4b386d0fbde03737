"""Two storefronts in a real browser: each shows its own brand, and accounts stay per tenant."""

import re
import uuid

import pytest
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import User
from tenants.models import Tenant
from tests.conftest import HOST_A, HOST_B, PASSWORD

# django_db makes pytest-django build the test database; the tests themselves read and write
# nothing through its per-test transaction, only through the server.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def brand_of(page) -> dict[str, str]:
    return page.evaluate(
        """() => {
            const header = document.querySelector('.site-header');
            return {
                primary: getComputedStyle(document.documentElement)
                    .getPropertyValue('--brand-primary').trim(),
                headerBackground: getComputedStyle(header).backgroundColor,
                name: header.querySelector('.brand-name').textContent.trim(),
            };
        }"""
    )


def is_logged_in(page) -> bool:
    return page.locator(".site-nav").get_by_role("button", name="Log out").count() == 1


@pytest.fixture(scope="module")
def _emails_to_delete(django_db_blocker):
    # Module scope: the deletion runs after the last test's transaction is gone, so it commits.
    emails: list[str] = []
    yield emails
    with django_db_blocker.unblock():
        for tenant in Tenant.objects.filter(slug__in=["alpha", "beta"]):
            with tenant_context(tenant):
                User.objects.filter(email__in=emails).delete()


@pytest.fixture
def committed_email(_emails_to_delete) -> str:
    """A fresh address; whatever account the server commits under it is deleted afterwards."""
    email = f"e2e-{uuid.uuid4().hex[:12]}@example.test"
    _emails_to_delete.append(email)
    return email


def test_each_storefront_renders_its_own_brand(page, site_url, tmp_path):
    seen = {}
    for host in (HOST_A, HOST_B):
        # when
        response = page.goto(site_url(host))
        # then
        assert response is not None and response.status == 200
        seen[host] = brand_of(page)
        shot = tmp_path / f"{host}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 1000
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    assert seen[HOST_A]["name"] == "Alpha Phones"
    assert seen[HOST_B]["name"] == "Beta Repairs"
    assert seen[HOST_A]["primary"] == "#aa0000"
    assert seen[HOST_B]["primary"] == "#0000bb"
    assert seen[HOST_A]["headerBackground"] == "rgb(170, 0, 0)"
    assert seen[HOST_B]["headerBackground"] == "rgb(0, 0, 187)"
    assert "awal" not in page.goto(site_url(HOST_A)).text().lower()


def test_customer_signs_up_logs_out_and_in_on_one_tenant_only(page, site_url, committed_email):
    # given: a visitor on alpha's sign-up form
    page.goto(site_url(HOST_A, "/account/signup/"))
    form = page.locator("#signup-form")
    form.get_by_label("Full name").fill("Eve Example")
    form.get_by_label("Email").fill(committed_email)
    form.get_by_label("Password").fill(PASSWORD)

    # when
    form.get_by_role("button", name="Create my account").click()

    # then: logged in on the account page
    page.wait_for_url(re.compile(r"/account/$"))
    assert committed_email in page.locator("#account-email").inner_text()
    assert is_logged_in(page)

    # when: logging out, then in again
    page.locator(".site-nav").get_by_role("button", name="Log out").click()
    page.wait_for_url(site_url(HOST_A))
    assert not is_logged_in(page)
    page.goto(site_url(HOST_A, "/account/login/"))
    login = page.locator("#login-form")
    login.get_by_label("Email").fill(committed_email)
    login.get_by_label("Password").fill(PASSWORD)
    login.get_by_role("button", name="Log in").click()

    # then
    page.wait_for_url(site_url(HOST_A, "/account/"))
    assert committed_email in page.locator("#account-email").inner_text()

    # when: the same browser, still logged in on alpha, tries the address on beta
    page.goto(site_url(HOST_B, "/account/login/"))
    assert not is_logged_in(page)
    login = page.locator("#login-form")
    login.get_by_label("Email").fill(committed_email)
    login.get_by_label("Password").fill(PASSWORD)
    login.get_by_role("button", name="Log in").click()

    # then: beta does not know the address and stays anonymous
    page.wait_for_load_state()
    assert "E-mail or password is incorrect." in page.locator(".errorlist").inner_text()
    assert not is_logged_in(page)
    page.goto(site_url(HOST_B, "/account/"))
    assert "/account/login/" in page.url
    assert not is_logged_in(page)
    # and alpha's session is untouched
    page.goto(site_url(HOST_A, "/account/"))
    assert committed_email in page.locator("#account-email").inner_text()
