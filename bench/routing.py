"""Routing cost: the storefront home page through tenant routing vs with tenancy bypassed.

Two gunicorn servers run side by side on loopback, one per settings module, and are measured in
alternation (tenant, plain, tenant, plain, ...) so that noise from a shared machine hits both;
the figures are the medians of the rounds.
"""

import os
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.load import fetch, run_load
from tenants.models import Tenant

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
WORKERS = 2
THREADS = 2
CONNECTIONS = 4
ROUNDS = 10
ROUND_SECONDS = 2.0
WARMUP_SECONDS = 1.5


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(name: str, settings_module: str, env: dict[str, str]) -> Server:
    port = _free_port()
    command = [
        str(GUNICORN),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--worker-class",
        "gthread",
        "--threads",
        str(THREADS),
        "--keep-alive",
        "30",
        "--log-level",
        "warning",
        "--chdir",
        str(ROOT),
    ]
    process = subprocess.Popen(  # noqa: S603
        command,
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": settings_module},
    )
    return Server(name, port, process)


def wait_ready(server: Server, host: str, expect: bytes, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} server exited with {server.process.returncode}")
        try:
            status, body = fetch(server.port, host)
        except OSError as error:
            last = str(error)
            time.sleep(0.2)
            continue
        if status == 200 and expect in body:
            return
        raise RuntimeError(f"{server.name} server answered {status} for {host}")
    raise RuntimeError(f"{server.name} server not ready after {timeout}s: {last}")


def stop_server(server: Server) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


def queries_per_request(host: str) -> dict[str, int]:
    """Queries for GET / on ``host`` through tenant routing, in-process, miss then hit."""
    client = Client(HTTP_HOST=host)
    caches["tenancy"].clear()
    with CaptureQueriesContext(connection) as miss:
        first = client.get("/")
    with CaptureQueriesContext(connection) as hit:
        second = client.get("/")
    if first.status_code != 200 or second.status_code != 200:
        raise RuntimeError(f"GET / on {host}: {first.status_code}, {second.status_code}")
    connection.set_schema_to_public()
    return {"hit": len(hit.captured_queries), "miss": len(miss.captured_queries)}


def measure_routing(tenant: Tenant, host: str, env: dict[str, str]) -> dict[str, object]:
    """Start both servers, warm them up, then alternate timed rounds; medians of the rounds.

    The ratio is that of the two medians; the median of the per-round ratios (each round's
    measurements are back to back) is given too, as it shrugs off slow drifts in the load."""
    expect = tenant.brand.display_name.encode()
    env = {**env, "BENCH_TENANT_SCHEMA": tenant.schema_name}
    servers = [
        start_server("tenant", "bench.settings_tenant", env),
        start_server("plain", "bench.settings_plain", env),
    ]
    rounds: dict[str, list[float]] = {"tenant": [], "plain": []}
    bad = {"tenant": 0, "plain": 0}
    try:
        for server in servers:
            wait_ready(server, host, expect)
            run_load(
                server.port, host, seconds=WARMUP_SECONDS, connections=CONNECTIONS, expect=expect
            )
        for round_number in range(ROUNDS):
            # A B, B A, A B ...: a drift in the machine's load does not favour either side.
            for server in servers if round_number % 2 == 0 else servers[::-1]:
                result = run_load(
                    server.port, host, seconds=ROUND_SECONDS, connections=CONNECTIONS, expect=expect
                )
                rounds[server.name].append(result.rps)
                bad[server.name] += result.bad
    finally:
        for server in servers:
            stop_server(server)
    tenant_rps = statistics.median(rounds["tenant"])
    plain_rps = statistics.median(rounds["plain"])
    pairwise = [a / b for a, b in zip(rounds["tenant"], rounds["plain"], strict=True) if b]
    return {
        "tenant_rps": round(tenant_rps, 1),
        "plain_rps": round(plain_rps, 1),
        "ratio": round(tenant_rps / plain_rps, 3) if plain_rps else None,
        "ratio_pairwise_median": round(statistics.median(pairwise), 3) if pairwise else None,
        "rounds": {name: [round(value, 1) for value in values] for name, values in rounds.items()},
        "failed_requests": bad,
        "server": f"gunicorn {WORKERS} gthread workers x {THREADS} threads, keep-alive",
        "load": f"{CONNECTIONS} keep-alive connections, {ROUNDS} rounds x {ROUND_SECONDS:g} s each",
        "cpus": os.cpu_count(),
    }
