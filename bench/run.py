"""Benchmarks, all measured in one run: `make bench` (or `.venv/bin/python bench/run.py`).

Creates its own database (DATABASE_URL's name + "_bench"), migrates it, provisions what it needs
through the real actions, measures, prints a table, writes bench/results.json and drops the
database again, whatever happened. See bench/README.md for what each figure means.
"""

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script, bench/ itself is sys.path[0]

RESULTS = Path(__file__).resolve().parent / "results.json"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/awal"
CLONE_RUNS = 5
MIGRATE_RUNS = 5
AT_SCALE_TENANTS = 100
AT_SCALE_RUNS = 3

METHODS = {
    "routing.tenant_rps": "GET / on a tenant host, served by gunicorn through "
    "CachedTenantMiddleware (routing cache warm); median requests/s of the timed rounds",
    "routing.plain_rps": "the same page and view with routing bypassed (bench.settings_plain: a "
    "fixed tenant set on the connection, no lookup); median requests/s, rounds interleaved with "
    "the tenant ones",
    "routing.ratio": "routing.tenant_rps / routing.plain_rps (1.0 = routing costs nothing)",
    "routing.queries_per_request": "SQL statements for GET / on a tenant host on a routing-cache "
    "hit, in-process (Django test Client + CaptureQueriesContext) after one warm-up request",
    "provision.clone_s": "median seconds of tenants.actions.provision_tenant cloning the template "
    "schema (TENANT_CREATION_FAKES_MIGRATIONS=True, the default)",
    "provision.migrate_s": "median seconds of the same action under "
    "override_settings(TENANT_CREATION_FAKES_MIGRATIONS=False): every tenant migration runs",
    "provision.clone_s_at_100_tenants": "median seconds of provision_tenant by cloning once 100 "
    "customer tenants exist",
    "provision.migrate_s_at_100_tenants": "median seconds of provision_tenant by migrations once "
    "100 customer tenants exist (run right after the clones at 100)",
    "migrate.noop_s_per_tenant": "`migrate_schemas` (standard executor) with nothing to apply, "
    "total seconds divided by the number of tenant schemas (template included)",
    "dispatch.route_ms_p50_10k": "median ms of shared_apps.dispatch.routing.rank_candidates "
    "(candidate query, prefix shares, scoring; settings read included) for varied jobs, now "
    "fixed, with 10,000 repairers in the network; 300 decisions after 20 warm-up ones",
    "dispatch.route_ms_p99_10k": "99th percentile of the same 300 decisions (target < 20 ms)",
    "dispatch.concurrent_accept_winners": "200 threads, each on its own connection, released "
    "by one threading.Barrier, call accept_offer on one offer; how many succeeded (must be 1); "
    "the others should get OfferUnavailable (concurrent_accept_unavailable), "
    "concurrent_accept_errors counts anything else",
    "dispatch.offers_per_s": "offers made per wall-clock second by create_job then "
    "decline_offer on each live offer in turn (route_job offers the next candidate), for 10 s",
    "orders.list_queries_10": "queries of the back-office order list page with 10 orders",
    "orders.list_queries_1000": "the same page with 1,000 orders (must be equal)",
    "checkout.place_order_ms_p50": "median ms of the storefront's \"Place the order\" POST for a "
    "new guest with two accessories, home delivery and the dummy provider (the steps before it "
    "are walked but not timed); 40 orders after one warm-up, in-process test client",
    "invoice.finalise_per_s": "invoice numbers committed per second by 8 threads, each taking "
    "tenant_apps.documents.numbering.next_number in its own transaction for 5 s; gap-free checked",
}


def bench_database(source_url: str) -> tuple[str, str, str]:
    """(bench database URL, its name, URL of the maintenance database) from DATABASE_URL."""
    parsed = urlparse(source_url)
    name = parsed.path.lstrip("/") + "_bench"
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"refusing database name {name!r}: letters, digits and _ only")
    return (
        parsed._replace(path=f"/{name}").geturl(),
        name,
        parsed._replace(path="/postgres").geturl(),
    )


