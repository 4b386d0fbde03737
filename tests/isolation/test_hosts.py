"""Unknown and spoofed Host headers get a 404, never the public site or another tenant
(TENANCY.md 10)."""

import pytest
from django.test import Client

from tests.conftest import HOST_A, HOST_B

pytestmark = [pytest.mark.django_db, pytest.mark.isolation]

TENANT_NAMES = ("Alpha Phones", "Beta Repairs")


def _names_shown(response) -> set[str]:
    body = response.content.decode(errors="replace")
    return {name for name in TENANT_NAMES if name in body}


@pytest.mark.parametrize("host", [
    "unknown.localhost",
    "alpha.localhost.evil.com",
    "evil.com",
    "localhost.evil.com",
    "xalpha.localhost",
    "alpha-localhost",
    "t-template.localhost",
])
def test_unknown_host_is_404_and_shows_no_tenant(tenant_a, tenant_b, host):
    response = Client(HTTP_HOST=host).get("/")
    assert response.status_code == 404
    assert _names_shown(response) == set()


@pytest.mark.parametrize("host", ["evil.com", "unknown.localhost"])
def test_forwarded_host_header_is_not_trusted(tenant_a, host):
    response = Client(HTTP_HOST=host, HTTP_X_FORWARDED_HOST=HOST_A).get("/")
    assert response.status_code == 404
    assert _names_shown(response) == set()


def test_forwarded_host_cannot_move_a_request_to_another_tenant(tenant_a, tenant_b):
    response = Client(HTTP_HOST=HOST_B, HTTP_X_FORWARDED_HOST=HOST_A).get("/")
    assert response.status_code == 200
    assert _names_shown(response) == {"Beta Repairs"}


@pytest.mark.parametrize("host", ["ALPHA.LOCALHOST", "Alpha.Localhost", "alpha.localhost:8000",
                                  "ALPHA.localhost:443"])
def test_case_and_port_variations_reach_the_owner_only(tenant_a, tenant_b, host):
    response = Client(HTTP_HOST=host).get("/")
    assert response.status_code == 200
    assert _names_shown(response) == {"Alpha Phones"}


@pytest.mark.parametrize("host", [
    "alpha.localhost.", "alpha.localhost..", "alpha.localhost@beta.localhost",
    "beta.localhost@alpha.localhost", "alpha.localhost:beta", "alpha.localhost/beta.localhost",
    "alpha.localhost%00",
])
def test_malformed_hosts_never_reach_a_tenant_they_do_not_name_first(tenant_a, tenant_b, host):
    response = Client(HTTP_HOST=host).get("/")
    shown = _names_shown(response)
    # Either refused outright, or served by the tenant the host really names: never the other.
    if response.status_code == 200:
        assert shown == {"Alpha Phones"}
    else:
        assert response.status_code in (400, 404)
        assert shown == set()
