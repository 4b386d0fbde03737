"""Shared by the API tests: tokens made straight in a schema, and JSON requests."""

import json

from django.test import Client
from django_tenants.utils import schema_context, tenant_context
from rest_framework.authtoken.models import Token

from tenant_apps.accounts.models import User
from tenants.models import Tenant


def token_for(tenant: Tenant | None, user: User) -> str:
    """An API token for ``user`` in ``tenant``'s schema (the public schema when None)."""
    if tenant is None:
        with schema_context("public"):
            return Token.objects.create(user=user).key
    with tenant_context(tenant):
        return Token.objects.create(user=user).key


def auth(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Token {token}"}


def post_json(client: Client, path: str, data: object, **extra: str):  # type: ignore[no-untyped-def]
    return client.post(path, json.dumps(data), content_type="application/json", **extra)


def patch_json(client: Client, path: str, data: object, **extra: str):  # type: ignore[no-untyped-def]
    return client.patch(path, json.dumps(data), content_type="application/json", **extra)