def recreate_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def tenant_migration_count() -> int:
    from django.apps import apps
    from django.conf import settings
    from django.db.migrations.loader import MigrationLoader

    labels = {cfg.label for cfg in apps.get_app_configs() if cfg.name in settings.TENANT_APPS}
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sum(1 for app_label, _ in loader.disk_migrations if app_label in labels)


def prepare_database() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from tenants.actions import ensure_platform_tenants

    step = time.perf_counter()
    call_command("migrate_schemas", interactive=False, verbosity=0)
    ensure_platform_tenants("localhost")
    print(f"database ready in {time.perf_counter() - step:.1f}s", flush=True)


def server_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return str(cursor.fetchone()[0])


def measure_dispatch_only(env: dict[str, str]) -> dict[str, dict[str, object]]:
    """`--only dispatch`: one provisioned tenant and the dispatch figures, nothing else."""
    prepare_database()
    from bench import provisioning as prov
    from bench.dispatch import measure_dispatch

    shop, _ = prov.provision("shop")
    return {"dispatch": measure_dispatch(shop), "run": {"postgres": server_version()}}


def measure_checkout_only(env: dict[str, str]) -> dict[str, dict[str, object]]:
    prepare_database()
    from bench import provisioning as prov
    from bench.checkout import measure_place_order

    shop, _ = prov.provision("shop")
    return {"checkout": measure_place_order(shop), "run": {"postgres": server_version()}}


def checkout_rows(c: dict[str, object]) -> list[tuple[str, object, str]]:
    return [("checkout.place_order_ms_p50", c["place_order_ms_p50"],
             f"ms (p90 {c['place_order_ms_p90']} ms, {c['runs']} orders)")]


def measure_all(env: dict[str, str]) -> dict[str, dict[str, object]]:
    prepare_database()
    from bench import provisioning as prov
    from bench import routing
    from bench.checkout import measure_place_order
    from bench.dispatch import measure_dispatch
    from bench.documents import measure_invoice_finalise
    from bench.orders import measure_order_list_queries

    shop, _ = prov.provision("shop")  # warm-up (imports, caches); also the routing tenant
    clone_runs = prov.provision_many("clone", CLONE_RUNS)
    migrate_runs = prov.provision_by_migrations(MIGRATE_RUNS)
    print(f"provisioning measured ({prov.customer_tenants()} tenants)", flush=True)

    host = f"{shop.slug}.bench.localhost"
    queries = routing.queries_per_request(host)
    routed = routing.measure_routing(shop, host, env)
    print(f"routing measured: {routed['rounds']}", flush=True)

    created, fill_seconds = prov.fill_to(AT_SCALE_TENANTS)
    before = prov.customer_tenants()
    scale_runs = prov.provision_many("scale", AT_SCALE_RUNS)
    scale_migrate_runs = prov.provision_by_migrations(AT_SCALE_RUNS, prefix="scale-migrated")
    print(
        f"{created} filler tenants in {fill_seconds:.1f}s; provisions at {before} measured",
        flush=True,
    )

    noop_seconds, schemas = prov.migrate_noop()
    # Last, so that allow-lists can name any of the 100 tenants and the network does not weigh on
    # the provisioning figures.
    dispatched = measure_dispatch(shop)
    invoiced = measure_invoice_finalise(shop)
    orders = measure_order_list_queries(shop)
    checkout = measure_place_order(shop)  # after the order list: it needs at most 10 orders

    clone_s = prov.median(clone_runs)
    migrate_s = prov.median(migrate_runs)
    return {
        "routing": {
            "tenant_rps": routed["tenant_rps"],
            "plain_rps": routed["plain_rps"],
            "ratio": routed["ratio"],
            "ratio_pairwise_median": routed["ratio_pairwise_median"],
            "queries_per_request": queries["hit"],
            "queries_per_request_on_miss": queries["miss"],
            "rounds_rps": routed["rounds"],
            "failed_requests": routed["failed_requests"],
            "server": routed["server"],
            "load": routed["load"],
        },
        "provision": {
            "clone_s": clone_s,
            "migrate_s": migrate_s,
            "migrate_over_clone": round(migrate_s / clone_s, 2) if clone_s else None,
            "clone_s_at_100_tenants": prov.median(scale_runs),
            "migrate_s_at_100_tenants": prov.median(scale_migrate_runs),
            "tenants_before_at_100_runs": before,
            "clone_runs_s": [round(value, 3) for value in clone_runs],
            "migrate_runs_s": [round(value, 3) for value in migrate_runs],
            "at_100_runs_s": [round(value, 3) for value in scale_runs],
            "migrate_at_100_runs_s": [round(value, 3) for value in scale_migrate_runs],
            "filler_tenants": created,
            "filler_seconds": round(fill_seconds, 1),
            "tenant_migrations": tenant_migration_count(),
        },
        "migrate": {
            "noop_s_per_tenant": round(noop_seconds / schemas, 4),
            "noop_s_total": round(noop_seconds, 2),
            "tenant_schemas": schemas,
        },
        "dispatch": dispatched,
        "invoice": invoiced,
        "orders": orders,
        "checkout": checkout,
        "run": {"postgres": server_version()},
    }


