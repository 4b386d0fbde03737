"""A small HTTP load generator for loopback servers: threads, persistent connections, bounded time.

Each thread keeps one keep-alive connection (reopened if the server closes it) and sends GETs until
the deadline. A response counts as good when its status is 200 and its body holds ``expect``.
"""

import http.client
import threading
import time
from dataclasses import dataclass


@dataclass
class LoadResult:
    good: int
    bad: int
    seconds: float

    @property
    def rps(self) -> float:
        return self.good / self.seconds if self.seconds > 0 else 0.0


def _worker(
    port: int,
    host: str,
    path: str,
    expect: bytes,
    deadline_box: list[float],
    start: threading.Barrier,
    counts: list[int],
    index: int,
) -> None:
    good = bad = 0
    conn: http.client.HTTPConnection | None = None
    start.wait()
    deadline = deadline_box[0]
    while time.perf_counter() < deadline:
        if conn is None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            conn.request("GET", path, headers={"Host": host})
            response = conn.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            bad += 1
            conn.close()
            conn = None
            continue
        if response.status == 200 and expect in body:
            good += 1
        else:
            bad += 1
        if response.will_close:
            conn.close()
            conn = None
    if conn is not None:
        conn.close()
    counts[2 * index] = good
    counts[2 * index + 1] = bad


def run_load(
    port: int, host: str, path: str = "/", *, seconds: float, connections: int, expect: bytes = b""
) -> LoadResult:
    """Hammer http://127.0.0.1:<port><path> with Host: <host> for ``seconds``."""
    counts = [0] * (2 * connections)
    deadline_box = [0.0]
    # The last party to arrive (this thread) fixes the deadline before anyone starts.
    start = threading.Barrier(
        connections + 1,
        action=lambda: deadline_box.__setitem__(0, time.perf_counter() + seconds),
    )
    threads = [
        threading.Thread(
            target=_worker,
            args=(port, host, path, expect, deadline_box, start, counts, index),
            daemon=True,
        )
        for index in range(connections)
    ]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join(timeout=seconds + 30)
    elapsed = time.perf_counter() - began
    return LoadResult(good=sum(counts[0::2]), bad=sum(counts[1::2]), seconds=elapsed)


def fetch(port: int, host: str, path: str = "/", timeout: float = 5.0) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": host})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()
