"""Invoice finalisation throughput: concurrent transactions taking invoice numbers.

Each worker thread has its own database connection and, in a loop for a fixed time, opens a
transaction, takes the next invoice number (``take_number``: lock the series' row, check the
date, increment) and commits. Threads start together behind a barrier once connected. The
committed numbers are then checked: they must run on from the series' previous last number
without a gap or a duplicate, and the row must agree.
"""

import statistics
import threading
import time
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenant_apps.documents.models import DocumentKind, DocumentSequence
from tenant_apps.documents.numbering import take_number
from tenants.models import Tenant

THREADS = 8
SECONDS = 5.0
SINGLE_THREAD_SECONDS = 2.0


def _last_number(tenant: Tenant, year: int) -> int:
    with tenant_context(tenant):
        row = DocumentSequence.objects.filter(kind=DocumentKind.INVOICE, year=year).first()
        return row.last_number if row else 0


@dataclass
class Finalisations:
    taken: list[int] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def per_second(self) -> float:
        return round(len(self.taken) / self.elapsed, 1) if self.elapsed else 0.0


def _finalise_for(tenant: Tenant, issued_on: date, threads: int, seconds: float
                  ) -> Finalisations:
    """``threads`` workers finalising for ``seconds``: the numbers committed, the timings."""
    run = Finalisations()
    record = threading.Lock()
    window: dict[str, float] = {}

    def open_window() -> None:
        window["start"] = time.perf_counter()
        window["stop"] = window["start"] + seconds

    start = threading.Barrier(threads, action=open_window)

    def work() -> None:
        mine: list[int] = []
        timings: list[float] = []
        try:
            with tenant_context(tenant):
                connection.ensure_connection()
                start.wait(timeout=60)
                while time.perf_counter() < window["stop"]:
                    began = time.perf_counter()
                    with transaction.atomic():
                        number = take_number(DocumentKind.INVOICE, issued_on=issued_on)
                    timings.append(time.perf_counter() - began)
                    mine.append(number.sequence)
        except Exception as error:  # noqa: BLE001 - counted and shown in the results
            with record:
                run.errors.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()
            with record:
                run.taken.extend(mine)
                run.latencies.extend(timings)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=seconds + 120)
    run.elapsed = time.perf_counter() - window.get("start", time.perf_counter())
    return run


def measure_invoice_finalise(tenant: Tenant, *, threads: int = THREADS,
                             seconds: float = SECONDS, issued_on: date | None = None
                             ) -> dict[str, object]:
    """``invoice.finalise_per_s`` and its checks, in ``tenant``'s schema (committed rows stay)."""
    day = issued_on or timezone.localdate()
    single = _finalise_for(tenant, day, 1, min(seconds, SINGLE_THREAD_SECONDS))
    before = _last_number(tenant, day.year)
    run = _finalise_for(tenant, day, threads, seconds)
    after = _last_number(tenant, day.year)
    taken, latencies = run.taken, run.latencies
    expected = list(range(before + 1, before + len(taken) + 1))
    return {
        "finalise_per_s": run.per_second,
        "finalised": len(taken),
        "threads": threads,
        "seconds": round(run.elapsed, 2),
        "gap_free": sorted(taken) == expected and after == before + len(taken),
        "duplicates": len(taken) - len(set(taken)),
        "errors": len(run.errors),
        "error_samples": run.errors[:5],
        "finalise_ms_p50": round(statistics.median(latencies) * 1000, 2) if latencies else None,
        "finalise_ms_p99": (round(statistics.quantiles(latencies, n=100)[98] * 1000, 2)
                            if len(latencies) > 1 else None),
        "single_thread_per_s": single.per_second,
    }
