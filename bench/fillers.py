"""Filler tenants, built fast: only their number matters to the figures measured at 100 tenants.

A filler is a Tenant row (with a Domain) whose schema is copied from the template in plain SQL,
table by table: ``CREATE TABLE ... (LIKE t_template.x INCLUDING ALL)``, the template's rows (content
types, permissions, migration records), then its foreign keys. The schema holds the same tables,
columns, indexes, constraints and migration records as a provisioned one, so ``migrate_schemas``
has nothing to do in it and the catalogue grows as it would with real tenants. Benchmarks only.
"""

import time

from django.db import connection, transaction
from psycopg import sql

from tenants.models import Domain, Tenant
from tenants.schema_names import TEMPLATE_SCHEMA, generate_schema_name


def _template_layout() -> tuple[list[str], list[tuple[str, str, str]]]:
    """Tables of the template schema, and its foreign keys as (table, name, definition) with
    the referenced tables left unqualified (resolved in the new schema's search_path)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind = 'r' ORDER BY c.relname",
            [TEMPLATE_SCHEMA],
        )
        tables = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT set_config('search_path', %s, true)", [TEMPLATE_SCHEMA])
        cursor.execute(
            "SELECT c.relname, con.conname, pg_get_constraintdef(con.oid) FROM pg_constraint con "
            "JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND con.contype = 'f' ORDER BY c.relname, con.conname",
            [TEMPLATE_SCHEMA],
        )
        foreign_keys = [(row[0], row[1], row[2]) for row in cursor.fetchall()]
    return tables, foreign_keys


def _copy_template(
    schema: str, tables: list[str], foreign_keys: list[tuple[str, str, str]]
) -> None:
    template = sql.Identifier(TEMPLATE_SCHEMA)
    target = sql.Identifier(schema)
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE SCHEMA {}").format(target).as_string(cursor.connection))
        cursor.execute("SELECT set_config('search_path', %s, true)", [f"{schema}, public"])
        for table in tables:
            name = sql.Identifier(table)
            for statement in (
                sql.SQL("CREATE TABLE {}.{} (LIKE {}.{} INCLUDING ALL)"),
                sql.SQL("INSERT INTO {}.{} SELECT * FROM {}.{}"),
            ):
                query = statement.format(target, name, template, name)
                cursor.execute(query.as_string(cursor.connection))
        for table, constraint, definition in foreign_keys:
            # The definition comes from PostgreSQL's own catalogue, not from outside input.
            query = sql.SQL("ALTER TABLE {}.{} ADD CONSTRAINT {} ").format(
                target, sql.Identifier(table), sql.Identifier(constraint)
            ) + sql.SQL(definition)
            cursor.execute(query.as_string(cursor.connection))
        cursor.execute("SELECT set_config('search_path', 'public', true)")


def add_fillers(count: int) -> float:
    """Create ``count`` filler tenants; returns the seconds it took."""
    started = time.perf_counter()
    tables, foreign_keys = _template_layout()
    for _ in range(count):
        schema = generate_schema_name()
        slug = f"filler-{schema[2:]}"
        with transaction.atomic():
            _copy_template(schema, tables, foreign_keys)
            tenant = Tenant(schema_name=schema, name=f"Filler {schema[2:]}", slug=slug)
            tenant.auto_create_schema = False
            tenant.save()
            Domain.objects.create(tenant=tenant, domain=f"{slug}.bench.localhost", is_primary=True)
        connection.set_schema_to_public()
    return time.perf_counter() - started
