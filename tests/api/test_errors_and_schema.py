"""Typed errors for bad input, and the OpenAPI schema and docs on both URL spaces."""

import pytest
import yaml
from django_tenants.utils import schema_context, tenant_context
from drf_spectacular.validation import validate_schema

from tenant_apps.accounts.models import Role, User
from tenants.models import Brand

from .helpers import auth, post_json, token_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "payload, field, code",
    [
        ({"password": "correct-horse-battery-9"}, "email", "required"),
        ({"email": "not-an-email", "password": "correct-horse-battery-9"}, "email", "invalid"),
        ({"email": "a@example.com"}, "password", "required"),
        (
            {"email": "a@example.com", "password": "correct-horse-battery-9", "role": "manager"},
            "role",
            "unknown_field",
        ),
        (
            {"email": "a@example.com", "password": "x\u0000y"},
            "password",
            "null_characters_not_allowed",
        ),
    ],
)
def test_validation_errors_name_the_field_with_a_code(client_a, payload, field, code):
    response = post_json(client_a, "/api/auth/signup/", payload)

    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"code", "detail", "fields"}
    assert body["code"] == code
    assert field in body["fields"]
    assert all(isinstance(message, str) for message in body["fields"][field])


@pytest.mark.parametrize(
    "body, content_type",
    [
        ('{"email": "a@example.com", "password":', "application/json"),
        (b"\xff\xfe\x00garbage", "application/json"),
        ("[1, 2, 3]", "application/json"),
        ('"just a string"', "application/json"),
        ("email=a@example.com", "text/plain"),
    ],
)
def test_malformed_bodies_give_a_typed_4xx(client_a, public_client, body, content_type):
    tenant_side = client_a.post("/api/auth/token/", body, content_type=content_type)
    public_side = public_client.post("/api/tenants/", body, content_type=content_type)

    assert 400 <= tenant_side.status_code < 500
    assert tenant_side.json()["code"]
    assert set(tenant_side.json()) == {"code", "detail", "fields"}
    assert 400 <= public_side.status_code < 500


def test_wrong_method_is_a_typed_405(client_a, tenant_a, user_factory):
    manager = user_factory(tenant_a, "deleter@example.com", role=Role.MANAGER)

    response = client_a.delete("/api/branding/", **auth(token_for(tenant_a, manager)))

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    with schema_context("public"):
        assert Brand.objects.filter(tenant=tenant_a).exists()


def test_surrogates_in_text_are_refused_not_stored(client_a, tenant_a):
    # a lone surrogate is valid JSON but cannot be stored as UTF-8
    body = '{"email": "odd@example.com", "password": "correct-horse-9", "full_name": "\\ud800"}'

    response = client_a.post("/api/auth/signup/", body, content_type="application/json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["full_name"]
    with tenant_context(tenant_a):
        assert not User.objects.filter(email="odd@example.com").exists()


@pytest.mark.parametrize(
    "client_fixture, title",
    [
        ("client_a", "Alpha Phones API"),
        ("client_b", "Beta Repairs API"),
        ("public_client", None),
    ],
)
def test_schema_is_valid_openapi_on_every_host(request, client_fixture, title):
    client = request.getfixturevalue(client_fixture)

    response = client.get("/api/schema/")

    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate_schema(schema)
    if title:
        assert schema["info"]["title"] == title
        assert "/api/branding/" in schema["paths"]
        assert "/api/tenants/" not in schema["paths"]
    else:
        assert "/api/tenants/{slug}/suspend/" in schema["paths"]
        assert "/api/me/" not in schema["paths"]


def test_white_label_schema_and_docs_never_name_the_platform(client_a):
    schema = client_a.get("/api/schema/")
    docs = client_a.get("/api/docs/")

    assert schema.status_code == docs.status_code == 200
    assert "awal" not in schema.content.decode().lower()
    assert "Alpha Phones API" in docs.content.decode()
    assert "awal" not in docs.content.decode().lower()
    assert "/api/schema/" in docs.content.decode()


def test_public_docs_page_answers(public_client):
    response = public_client.get("/api/docs/")

    assert response.status_code == 200
    assert "/api/schema/" in response.content.decode()
