"""tenants/cloning.py: a cloned schema is the template's structure, names included, with the rows
a fake migrate would have written, and the copy refuses what it cannot reproduce."""

import re

import pytest
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from django_tenants.utils import schema_context

from tenants.cloning import CloneError, clone_schema
from tenants.models import Tenant
from tenants.schema_names import TEMPLATE_SCHEMA, generate_schema_name

pytestmark = pytest.mark.django_db

# Everything pg_catalog knows about a schema's tables, restricted to its namespace.
STRUCTURE_QUERIES = {
    "tables": """
        SELECT c.relname, c.relkind, c.relpersistence, c.relreplident, c.reloptions::text,
               obj_description(c.oid, 'pg_class')
        FROM pg_class c WHERE c.relnamespace = %(ns)s AND c.relkind NOT IN ('i', 'S')""",
    # Columns in order, not by attnum: dropped columns leave holes in a migrated table only.
    "columns": """
        SELECT c.relname, rank() OVER (PARTITION BY c.oid ORDER BY a.attnum), a.attname,
               format_type(a.atttypid, a.atttypmod),
               a.attnotnull, a.attidentity, a.attgenerated, a.attcollation, a.attstorage,
               pg_get_expr(d.adbin, d.adrelid), col_description(c.oid, a.attnum)
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE c.relnamespace = %(ns)s AND c.relkind = 'r' AND a.attnum > 0
          AND NOT a.attisdropped""",
    "constraints": """
        SELECT c.relname, con.conname, con.contype, con.condeferrable, con.condeferred,
               con.convalidated, pg_get_constraintdef(con.oid), i.relname
        FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
        LEFT JOIN pg_class i ON i.oid = con.conindid
        WHERE c.relnamespace = %(ns)s""",
    "indexes": """
        SELECT c.relname, i.relname, pg_get_indexdef(i.oid), x.indisunique, x.indisprimary,
               x.indisvalid, x.indisclustered
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class c ON c.oid = x.indrelid WHERE c.relnamespace = %(ns)s""",
    "triggers": """
        SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid), t.tgenabled
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE c.relnamespace = %(ns)s AND NOT t.tgisinternal""",
    "sequences": """
        SELECT s.relname, format_type(q.seqtypid, NULL), q.seqstart, q.seqincrement, q.seqmin,
               q.seqmax, q.seqcache, q.seqcycle, d.deptype, c.relname, a.attname
        FROM pg_class s JOIN pg_sequence q ON q.seqrelid = s.oid
        LEFT JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass
             AND d.refclassid = 'pg_class'::regclass
        LEFT JOIN pg_class c ON c.oid = d.refobjid
        LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.refobjsubid
        WHERE s.relnamespace = %(ns)s""",
}


def _structure(schema: str) -> dict[str, set[tuple]]:
    qualified = re.compile(rf'(?<![\w"]){re.escape(schema)}\.|"{re.escape(schema)}"\.')
    structure = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT oid FROM pg_namespace WHERE nspname = %s", [schema])
        namespace = cursor.fetchone()[0]
        for kind, query in STRUCTURE_QUERIES.items():
            cursor.execute(query, {"ns": namespace})
            structure[kind] = {
                tuple(qualified.sub("SCHEMA.", v) if isinstance(v, str) else v for v in row)
                for row in cursor.fetchall()
            }
    return structure


def _rows(schema: str, query: str) -> set[tuple]:
    with schema_context(schema), connection.cursor() as cursor:
        cursor.execute(query)
        return set(cursor.fetchall())


def _next_id(schema: str, table: str, column: str = "id") -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s))",
                       [f'"{schema}"."{table}"', column])
        return int(cursor.fetchone()[0])


def _compare(left: dict[str, set[tuple]], right: dict[str, set[tuple]]) -> None:
    assert left.keys() == right.keys()
    for kind in left:
        assert left[kind] - right[kind] == set(), kind
        assert right[kind] - left[kind] == set(), kind


def _new_tenant(slug: str, *, clone: bool = True) -> Tenant:
    tenant = Tenant(schema_name=generate_schema_name(), name=slug.title(), slug=slug)
    with override_settings(TENANT_CREATION_FAKES_MIGRATIONS=clone):
        tenant.save(verbosity=0)
    connection.set_schema_to_public()
    return tenant


CONTENT_TYPES = "SELECT id, app_label, model FROM django_content_type"
PERMISSIONS = "SELECT id, codename, name, content_type_id FROM auth_permission"
PERMISSIONS_BY_NAME = (
    "SELECT ct.app_label, ct.model, p.codename, p.name FROM auth_permission p "
    "JOIN django_content_type ct ON ct.id = p.content_type_id"
)
MIGRATIONS = "SELECT app, name FROM django_migrations"


def test_a_clone_equals_a_migrated_schema_names_included(tenant_a):
    # given: a schema built by running every migration, and one cloned from the template now
    migrated = _new_tenant("migrated", clone=False)
    cloned = _new_tenant("cloned")
    migrated_structure = _structure(migrated.schema_name)
    assert migrated_structure["columns"] and migrated_structure["triggers"]
    # then: same tables, columns, defaults, identities, constraint and index names and
    # definitions, triggers and sequences; the template and the session's tenant too
    _compare(_structure(cloned.schema_name), migrated_structure)
    _compare(_structure(tenant_a.schema_name), migrated_structure)
    _compare(_structure(TEMPLATE_SCHEMA), migrated_structure)
    # and the rows a fake migrate would have left: migration records, content types, permissions
    for query in (MIGRATIONS, "SELECT app_label, model FROM django_content_type",
                  PERMISSIONS_BY_NAME):
        assert _rows(cloned.schema_name, query) == _rows(migrated.schema_name, query), query