def dispatch_rows(d: dict[str, object]) -> list[tuple[str, object, str]]:
    race = d["concurrent_accept"]
    return [
        ("dispatch.route_ms_p50_10k", d["route_ms_p50_10k"], "ms (10,000 repairers)"),
        ("dispatch.route_ms_p99_10k", d["route_ms_p99_10k"], "ms (target < 20)"),
        ("dispatch.concurrent_accept_winners", d["concurrent_accept_winners"],
         f"of {race['contenders']} accepts (must be 1)"),  # type: ignore[index]
        ("dispatch.concurrent_accept_unavailable", d["concurrent_accept_unavailable"],
         "got OfferUnavailable"),
        ("dispatch.concurrent_accept_errors", d["concurrent_accept_errors"],
         "other errors (must be 0)"),
        ("dispatch.offers_per_s", d["offers_per_s"], "offers/s (create + decline cascade)"),
    ]


def print_dispatch_notes(d: dict[str, object]) -> None:
    race, broadcast = d["concurrent_accept"], d["broadcast_accept"]
    print(
        f"dispatch: {d['route_decisions']} decisions, {d['route_queries']} queries each, "
        f"candidates median {d['candidates_median']} max {d['candidates_max']}, "
        f"max {d['route_ms_max_10k']} ms ({d['slowest_job']})"
    )
    for name, r in (("one offer", race), ("broadcast", broadcast)):
        print(
            f"dispatch race ({name}): {r['winners']} winner, {r['unavailable']} unavailable, "  # type: ignore[index]
            f"{r['errors']} errors; {r['contenders']} threads on {r['offers']} offer(s), "  # type: ignore[index]
            f"{r['connections_at_once']} connections at once, {r['seconds']} s"  # type: ignore[index]
        )
    print(
        f"dispatch cascade: {d['cascade_offers']} offers for {d['cascade_jobs']} jobs "
        f"({d['cascade_declines']} declines) in {d['cascade_seconds']} s"
    )
    for line in d.get("slow_plan", []):  # type: ignore[attr-defined]
        print(f"  plan: {line}")


def print_rows(rows: list[tuple[str, object, str]]) -> None:
    print()
    print(f"{'figure':<38} {'value':>10}  unit")
    print("-" * 76)
    for key, value, unit in rows:
        print(f"{key:<38} {value!s:>10}  {unit}")
    print("-" * 76)


