"""Cloned schemas keep the constraint names of the schema they were cloned from.

django-tenants clones a schema with ``CREATE TABLE ... (LIKE ... INCLUDING ALL)`` and restores the
names of primary keys and plain indexes, but unique constraints come out with PostgreSQL's default
names (``..._key``) instead of Django's (``..._uniq``). A later migration that removes or renames a
constraint by name would then work on migrated schemas and fail on cloned ones.
"""

from collections import Counter

from django.db import connection

_CONSTRAINTS_SQL = """
    SELECT rel.relname, con.conname, pg_get_constraintdef(con.oid)
    FROM pg_constraint con
    JOIN pg_class rel ON rel.oid = con.conrelid
    JOIN pg_namespace ns ON ns.oid = rel.relnamespace
    WHERE ns.nspname = %s
"""


def _constraints(schema: str) -> dict[tuple[str, str], str]:
    """(table, definition) -> name, leaving out definitions that repeat on one table."""
    with connection.cursor() as cursor:
        cursor.execute(_CONSTRAINTS_SQL, [schema])
        rows = [(table, definition.replace(f"{schema}.", ""), name)
                for table, name, definition in cursor.fetchall()]
    counts = Counter((table, definition) for table, definition, _ in rows)
    return {(table, definition): name for table, definition, name in rows
            if counts[(table, definition)] == 1}


def align_constraint_names(source_schema: str, target_schema: str) -> int:
    """Rename the target's constraints to the source's names; returns how many were renamed."""
    wanted = _constraints(source_schema)
    quote = connection.ops.quote_name
    renamed = 0
    with connection.cursor() as cursor:
        for (table, definition), name in _constraints(target_schema).items():
            source_name = wanted.get((table, definition))
            if source_name and source_name != name:
                cursor.execute(
                    f"ALTER TABLE {quote(target_schema)}.{quote(table)} "
                    f"RENAME CONSTRAINT {quote(name)} TO {quote(source_name)}"
                )
                renamed += 1
    return renamed
