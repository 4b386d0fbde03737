import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from shared_apps.postoffices.actions import import_sample
from shared_apps.postoffices.errors import PostOfficeError, PostOfficeNotFound
from shared_apps.postoffices.models import PostOffice
from shared_apps.postoffices.selectors import (
    get_post_office,
    matching_post_offices,
    search_post_offices,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample(db):
    import_sample()


def _ids(offices) -> list[str]:
    return [office.id for office in offices]


def test_a_full_postal_code_finds_its_office_and_a_prefix_finds_the_area(sample):
    assert _ids(search_post_offices(postal_code="75011")) == ["P75011"]
    assert _ids(search_post_offices(postal_code=" 750 ")) == ["P75001", "P75011", "P75015"]
    assert _ids(search_post_offices(postal_code="69")) == ["L69001", "L69002", "L69003"]
    assert search_post_offices(postal_code="99") == []
    assert _ids(search_post_offices(postal_code="750", limit=2)) == ["P75001", "P75011"]


@pytest.mark.parametrize("query", ["Saint-Étienne", "saint etienne", "SAINT-ETIENNE",
                                   "saint-é", "Saint Et"])
def test_a_city_is_found_whatever_the_case_and_accents(sample, query):
    assert _ids(search_post_offices(city=query)) == ["E42000"]


def test_city_search_matches_the_start_of_the_name(sample):
    assert _ids(search_post_offices(city="creteil")) == ["C94000"]
    assert _ids(search_post_offices(city="ÉVRY")) == ["E91000"]
    assert _ids(search_post_offices(city="asnieres sur")) == ["A92600"]
    assert _ids(search_post_offices(city="paris")) == ["P75001", "P75011", "P75015"]
    assert search_post_offices(city="seine") == []
    assert _ids(search_post_offices(city="lyon", postal_code="69002")) == ["L69002"]


def test_closed_down_offices_are_not_found_nor_picked(sample):
    PostOffice.objects.filter(id="P75011").update(is_active=False)

    assert _ids(search_post_offices(postal_code="750")) == ["P75001", "P75015"]
    with pytest.raises(PostOfficeNotFound):
        get_post_office("P75011")
    assert get_post_office("p75011", include_inactive=True).name == "Paris Roquette"


@pytest.mark.parametrize(("terms", "field", "code"), [
    ({}, "postal_code", "required"),
    ({"postal_code": "7"}, "postal_code", "query_too_short"),
    ({"postal_code": "75%"}, "postal_code", "invalid_postal_code"),
    ({"city": "é"}, "city", "query_too_short"),
    ({"city": "--"}, "city", "query_too_short"),
])
def test_a_missing_short_or_wrong_query_is_refused_naming_the_input(terms, field, code):
    with pytest.raises(PostOfficeError) as caught:
        matching_post_offices(**terms)
    assert (caught.value.field, caught.value.code) == (field, code)


def test_unknown_or_malformed_ids_are_not_found(sample):
    assert get_post_office("p75001").id == "P75001"
    for office_id in ("ZZZZZZ", "P7500", "../P75001", ""):
        with pytest.raises(PostOfficeNotFound):
            get_post_office(office_id)


def _tables(schema: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT table_name FROM information_schema.tables "
                       "WHERE table_schema = %s", [schema])
        return {row[0] for row in cursor.fetchall()}


def test_the_table_lives_in_public_only_and_tenants_read_it_there(sample, tenant_a, tenant_b):
    table = PostOffice._meta.db_table
    assert table in _tables("public")
    for tenant in (tenant_a, tenant_b):
        assert table not in _tables(tenant.schema_name)
        with tenant_context(tenant):
            assert _ids(search_post_offices(postal_code="75011")) == ["P75011"]


@pytest.mark.parametrize("terms", [{"postal_code": "750"}, {"city": "saint et"}])
def test_searches_can_use_a_prefix_index(sample, terms):
    query = matching_post_offices(**terms)
    with connection.cursor() as cursor:
        # A 25-row table is read sequentially anyway; forbid that to see whether an index fits.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = query.explain()
    assert "postoffice_postal_code_idx" in plan or "postoffice_city_search_idx" in plan
