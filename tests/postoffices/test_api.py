import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shared_apps.postoffices.actions import import_post_offices, import_sample
from shared_apps.postoffices.models import PostOffice
from tests.postoffices.helpers import HEADER, office_line

pytestmark = pytest.mark.django_db

LIST = reverse("tenant_api:post-offices", urlconf="config.urls_tenant")


def _detail(office_id: str) -> str:
    return reverse("tenant_api:post-office-detail", urlconf="config.urls_tenant",
                   kwargs={"office_id": office_id})


@pytest.fixture
def sample(db):
    import_sample()


def test_every_storefront_serves_the_same_public_offices(sample, client_a, client_b):
    answer_a = client_a.get(LIST, {"city": "saint-etienne"})
    answer_b = client_b.get(LIST, {"city": "SAINT ÉTIENNE"})

    assert answer_a.status_code == answer_b.status_code == 200
    assert answer_a.json() == answer_b.json()
    [office] = answer_a.json()["results"]
    assert office["id"] == "E42000"
    assert office["city"] == "Saint-Étienne"
    assert office["latitude"] == pytest.approx(45.4362)
    assert office["opening_hours"]["mon"] == [["09:00", "12:15"], ["13:30", "18:00"]]
    assert office["opening_hours"]["sun"] == []
    assert client_a.get(_detail("E42000")).json() == client_b.get(_detail("e42000")).json()


def test_results_are_ordered_and_paginated(sample, client_a):
    answer = client_a.get(LIST, {"postal_code": "750", "limit": 2})

    body = answer.json()
    assert answer.status_code == 200
    assert body["count"] == 3
    assert [office["id"] for office in body["results"]] == ["P75001", "P75011"]
    assert body["next"]
    assert [o["id"] for o in client_a.get(body["next"]).json()["results"]] == ["P75015"]


@pytest.mark.parametrize(("params", "field"), [
    ({}, "postal_code"),
    ({"postal_code": " "}, "postal_code"),
    ({"postal_code": "7"}, "postal_code"),
    ({"postal_code": "75 0%"}, "postal_code"),
    ({"city": "a"}, "city"),
    ({"city": "x" * 101}, "city"),
    ({"postcode": "75011"}, "postcode"),
    ({"postal_code": "75", "limit": "500"}, "limit"),
    ({"postal_code": "75", "limit": "many"}, "limit"),
    ({"postal_code": "75", "offset": "-1"}, "offset"),
])
def test_a_bad_search_is_a_400_naming_the_parameter(sample, client_b, params, field):
    answer = client_b.get(LIST, params)

    assert answer.status_code == 400
    assert list(answer.json()["fields"]) == [field]
    assert answer.json()["code"]


def test_an_unknown_or_closed_office_is_a_404(sample, client_a):
    PostOffice.objects.filter(id="P75011").update(is_active=False)

    assert client_a.get(_detail("P75001")).status_code == 200
    for office_id in ("ZZZZZZ", "P75011", "x" * 300):
        answer = client_a.get(_detail(office_id))
        assert answer.status_code == 404
        assert answer.json()["code"] == "not_found"


def _search_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(LIST, {"postal_code": "75"})
    assert answer.status_code == 200
    return len(queries)


def test_a_search_costs_the_same_queries_for_3_or_40_offices(client_a):
    import_post_offices((HEADER + "".join(
        office_line(f"Q{n:05d}", f"750{n % 20 + 1:02d}", "Paris") for n in range(3))).splitlines())
    client_a.get(LIST, {"postal_code": "75"})  # resolves and caches the host first
    few = _search_queries(client_a)

    import_post_offices((HEADER + "".join(
        office_line(f"Q{n:05d}", f"750{n % 20 + 1:02d}", "Paris") for n in range(40))).splitlines())
    many = _search_queries(client_a)

    assert client_a.get(LIST, {"postal_code": "75", "limit": 50}).json()["count"] == 40
    assert few == many
    assert many <= 3
