"""Schema names are generated, strict, and refused when nasty (TENANCY.md 4, 5)."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tenants.models import Tenant
from tenants.schema_names import generate_schema_name, is_valid_schema_name, validate_schema_name

pytestmark = pytest.mark.isolation

NASTY_NAMES = [
    "x/../acme", "../t_template", "t_0123456789abcdef/..", "2", "0", "-1", "public; drop",
    "public; DROP SCHEMA public CASCADE", "T_ABC", "t_", "t", "", " ", "t_0123456789ABCDEF",
    "t_0123456789abcde", "t_0123456789abcdef0", " t_0123456789abcdef", "t_0123456789abcdef ",
    "t_0123456789abcdef\n", "t_0123456789abcdef\x00", "t-0123456789abcdef", "t_0123456789abcdeg",
    "pg_catalog", "information_schema", "pg_toast", "Public", "PUBLIC", "public ", "t_template2",
    "t_templatE", 'public"; --', "t_0123456789abcdef'", "tëst", "t_０１２３４５６７８９abcdef",
    "t_\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660abcdef", "ｔ_0123456789abcdef",
    "a" * 64, "t_" + "a" * 200, "x" * 10_000, "acme", "alpha", "beta",
]


@pytest.mark.parametrize("name", NASTY_NAMES)
def test_nasty_names_are_refused(name):
    assert not is_valid_schema_name(name)
    with pytest.raises(ValidationError) as error:
        validate_schema_name(name)
    assert error.value.code == "invalid_schema_name"


@pytest.mark.parametrize("value", [None, 2, b"public", ["public"]])
def test_non_strings_are_refused(value):
    with pytest.raises(ValidationError):
        validate_schema_name(value)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["x/../acme", "2", "public; drop", "T_ABC", "t_", "tëst",
                                  "t_" + "a" * 200])
def test_tenant_save_refuses_nasty_names_and_creates_nothing(name):
    tenants_before = Tenant.objects.count()
    with pytest.raises(ValidationError):
        Tenant(schema_name=name, name="Nasty", slug="nasty").save(verbosity=0)
    assert Tenant.objects.count() == tenants_before
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname = %s", [name])
        assert cursor.fetchone()[0] == 0


def test_generated_names_match_the_pattern_and_differ():
    names = {generate_schema_name() for _ in range(500)}
    assert len(names) == 500
    for name in names:
        assert re.fullmatch(r"t_[0-9a-f]{16}", name)
        assert len(name) <= 63
        validate_schema_name(name)


@pytest.mark.django_db
def test_provisioned_tenants_have_generated_names(tenant_a, tenant_b):
    for tenant in (tenant_a, tenant_b):
        assert re.fullmatch(r"t_[0-9a-f]{16}", tenant.schema_name)
    assert tenant_a.schema_name != tenant_b.schema_name
