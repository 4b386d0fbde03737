"""Helpers for tests that need work committed on separate database connections.

pytest-django's ``django_db(transaction=True)`` would flush every public table at teardown,
the session's two tenants included; these tests commit from threads instead and clean up.
"""

import threading

from django.db import connection


def on_own_connection(function, *args):
    """Run ``function`` in a thread, on a fresh connection in autocommit mode."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function(*args)
        except BaseException as error:  # noqa: BLE001 - re-raised in the caller
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
