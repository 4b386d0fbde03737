"""A real HTTP server over the test database and a headless Chromium to drive it.

The server runs in this process, in threads, so it sees the session's committed tenants; data a
browser test creates is committed by the server and must be removed by the test that made it.
"""

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.wsgi import get_wsgi_application
from django.db import connections

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class QuietRequestHandler(WSGIRequestHandler):
    timeout = 5  # an idle keep-alive socket ends its thread, so shutdown never waits long

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class JoiningWSGIServer(ThreadedWSGIServer):
    """Request threads are joined on close: each closes its database connection on the way out,
    so none is left open when the test database is dropped."""

    daemon_threads = False
    block_on_close = True


@pytest.fixture(scope="module")
def server_port(django_db_setup, django_db_blocker) -> Iterator[int]:
    """Port of a threaded WSGI server serving the whole site (every tenant host)."""
    with django_db_blocker.unblock():
        server = JoiningWSGIServer(("127.0.0.1", 0), QuietRequestHandler)
        server.set_app(get_wsgi_application())
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
        )
        thread.start()
        try:
            yield server.server_address[1]
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Browser tests need Chromium at {CHROMIUM}: run `make chromium` "
            "(apt-get install -y chromium) first.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with _async_unsafe_allowed(), sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()
            # Connections this thread opened while Playwright ran belong to Playwright's
            # context: close them here, or the test database cannot be dropped at the end.
            connections.close_all()


@contextmanager
def _async_unsafe_allowed() -> Iterator[None]:
    """Playwright's sync API keeps an event loop marked as running on this thread, which Django
    takes for async code; its calls block, so this thread's ORM use in fixtures stays safe."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(server_port, browser):
    """A fresh browser context (no cookies) per test; closed before the server stops."""
    context = browser.new_context()
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def site_url(server_port):
    def url(host: str, path: str = "/") -> str:
        return f"http://{host}:{server_port}{path}"

    return url


# A complete seller identity (its legal name is the store's, "<name> SAS").
SELLER = {
    "legal_form": "SAS", "share_capital": Decimal("10000"), "siren": "732829320",
    "siret": "73282932000074", "vat_number": "FR44732829320", "rcs_city": "Paris",
    "street": "1 rue du Test", "postal_code": "75001", "city": "Paris",
}


@contextmanager
def committed_store(django_db_blocker, *, slug: str, name: str) -> Iterator:
    """A store of its own, committed, with the demo catalogue, the checkout's defaults and a
    seller identity; dropped afterwards (documents are immutable: they go with the schema)."""
    from django.core.cache import caches
    from django_tenants.utils import tenant_context

    from tenant_apps.accounts.models import User
    from tenant_apps.catalog.demo import seed_catalog
    from tenant_apps.commerce.checkout_actions import seed_checkout
    from tenant_apps.documents.models import SellerProfile
    from tenants.actions import TenantRequest, provision_tenant
    from tenants.models import LabelMode, Tenant, TenantKind
    from tests.conftest import PASSWORD

    with django_db_blocker.unblock():
        tenant = provision_tenant(TenantRequest(
            name=name, slug=slug, domain=f"{slug}.localhost",
            admin_email=f"boss@{slug}.test", kind=TenantKind.RETAIL_CHAIN,
            label_mode=LabelMode.WHITE, brand={"primary_color": "#116611"}), actor_email="e2e")
        with tenant_context(tenant):
            seed_catalog()
            seed_checkout()
            SellerProfile.objects.update_or_create(
                pk=1, defaults={**SELLER, "legal_name": f"{name} SAS"})
            manager = User.objects.get(email=f"boss@{slug}.test")
            manager.set_password(PASSWORD)
            manager.save(update_fields=["password"])
    try:
        yield tenant
    finally:
        with django_db_blocker.unblock():
            Tenant.objects.get(pk=tenant.pk).delete(force_drop=True)
            caches["tenancy"].clear()


def log_in(page, url, email: str) -> None:  # type: ignore[no-untyped-def]
    """Log a storefront customer in (``url`` builds the store's URLs) and wait for the account."""
    from tests.conftest import PASSWORD

    page.goto(url("/account/login/"))
    page.locator("[name=email]").fill(email)
    page.locator("[name=password]").fill(PASSWORD)
    page.locator("form").get_by_role("button", name=re.compile("log in", re.I)).click()
    page.wait_for_url(re.compile(r"/account/$"))


def pay_with_dummy(page) -> None:  # type: ignore[no-untyped-def]
    """From the end of checkout: the payment page, then the demo provider's page."""
    page.wait_for_url(re.compile(r"/pay/"))
    page.locator("#pay-form").get_by_role("button").click()
    page.wait_for_url(re.compile(r"/pay/dummy/"))
    page.locator("#dummy-pay").get_by_role("button", name="Pay").click()
    page.wait_for_url(re.compile(r"/shop/orders/"))