def test_a_clone_copies_the_templates_rows_and_nothing_else():
    cloned = _new_tenant("cloned")
    for query in (CONTENT_TYPES, PERMISSIONS, "SELECT app, name, applied FROM django_migrations"):
        rows = _rows(cloned.schema_name, query)
        assert rows and rows == _rows(TEMPLATE_SCHEMA, query), query
    assert _rows(cloned.schema_name, "SELECT count(*) FROM accounts_user") == {(0,)}


def test_sequences_carry_on_after_copied_rows_and_start_at_one_elsewhere():
    cloned = _new_tenant("cloned")
    schema = cloned.schema_name
    for table in ("django_content_type", "auth_permission", "django_migrations"):
        (highest,), = _rows(schema, f"SELECT max(id) FROM {table}")  # noqa: S608
        assert _next_id(schema, table) == highest + 1, table
    assert _next_id(schema, "accounts_user") == 1
    assert _next_id(schema, "documents_issueddocument") == 1


def test_migrate_has_nothing_left_to_do_in_a_clone():
    cloned = _new_tenant("cloned")
    with schema_context(cloned.schema_name):
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    assert plan == []


def test_the_search_path_is_left_as_it_was():
    with connection.cursor() as cursor:
        cursor.execute("SHOW search_path")
        before = cursor.fetchone()[0]
        clone_schema(TEMPLATE_SCHEMA, generate_schema_name())
        cursor.execute("SHOW search_path")
        assert cursor.fetchone()[0] == before


@pytest.fixture
def odd_schema():
    """A small source schema with identifiers that need quoting and one of each object kind."""
    statements = [
        'CREATE SCHEMA "Odd Src"',
        'CREATE TABLE "Odd Src"."Parent Table" (id bigint GENERATED BY DEFAULT AS IDENTITY '
        'CONSTRAINT "Parent PK" PRIMARY KEY, "Code" varchar(10) NOT NULL DEFAULT \'x\', '
        'CONSTRAINT "code uniq" UNIQUE ("Code"), CONSTRAINT "code check" CHECK ("Code" <> \'\'))',
        'CREATE TABLE "Odd Src".child (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, '
        'parent_id bigint CONSTRAINT "child fk" REFERENCES "Odd Src"."Parent Table" (id) '
        'DEFERRABLE INITIALLY DEFERRED, doubled integer GENERATED ALWAYS AS (id * 2) STORED)',
        'CREATE INDEX "Child Idx" ON "Odd Src".child (parent_id) WHERE parent_id > 0',
        'CREATE UNIQUE INDEX "lower code" ON "Odd Src"."Parent Table" (lower("Code"))',
        'COMMENT ON TABLE "Odd Src".child IS \'children\'',
        'COMMENT ON COLUMN "Odd Src".child.parent_id IS \'the parent\'',
        'CREATE TRIGGER "no delete" BEFORE DELETE ON "Odd Src"."Parent Table" FOR EACH ROW '
        'EXECUTE FUNCTION suppress_redundant_updates_trigger()',
    ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return "Odd Src"


def test_identifiers_that_need_quoting_are_copied_under_the_same_names(odd_schema):
    clone_schema(odd_schema, "Odd Copy")
    _compare(_structure("Odd Copy"), _structure(odd_schema))
    with connection.cursor() as cursor:
        cursor.execute('INSERT INTO "Odd Copy"."Parent Table" ("Code") VALUES (\'a\') RETURNING id')
        assert cursor.fetchone()[0] == 1
        cursor.execute('INSERT INTO "Odd Copy".child (parent_id) VALUES (1) RETURNING doubled')
        assert cursor.fetchone()[0] == 2
        # the foreign key points into the copy, not back into the source
        with pytest.raises(DatabaseError), connection.cursor() as inner:
            inner.execute("SAVEPOINT fk")
            try:
                inner.execute('INSERT INTO "Odd Copy".child (parent_id) VALUES (99)')
                inner.execute('SET CONSTRAINTS "Odd Copy"."child fk" IMMEDIATE')
            finally:
                inner.execute("ROLLBACK TO SAVEPOINT fk")


@pytest.mark.parametrize("statement", [
    'CREATE VIEW "Odd Src".v AS SELECT 1 AS one',
    'CREATE SEQUENCE "Odd Src".loose_seq',
    'CREATE FUNCTION "Odd Src".f() RETURNS integer LANGUAGE sql AS \'SELECT 1\'',
    'CREATE TYPE "Odd Src".mood AS ENUM (\'ok\')',
])
def test_objects_the_copy_cannot_reproduce_are_refused(odd_schema, statement):
    with connection.cursor() as cursor:
        cursor.execute(statement)
    with pytest.raises(CloneError):
        clone_schema(odd_schema, "Odd Copy")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname = 'Odd Copy'")
        assert cursor.fetchone()[0] == 0


def test_a_failed_clone_leaves_no_tenant_and_no_schema(monkeypatch):
    # given: the copy fails half-way, after the schema and its tables were created
    def failing_swap(definition, old, new):
        raise CloneError("boom")

    monkeypatch.setattr("tenants.cloning._swap_once", failing_swap)
    tenant = Tenant(schema_name=generate_schema_name(), name="Broken", slug="broken")
    with pytest.raises(CloneError):
        tenant.save(verbosity=0)
    connection.set_schema_to_public()
    assert not Tenant.objects.filter(slug="broken").exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname = %s",
                       [tenant.schema_name])
        assert cursor.fetchone()[0] == 0
