"""Every URL of both URL spaces is either in the permission matrix or explicitly public.

The walk fails on any URL that is in neither, so a new view cannot ship without saying who may
open it. Each matrix row is exercised for every role; a denial must also leave nothing changed.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tests.conftest import HOST_A, PASSWORD, PUBLIC_HOST, make_user

pytestmark = pytest.mark.django_db

TENANT = "config.urls_tenant"
PUBLIC = "config.urls_public"

# Open to anyone, logged in or not (forms that create an account or a session, public pages).
PUBLIC_URLS = {
    (TENANT, "storefront:home"),
    (TENANT, "storefront:brand_logo"),
    (TENANT, "accounts:login"),
    (TENANT, "accounts:signup"),
    (TENANT, "accounts:password_reset"),
    (TENANT, "accounts:verify_email"),
    (TENANT, "accounts:password_reset_confirm"),
    (TENANT, "backoffice:login"),
    (TENANT, "backoffice:accept_invitation"),
    (TENANT, "tenant_api:schema"),
    (TENANT, "tenant_api:docs"),
    (PUBLIC, "console:login"),
    (PUBLIC, "platform_api:schema"),
    (PUBLIC, "platform_api:docs"),
}
# POST-only endpoints that end a session: harmless for anyone.
LOGOUT_URLS = {(TENANT, "accounts:logout"), (TENANT, "backoffice:logout"), (PUBLIC, "console:logout")}

# name -> (minimum role, URL kwargs). Roles, weakest first.
ROLES = ["anonymous", "customer", "counter_staff", "manager", "operator"]
MATRIX: dict[tuple[str, str], tuple[str, dict[str, str]]] = {
    (TENANT, "accounts:account"): ("customer", {}),
    (TENANT, "backoffice:dashboard"): ("counter_staff", {}),
    (PUBLIC, "console:tenants"): ("operator", {}),
}


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def all_url_names(urlconf: str) -> set[tuple[str, str]]:
    return {(urlconf, name) for name in _walk(get_resolver(urlconf).url_patterns)}


def test_every_url_is_in_the_matrix_or_public():
    known = PUBLIC_URLS | LOGOUT_URLS | set(MATRIX)
    unlisted = (all_url_names(TENANT) | all_url_names(PUBLIC)) - known
    assert not unlisted, f"URLs missing from the permission matrix: {sorted(unlisted)}"
    stale = known - (all_url_names(TENANT) | all_url_names(PUBLIC))
    assert not stale, f"Matrix rows for URLs that no longer exist: {sorted(stale)}"


def _client_for(role: str, urlconf: str, tenant_a) -> Client:
    host = PUBLIC_HOST if urlconf == PUBLIC else HOST_A
    client = Client(HTTP_HOST=host)
    if role == "anonymous":
        return client
    email = f"{role}@matrix.test"
    if role == "operator":
        make_user(None, email, Role.OPERATOR)
        # An operator is a public-schema user: on a tenant host it is nobody.
        if urlconf == PUBLIC:
            client.login(username=email, password=PASSWORD)
        return client
    user = make_user(tenant_a, email, role)
    if urlconf == TENANT:
        with tenant_context(tenant_a):
            client.force_login(user)
    return client


def _allowed(role: str, minimum: str, urlconf: str) -> bool:
    if minimum == "operator":
        return role == "operator" and urlconf == PUBLIC
    if role == "operator":
        return False
    return ROLES.index(role) >= ROLES.index(minimum)


CASES = [(key, role) for key in MATRIX for role in ROLES]


@pytest.mark.parametrize(("key", "role"), CASES, ids=[f"{k[1]}-{r}" for k, r in CASES])
def test_matrix(key, role, tenant_a):
    urlconf, name = key
    minimum, kwargs = MATRIX[key]
    client = _client_for(role, urlconf, tenant_a)
    response = client.get(reverse(name, urlconf=urlconf, kwargs=kwargs))
    if _allowed(role, minimum, urlconf):
        assert response.status_code == 200, (name, role, response.status_code)
    elif role == "anonymous" or (role == "operator" and urlconf == TENANT) or (
        urlconf == PUBLIC and role != "operator"
    ):
        assert response.status_code in (302, 401, 403), (name, role, response.status_code)
        if response.status_code == 302:
            assert "login" in response["Location"]
    else:
        assert response.status_code == 403, (name, role, response.status_code)


@pytest.mark.parametrize("key", sorted(PUBLIC_URLS - {(TENANT, "accounts:verify_email"),
                                                      (TENANT, "accounts:password_reset_confirm"),
                                                      (TENANT, "backoffice:accept_invitation")}))
def test_public_urls_answer_anonymous_visitors(key, tenant_a):
    urlconf, name = key
    host = PUBLIC_HOST if urlconf == PUBLIC else HOST_A
    response = Client(HTTP_HOST=host).get(reverse(name, urlconf=urlconf))
    assert response.status_code in (200, 404), (name, response.status_code)  # logo may be absent
