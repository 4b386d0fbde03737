"""Schema structure: no public fallback for tenant tables (TENANCY.md 6) and a cloned schema is
the same as one built by migrations."""

import re

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test import override_settings

from tenants.models import Tenant
from tenants.schema_names import TEMPLATE_SCHEMA, generate_schema_name

pytestmark = [pytest.mark.django_db, pytest.mark.isolation]


def _tables_of(app_labels: list[str]) -> set[str]:
    tables = set()
    for app_path in app_labels:
        config = next(c for c in apps.get_app_configs() if c.name == app_path)
        for model in config.get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy:
                tables.add(model._meta.db_table)
    return tables


def _tables_in(schema: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = %s AND table_type = 'BASE TABLE'", [schema])
        return {row[0] for row in cursor.fetchall()}


TENANT_TABLES = _tables_of(settings.TENANT_APPS)
TENANT_ONLY_TABLES = _tables_of([a for a in settings.TENANT_APPS if a not in settings.SHARED_APPS])
PUBLIC_ONLY_TABLES = _tables_of([a for a in settings.SHARED_APPS if a not in settings.TENANT_APPS])


def test_no_tenant_only_table_in_public():
    assert TENANT_ONLY_TABLES & _tables_in("public") == set()


def test_public_has_every_shared_table():
    assert PUBLIC_ONLY_TABLES, "the tenants app alone has tables"
    assert PUBLIC_ONLY_TABLES - _tables_in("public") == set()


@pytest.mark.parametrize("slug", ["alpha", "beta", "template"])
def test_every_tenant_schema_has_every_tenant_table_and_no_public_one(slug):
    schema = Tenant.objects.get(slug=slug).schema_name
    tables = _tables_in(schema)
    assert "accounts_user" in TENANT_TABLES
    assert TENANT_TABLES - tables == set()
    assert PUBLIC_ONLY_TABLES & tables == set()


def _structure(schema: str) -> dict[str, set[tuple]]:
    qualified = re.compile(rf"\b{re.escape(schema)}\.")

    def strip(value):
        return qualified.sub("", value) if isinstance(value, str) else value

    queries = {
        "columns": (
            "SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity, "
            "character_maximum_length, numeric_precision FROM information_schema.columns "
            "WHERE table_schema = %s"),
        "constraints": (
            "SELECT rel.relname, con.conname, con.contype, pg_get_constraintdef(con.oid) "
            "FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid "
            "JOIN pg_namespace ns ON ns.oid = rel.relnamespace WHERE ns.nspname = %s"),
        "indexes": "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = %s",
        "sequences": (
            "SELECT sequence_name, data_type, start_value, increment FROM "
            "information_schema.sequences WHERE sequence_schema = %s"),
    }
    structure = {}
    with connection.cursor() as cursor:
        for kind, sql in queries.items():
            cursor.execute(sql, [schema])
            structure[kind] = {tuple(strip(value) for value in row) for row in cursor.fetchall()}
    return structure


def test_cloned_schema_equals_a_migrated_schema(tenant_a):
    # given: alpha was cloned from the template; build a fresh schema by running the migrations
    migrated = Tenant(schema_name=generate_schema_name(), name="Migrated", slug="migrated")
    with override_settings(TENANT_CREATION_FAKES_MIGRATIONS=False):
        migrated.save(verbosity=0)
    connection.set_schema_to_public()
    # then (the test transaction rolls the schema back)
    cloned_structure = _structure(tenant_a.schema_name)
    migrated_structure = _structure(migrated.schema_name)
    assert migrated_structure["columns"], "the migrated schema has tables"
    for kind in cloned_structure:
        assert cloned_structure[kind] == migrated_structure[kind], kind
    assert _structure(TEMPLATE_SCHEMA) == migrated_structure
