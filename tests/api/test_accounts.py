"""Tenant API: sign-up, tokens and the signed-in user's profile, on two tenants."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role, User
from tests.conftest import PASSWORD

from .helpers import auth, patch_json, post_json, token_for

pytestmark = pytest.mark.django_db


def test_signup_then_token_then_me_on_alpha(client_a, tenant_a, tenant_b):
    # when
    signed_up = post_json(
        client_a,
        "/api/auth/signup/",
        {
            "email": "Nora@Example.com",
            "password": PASSWORD,
            "full_name": "Nora Api",
        },
    )
    # then
    assert signed_up.status_code == 201, signed_up.content
    body = signed_up.json()
    assert body["user"]["email"] == "nora@example.com"
    assert body["user"]["role"] == "customer"
    assert body["user"]["email_verified"] is False
    assert body["token"]
    with tenant_context(tenant_a):
        assert User.objects.filter(email="nora@example.com").exists()
    with tenant_context(tenant_b):
        assert not User.objects.filter(email="nora@example.com").exists()

    issued = post_json(
        client_a, "/api/auth/token/", {"email": "nora@example.com", "password": PASSWORD}
    )
    assert issued.status_code == 200
    assert issued.json()["token"] == body["token"]

    me = client_a.get("/api/me/", **auth(issued.json()["token"]))
    assert me.status_code == 200
    assert me.json() == {
        "id": body["user"]["id"],
        "email": "nora@example.com",
        "full_name": "Nora Api",
        "phone": "",
        "role": "customer",
        "email_verified": False,
    }


def test_signup_with_a_taken_email_is_a_conflict(client_a, tenant_a, user_factory):
    user_factory(tenant_a, "taken@example.com")

    response = post_json(
        client_a, "/api/auth/signup/", {"email": "TAKEN@example.com", "password": PASSWORD}
    )

    assert response.status_code == 409
    assert response.json()["code"] == "email_taken"
    assert "email" in response.json()["fields"]


def test_signup_with_a_weak_password_names_the_field(client_a, tenant_a):
    response = post_json(
        client_a, "/api/auth/signup/", {"email": "weak@example.com", "password": "123"}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "weak_password"
    assert list(response.json()["fields"]) == ["password"]
    with tenant_context(tenant_a):
        assert not User.objects.filter(email="weak@example.com").exists()


def test_wrong_password_gives_no_token(client_a, tenant_a, user_factory):
    user_factory(tenant_a, "wrong@example.com")

    response = post_json(
        client_a, "/api/auth/token/", {"email": "wrong@example.com", "password": "not-the-password"}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_credentials"
    assert "token" not in response.json()


def test_token_requests_are_throttled_per_tenant(
    client_a, client_b, tenant_a, tenant_b, user_factory, settings
):
    user_factory(tenant_a, "same@example.com")
    user_factory(tenant_b, "same@example.com")
    for _ in range(settings.LOGIN_THROTTLE_ATTEMPTS):
        post_json(client_a, "/api/auth/token/", {"email": "same@example.com", "password": "x"})

    on_alpha = post_json(
        client_a, "/api/auth/token/", {"email": "same@example.com", "password": PASSWORD}
    )
    on_beta = post_json(
        client_b, "/api/auth/token/", {"email": "same@example.com", "password": PASSWORD}
    )

    assert on_alpha.status_code == 429
    assert on_alpha.json()["code"] == "throttled"
    assert on_beta.status_code == 200


def test_alpha_token_is_refused_on_beta_and_on_the_public_host(
    client_a, client_b, public_client, tenant_a, user_factory
):
    user = user_factory(tenant_a, "traveller@example.com")
    token = token_for(tenant_a, user)
    assert client_a.get("/api/me/", **auth(token)).status_code == 200

    on_beta = client_b.get("/api/me/", **auth(token))
    on_public = public_client.get("/api/tenants/", **auth(token))

    assert on_beta.status_code == 401
    assert on_beta.json()["code"] == "authentication_failed"
    assert on_beta["WWW-Authenticate"] == "Token"
    assert on_public.status_code == 401


def test_me_needs_credentials(client_a):
    response = client_a.get("/api/me/")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_me_accepts_the_storefront_session(client_a, tenant_a, user_factory):
    user_factory(tenant_a, "session@example.com", full_name="Sam Session")
    logged_in = client_a.post(
        "/account/login/", {"email": "session@example.com", "password": PASSWORD}
    )
    assert logged_in.status_code == 302

    response = client_a.get("/api/me/")

    assert response.status_code == 200
    assert response.json()["full_name"] == "Sam Session"


def test_patch_me_changes_name_and_phone_only(client_a, tenant_a, user_factory):
    user = user_factory(tenant_a, "patch@example.com", full_name="Old Name")
    token = token_for(tenant_a, user)

    response = patch_json(
        client_a, "/api/me/", {"full_name": "New Name", "phone": "+33 6 12 34 56 78"}, **auth(token)
    )

    assert response.status_code == 200
    assert response.json()["full_name"] == "New Name"
    assert response.json()["phone"] == "+33 6 12 34 56 78"
    with tenant_context(tenant_a):
        user.refresh_from_db()
    assert (user.full_name, user.phone, user.email) == (
        "New Name",
        "+33 6 12 34 56 78",
        "patch@example.com",
    )


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"phone": "call me maybe"}, "phone"),
        ({"full_name": "x" * 151}, "full_name"),
        ({"email": "other@example.com"}, "email"),
        ({"role": "manager"}, "role"),
    ],
)
def test_patch_me_refuses_bad_or_forbidden_fields(client_a, tenant_a, user_factory, payload, field):
    user = user_factory(tenant_a, "strict@example.com", full_name="Kept")
    token = token_for(tenant_a, user)

    response = patch_json(client_a, "/api/me/", payload, **auth(token))

    assert response.status_code == 400
    assert response.json()["code"]
    assert list(response.json()["fields"]) == [field]
    with tenant_context(tenant_a):
        user.refresh_from_db()
    assert (user.full_name, user.role, user.email) == ("Kept", Role.CUSTOMER, "strict@example.com")


def test_me_costs_few_queries(client_a, tenant_a, user_factory):
    user = user_factory(tenant_a, "count@example.com")
    token = token_for(tenant_a, user)
    client_a.get("/api/me/", **auth(token))  # warms the host -> tenant cache

    with CaptureQueriesContext(connection) as queries:
        response = client_a.get("/api/me/", **auth(token))

    assert response.status_code == 200
    assert len(queries) <= 2, [query["sql"] for query in queries]
