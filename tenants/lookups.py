"""Guards for values from outside before they reach a query.

A database id is a bigint: a larger number (or a bool, or a string) names nothing, and sent to
PostgreSQL it would be an error, a 500. Checked first, it is the same 404 as an unknown id.
"""

MAX_ID = 2**63 - 1


def is_database_id(value: object) -> bool:
    """``value`` could be a row's id: a positive int within bigint (bools are not ids)."""
    return not isinstance(value, bool) and isinstance(value, int) and 0 < value <= MAX_ID
