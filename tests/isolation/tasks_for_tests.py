"""A probe task: records the schema it ran in, in the tenant-keyed default cache.

The default cache prefixes every key with the current schema, so reading the probe back under
tenant A proves both that the task ran in A and that the write stayed in A's key space.
"""

from django.core.cache import cache
from django.db import connection

from config.celery import app

PROBE_SECONDS = 300


def probe_key(token: str) -> str:
    return f"isolation-probe:{token}"


@app.task(name="tests.isolation.record_schema")
def record_schema(token: str) -> str:
    cache.set(probe_key(token), connection.schema_name, PROBE_SECONDS)
    return connection.schema_name
