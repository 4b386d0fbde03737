"""Ids, links and sessions of tenant A are worth nothing on tenant B's host (TENANCY.md 9)."""

import shutil

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Max
from django.test import Client
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role, User
from tenant_apps.accounts.tokens import (
    encode_uid,
    make_verification_token,
    password_token_generator,
)
from tenants.models import Brand
from tests.conftest import HOST_A, HOST_B, PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.isolation]


def test_password_reset_link_made_on_a_is_refused_on_b_even_for_the_same_user_id(
    tenant_a, tenant_b, client_a, client_b
):
    # given: the first manager of each tenant, who share the same id in their own schemas
    with tenant_context(tenant_a):
        user_a = User.objects.get(email="boss@alpha.test")
        url = f"/account/reset/{encode_uid(user_a)}/{password_token_generator.make_token(user_a)}/"
    with tenant_context(tenant_b):
        assert User.objects.filter(pk=user_a.pk, is_active=True).exists()
    # then
    refused = client_b.get(url)
    assert refused.status_code == 400
    assert b"Link not valid" in refused.content
    assert client_b.post(url, {"password": "N3w-pass-phrase!", "password_again":
                               "N3w-pass-phrase!"}).status_code == 400
    assert client_a.get(url).status_code == 200


def test_verification_link_made_on_a_is_refused_on_b(tenant_a, tenant_b, client_a, client_b,
                                                      user_factory):
    user_a = user_factory(tenant_a, "verify@alpha.test")
    with tenant_context(tenant_a):
        token = make_verification_token(user_a)
    with tenant_context(tenant_b):
        # the same id exists on B, so only the schema binding can refuse the link
        if not User.objects.filter(pk=user_a.pk).exists():
            User.objects.create_user("same-id@beta.test", PASSWORD, pk=user_a.pk)
    assert client_b.get(f"/account/verify/{token}/").status_code == 400
    with tenant_context(tenant_b):
        assert User.objects.get(pk=user_a.pk).email_verified_at is None
    assert client_a.get(f"/account/verify/{token}/").status_code == 200


def _staff_id_missing_on(tenant_b, tenant_a, user_factory) -> int:
    with tenant_context(tenant_b):
        highest_on_b = User.objects.aggregate(top=Max("pk"))["top"] or 0
    user = user_factory(tenant_a, "counter@alpha.test", role=Role.COUNTER_STAFF)
    while user.pk <= highest_on_b:
        user = user_factory(tenant_a, f"counter{user.pk}@alpha.test", role=Role.COUNTER_STAFF)
    return user.pk


def test_back_office_id_of_a_is_404_on_b(tenant_a, tenant_b, client_b, user_factory):
    user_factory(tenant_b, "manager@beta.test", role=Role.MANAGER)
    staff_id = _staff_id_missing_on(tenant_b, tenant_a, user_factory)
    login = client_b.post("/backoffice/login/", {"email": "manager@beta.test",
                                                 "password": PASSWORD})
    assert login.status_code == 302
    response = client_b.post(f"/backoffice/staff/{staff_id}/deactivate/")
    assert response.status_code == 404
    with tenant_context(tenant_a):
        assert User.objects.get(pk=staff_id).is_active


def test_session_cookie_from_a_replayed_on_b_is_anonymous(tenant_a, tenant_b, user_factory):
    user_factory(tenant_a, "shopper@alpha.test")
    client_a, client_b = Client(HTTP_HOST=HOST_A), Client(HTTP_HOST=HOST_B)
    login = client_a.post("/account/login/", {"email": "shopper@alpha.test",
                                              "password": PASSWORD})
    assert login.status_code == 302
    assert client_a.get("/account/").status_code == 200
    # when
    client_b.cookies[settings.SESSION_COOKIE_NAME] = client_a.cookies[
        settings.SESSION_COOKIE_NAME].value
    response = client_b.get("/account/")
    # then
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_session_cookie_is_host_only(tenant_a, user_factory):
    user_factory(tenant_a, "cookie@alpha.test")
    client = Client(HTTP_HOST=HOST_A)
    client.post("/account/login/", {"email": "cookie@alpha.test", "password": PASSWORD})
    morsel = client.cookies[settings.SESSION_COOKIE_NAME]
    assert morsel["domain"] == ""
    assert morsel["httponly"]


@pytest.fixture
def logos(tenant_a, tenant_b):
    """A different logo file for each tenant, removed afterwards."""
    contents = {}
    for tenant, data in ((tenant_a, b"\x89PNG alpha logo"), (tenant_b, b"\x89PNG beta logo")):
        with tenant_context(tenant):
            brand = Brand.objects.get(tenant=tenant)
            brand.logo.save("logo.png", ContentFile(data))
            contents[tenant.slug] = (brand.logo.name, data)
    yield contents
    for tenant in (tenant_a, tenant_b):
        shutil.rmtree(settings.MEDIA_ROOT / tenant.schema_name / "brand", ignore_errors=True)


def test_each_host_serves_its_own_logo(tenant_a, tenant_b, client_a, client_b, logos):
    name_a, data_a = logos["alpha"]
    name_b, data_b = logos["beta"]
    assert name_a.startswith(f"{tenant_a.schema_name}/")
    assert name_b.startswith(f"{tenant_b.schema_name}/")
    assert b"".join(client_a.get("/brand/logo").streaming_content) == data_a
    assert b"".join(client_b.get("/brand/logo").streaming_content) == data_b
