"""Customer login: throttling per tenant, sessions bound to their host, argon2 hashes."""

import pytest
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import User
from tests.backoffice.helpers import customer_log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def attempt(client, email: str, password: str):
    return client.post("/account/login/", {"email": email, "password": password})


def test_login_is_throttled_on_alpha_only_after_repeated_failures(
    client_a, client_b, tenant_a, tenant_b, user_factory, settings
):
    settings.LOGIN_THROTTLE_ATTEMPTS = 3
    user_factory(tenant_a, "ada@example.test")
    user_factory(tenant_b, "ada@example.test")
    for _ in range(settings.LOGIN_THROTTLE_ATTEMPTS):
        assert attempt(client_a, "ada@example.test", "wrong-password").status_code == 400

    throttled = attempt(client_a, "ada@example.test", PASSWORD)

    assert throttled.status_code == 429
    assert client_a.get("/account/").status_code == 302
    assert attempt(client_b, "ada@example.test", PASSWORD).status_code == 302
    assert client_b.get("/account/").status_code == 200


def test_failures_below_the_limit_do_not_throttle(client_a, tenant_a, user_factory, settings):
    settings.LOGIN_THROTTLE_ATTEMPTS = 3
    user_factory(tenant_a, "ada@example.test")
    for _ in range(settings.LOGIN_THROTTLE_ATTEMPTS - 1):
        attempt(client_a, "ada@example.test", "wrong-password")

    assert attempt(client_a, "ada@example.test", PASSWORD).status_code == 302


def test_an_alpha_session_cookie_replayed_on_beta_is_anonymous(
    client_a, client_b, tenant_a, tenant_b, user_factory
):
    user_factory(tenant_a, "ada@example.test")
    user_factory(tenant_b, "ada@example.test")
    customer_log_in(client_a, "ada@example.test")
    client_b.cookies["sessionid"] = client_a.cookies["sessionid"].value

    replayed = client_b.get("/account/")

    assert replayed.status_code == 302 and replayed["Location"].startswith("/account/login/")
    assert client_a.get("/account/").status_code == 200


def test_passwords_are_stored_with_argon2(client_a, tenant_a, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]

    response = client_a.post("/account/signup/",
                             {"email": "ada@example.test", "password": PASSWORD})

    assert response.status_code == 302
    with tenant_context(tenant_a):
        stored = User.objects.get(email="ada@example.test").password
    assert stored.startswith("argon2$") and PASSWORD not in stored
    client_a.post("/account/logout/")
    customer_log_in(client_a, "ada@example.test")


def test_a_bad_login_form_names_the_field(client_a):
    response = client_a.post("/account/login/", {"email": "not-an-email", "password": "x"})

    assert response.status_code == 400
    assert 'data-field="email"' in response.content.decode()
