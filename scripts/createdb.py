"""Create the database named in DATABASE_URL if it does not exist yet."""

import os
import sys
from urllib.parse import urlparse

import psycopg

url = urlparse(os.environ["DATABASE_URL"])
name = url.path.lstrip("/")
admin = url._replace(path="/postgres").geturl()
with psycopg.connect(admin, autocommit=True) as connection:
    exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if not exists:
        connection.execute(f'CREATE DATABASE "{name}"')
        print(f"created database {name}", file=sys.stderr)