def print_table(results: dict[str, dict[str, object]]) -> None:
    r, p, m = results["routing"], results["provision"], results["migrate"]
    rows = [
        ("routing.tenant_rps", r["tenant_rps"], "req/s"),
        ("routing.plain_rps", r["plain_rps"], "req/s"),
        ("routing.ratio", r["ratio"], "tenant/plain"),
        ("routing.queries_per_request", r["queries_per_request"], "queries (cache hit)"),
        ("provision.clone_s", p["clone_s"], "s"),
        ("provision.migrate_s", p["migrate_s"], "s"),
        ("provision.clone_s_at_100_tenants", p["clone_s_at_100_tenants"], "s"),
        ("provision.migrate_s_at_100_tenants", p["migrate_s_at_100_tenants"], "s"),
        ("migrate.noop_s_per_tenant", m["noop_s_per_tenant"], f"s ({m['tenant_schemas']} schemas)"),
        *dispatch_rows(results["dispatch"]),
        ("invoice.finalise_per_s", results["invoice"]["finalise_per_s"],
         f"numbers/s ({results['invoice']['threads']} threads, gap-free: "
         f"{results['invoice']['gap_free']})"),
        ("orders.list_queries_10", results["orders"]["list_queries_10"], "queries (order list)"),
        ("orders.list_queries_1000", results["orders"]["list_queries_1000"], "queries (same page)"),
        *checkout_rows(results["checkout"]),
    ]
    print_rows(rows)
    print(
        f"side by side: routed {r['tenant_rps']} vs plain {r['plain_rps']} req/s "
        f"= {r['ratio']}; per-round {r['rounds_rps']}"
    )
    print(f"side by side: routed/plain per round, median {r['ratio_pairwise_median']}")
    print(
        f"side by side: migrate {p['migrate_s']} s vs clone {p['clone_s']} s "
        f"= x{p['migrate_over_clone']}"
    )
    print(
        f"side by side at {p['tenants_before_at_100_runs']} tenants: clone "
        f"{p['clone_s_at_100_tenants']} s vs migrate {p['migrate_s_at_100_tenants']} s"
    )
    print(f"migrate_schemas no-op: {m['noop_s_total']} s for {m['tenant_schemas']} tenant schemas")
    print_dispatch_notes(results["dispatch"])
    print(f"run: {results['run']['seconds']} s; results in {RESULTS.relative_to(ROOT)}")


def main() -> int:
    parser = argparse.ArgumentParser(description="Awal benchmarks (see bench/README.md)")
    parser.add_argument("--only", choices=["dispatch", "checkout"],
                        help="measure one part only; prints it, leaves bench/results.json alone")
    only = parser.parse_args().only
    started = time.perf_counter()
    source = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    url, name, admin_url = bench_database(source)
    var_dir = tempfile.mkdtemp(prefix="awal-bench-var-")
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "bench.settings_tenant",
            "AWAL_VAR_DIR": var_dir,
            "REDIS_URL": "",  # in-process caches and tasks: no shared Redis touched
            "EMAIL_BACKEND": "locmem",
            "LOG_LEVEL": "WARNING",
            "DEBUG": "0",
        }
    )
    load_before = os.getloadavg()
    print(f"bench database {name} (dropped at the end)", flush=True)
    recreate_database(admin_url, name)
    try:
        measure = {"dispatch": measure_dispatch_only,
                   "checkout": measure_checkout_only}.get(only or "", measure_all)
        results = measure(dict(os.environ))
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(admin_url, name)
        shutil.rmtree(var_dir, ignore_errors=True)
    results["methods"] = METHODS
    results["run"].update(
        {
            "command": "make bench",
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "seconds": round(time.perf_counter() - started, 1),
            "cpus": os.cpu_count(),
            "load_average_before": [round(value, 2) for value in load_before],
            "load_average_after": [round(value, 2) for value in os.getloadavg()],
            "python": platform.python_version(),
            "database": name,
        }
    )
    if only == "dispatch":
        print(json.dumps(results["dispatch"], indent=2))
        print_rows(dispatch_rows(results["dispatch"]))
        print_dispatch_notes(results["dispatch"])
    elif only == "checkout":
        print_rows(checkout_rows(results["checkout"]))
    if only:
        print(f"run: {results['run']['seconds']} s (--only {only}: results.json not written)")
        return 0
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
