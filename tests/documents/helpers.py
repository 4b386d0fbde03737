"""Issuing numbers from threads, each on its own connection, committed for real.

The concurrency tests do not use django_db(transaction=True): its flush at teardown truncates
every public table, the session's tenants included. Each thread commits on its own connection
and the tests delete the rows they created.
"""

import threading
import time
from datetime import date

from django.db import connection, transaction
from django_tenants.utils import tenant_context

from tenant_apps.documents.models import DocumentSequence
from tenant_apps.documents.numbering import next_number
from tenants.models import Tenant


class DeliberateRollback(Exception):
    """Raised inside an issuing transaction to roll it back after the number was taken."""


def issue_number_for_test(tenant: Tenant, kind: str, issued_on: date, *,
                          roll_back: bool = False, hold_seconds: float = 0.0
                          ) -> tuple[str, bool]:
    """Stand-in for issuing a document: take a number in one transaction, keep the lock for
    ``hold_seconds`` (as saving the document's lines would), then commit or roll back.
    Returns the number and whether it was committed."""
    with tenant_context(tenant):
        try:
            with transaction.atomic():
                number = next_number(kind, issued_on=issued_on)
                time.sleep(hold_seconds)
                if roll_back:
                    raise DeliberateRollback(number)
        except DeliberateRollback:
            return number, False
    return number, True


def run_together(tasks: list) -> list:
    """Run each callable in its own thread (own connection), released by one barrier.
    Returns each task's result, or the exception it raised, in order."""
    start = threading.Barrier(len(tasks))
    results: list = [None] * len(tasks)

    def run(index, task):
        try:
            start.wait(timeout=60)
            results[index] = task()
        except BaseException as error:  # noqa: BLE001 - returned to the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def sequence_state(tenant: Tenant, year: int) -> dict[str, int]:
    """``tenant``'s counters of ``year`` as this connection sees them: {kind: last number}."""
    with tenant_context(tenant):
        return dict(DocumentSequence.objects.filter(year=year)
                    .values_list("kind", "last_number"))


def remove_sequences(tenant: Tenant, year: int) -> None:
    with tenant_context(tenant):
        DocumentSequence.objects.filter(year=year).delete()


def numbers(prefix: str, year: int, count: int) -> list[str]:
    return [f"{prefix}-{year}-{sequence:06d}" for sequence in range(1, count + 1)]
