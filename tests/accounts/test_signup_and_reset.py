"""Customer accounts on the storefront: sign-up, e-mail verification, password reset."""

import pytest
from django.core import mail
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role, User
from tests.backoffice.helpers import customer_log_in, links_in, only_message_to
from tests.conftest import HOST_A, PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "quiet-meadow-falcon-77"


def sign_up(client, email: str, password: str = PASSWORD, full_name: str = "Ada Client"):
    return client.post("/account/signup/",
                       {"email": email, "password": password, "full_name": full_name})


def test_signup_logs_in_and_the_verification_link_verifies(
    client_a, tenant_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client_a, "ada@example.test")

    assert response.status_code == 302 and response["Location"] == "/account/"
    assert "ada@example.test" in client_a.get("/account/").content.decode()
    message = only_message_to("ada@example.test")
    assert PASSWORD not in message.body and PASSWORD not in message.alternatives[0][0]
    assert "awal" not in (message.subject + message.body).lower()
    (link,) = links_in(message)
    assert link.startswith(f"http://{HOST_A}/account/verify/")

    page = client_a.get(link.removeprefix(f"http://{HOST_A}"))

    assert page.status_code == 200 and "E-mail confirmed" in page.content.decode()
    with tenant_context(tenant_a):
        user = User.objects.get(email="ada@example.test")
        assert user.role == Role.CUSTOMER and user.is_email_verified


def test_verification_link_of_alpha_is_refused_on_beta(
    client_a, client_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client_a, "ada@example.test")
    sign_up(client_b, "ada@example.test")
    (link,) = links_in(only_message_to("ada@example.test"))

    response = client_b.get(link.removeprefix(f"http://{HOST_A}"))

    assert response.status_code == 400


def test_signup_with_a_taken_email_names_the_field(client_a, tenant_a, user_factory):
    user_factory(tenant_a, "ada@example.test")

    response = sign_up(client_a, "ADA@example.test")

    assert response.status_code == 409
    assert 'data-field="email"' in response.content.decode()
    assert client_a.get("/account/").status_code == 302


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": "not-an-email", "password": PASSWORD}, "email"),
        ({"email": "ada@example.test", "password": "123"}, "password"),
        ({"email": "ada@example.test", "password": "password"}, "password"),
    ],
)
def test_signup_with_bad_input_names_the_field(client_a, tenant_a, data, field):
    response = client_a.post("/account/signup/", data)

    assert response.status_code == 400
    assert f'data-field="{field}"' in response.content.decode()
    with tenant_context(tenant_a):
        assert not User.objects.filter(email="ada@example.test").exists()


def test_the_same_email_signs_up_on_alpha_and_beta_independently(
    client_a, client_b, tenant_a, tenant_b
):
    assert sign_up(client_a, "ada@example.test", PASSWORD).status_code == 302
    assert sign_up(client_b, "ada@example.test", NEW_PASSWORD).status_code == 302

    with tenant_context(tenant_a):
        assert User.objects.get(email="ada@example.test").check_password(PASSWORD)
    with tenant_context(tenant_b):
        assert User.objects.get(email="ada@example.test").check_password(NEW_PASSWORD)


def test_password_reset_mails_a_link_on_the_tenant_domain_that_works_once(
    client_a, tenant_a, user_factory, django_capture_on_commit_callbacks
):
    user_factory(tenant_a, "ada@example.test")

    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post("/account/password-reset/", {"email": "Ada@Example.test"})

    assert response.status_code == 200
    message = only_message_to("ada@example.test")
    assert PASSWORD not in message.body
    (link,) = links_in(message)
    assert link.startswith(f"http://{HOST_A}/account/reset/")
    path = link.removeprefix(f"http://{HOST_A}")
    done = client_a.post(path, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert done.status_code == 302
    customer_log_in(client_a, "ada@example.test", NEW_PASSWORD)
    assert client_a.get(path).status_code == 400


def test_password_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(
    client_a, tenant_a, tenant_b, user_factory, django_capture_on_commit_callbacks
):
    user_factory(tenant_a, "ada@example.test")
    user_factory(tenant_b, "bob@example.test")

    with django_capture_on_commit_callbacks(execute=True):
        known = client_a.post("/account/password-reset/", {"email": "ada@example.test"})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client_a.post("/account/password-reset/", {"email": "bob@example.test"})

    assert unknown.status_code == known.status_code == 200
    assert unknown.content == known.content
    assert mail.outbox == []


def test_password_reset_with_a_malformed_address_names_the_field(client_a):
    response = client_a.post("/account/password-reset/", {"email": "nope"})

    assert response.status_code == 400
    assert 'data-field="email"' in response.content.decode()
