"""Celery tasks run in the schema they were scheduled from, never the one active at commit time
(TENANCY.md 2), and a tenant task in the wrong schema fails closed."""

import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager

import kombu.pools
import pytest
from django.conf import settings
from django.core import mail
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django_tenants.utils import schema_context, tenant_context

from config.celery import app
from tenants.scheduling import assert_tenant, schedule_on_commit
from tenants.tasks import deliver_branded_email

from .tasks_for_tests import probe_key, record_schema

pytestmark = [pytest.mark.django_db, pytest.mark.isolation]

WORKER_REDIS_URL = "redis://127.0.0.1:6379/9"
WORKER_WAIT_SECONDS = 60


def _probe(token: str) -> str | None:
    from django.core.cache import cache

    return cache.get(probe_key(token))


def test_task_registered_under_a_and_committed_in_public_runs_in_a(
    tenant_a, tenant_b, django_capture_on_commit_callbacks
):
    token = uuid.uuid4().hex
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with tenant_context(tenant_a):
            schedule_on_commit(record_schema, token)
        assert connection.schema_name == "public"
    assert len(callbacks) == 1
    with tenant_context(tenant_a):
        assert _probe(token) == tenant_a.schema_name
    with tenant_context(tenant_b):
        assert _probe(token) is None


def test_task_registered_under_a_and_committed_in_b_runs_in_a(
    tenant_a, tenant_b, django_capture_on_commit_callbacks
):
    token = uuid.uuid4().hex
    with django_capture_on_commit_callbacks(execute=True):
        with tenant_context(tenant_a):
            schedule_on_commit(record_schema, token)
        connection.set_tenant(tenant_b)
    with tenant_context(tenant_a):
        assert _probe(token) == tenant_a.schema_name
    with tenant_context(tenant_b):
        assert _probe(token) is None


def test_assert_tenant_fails_closed_in_another_schema_or_in_public(tenant_a, tenant_b):
    with tenant_context(tenant_b), pytest.raises(RuntimeError, match=str(tenant_a.pk)):
        assert_tenant(tenant_a.pk)
    with schema_context("public"), pytest.raises(RuntimeError):
        assert_tenant(tenant_a.pk)
    with tenant_context(tenant_a):
        assert_tenant(tenant_a.pk)


def test_tenant_task_for_a_sent_from_b_fails_closed_and_sends_nothing(tenant_a, tenant_b):
    mail.outbox.clear()
    with pytest.raises(RuntimeError):
        deliver_branded_email.apply(
            args=("password_reset", "someone@example.test", {"link": "x", "name": ""}),
            kwargs={"tenant_id": tenant_a.pk},
            headers={"_schema_name": tenant_b.schema_name},
        )
    assert mail.outbox == []


# --- A real worker, against Redis -----------------------------------------------------------

def _redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(WORKER_REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:
        return False


def _worker_env() -> dict[str, str]:
    database = settings.DATABASES["default"]
    user = database["USER"] or "postgres"
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    host = database["HOST"] or "127.0.0.1"
    port = database["PORT"] or "5432"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "REDIS_URL": WORKER_REDIS_URL,
        "DATABASE_URL": f"postgres://{user}{password}@{host}:{port}/{database['NAME']}",
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }


@contextmanager
def _publishing_to_broker(queue: str):
    """Make this process publish record_schema to Redis on ``queue`` instead of running it eagerly.

    Celery caches its connection and producer pools (also in kombu's global registry); the Redis
    ones made here are closed and forgotten afterwards, and the previous ones put back.
    """
    saved_conf = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    saved_pools = (app._pool, app.amqp._producer_pool)
    app.conf.update(task_always_eager=False, broker_url=WORKER_REDIS_URL)
    app._pool, app.amqp._producer_pool = None, None
    record_schema.queue = queue
    record_schema._exec_options = None
    try:
        yield
    finally:
        record_schema.queue = None
        record_schema._exec_options = None
        for group, pool in ((kombu.pools.producers, app.amqp._producer_pool),
                            (kombu.pools.connections, app._pool)):
            if pool is not None:
                pool.force_close_all()
                for key in [key for key, value in group.items() if value is pool]:
                    dict.__delitem__(group, key)  # the stored key is already hashed
        app._pool, app.amqp._producer_pool = saved_pools
        app.conf.update(saved_conf)


@contextmanager
def _worker(queue: str, log_path):
    log = open(log_path, "wb")  # noqa: SIM115  (closed below, after the worker is gone)
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-Q", queue,
         "-I", "tests.isolation.tasks_for_tests", "--without-gossip", "--without-mingle",
         "--without-heartbeat", "--loglevel=WARNING"],
        cwd=settings.BASE_DIR, env=_worker_env(),
        stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()


@pytest.mark.skipif(not _redis_answers(), reason=f"no Redis answering at {WORKER_REDIS_URL}")
def test_real_worker_runs_on_commit_task_in_the_schema_it_was_sent_from(
    tenant_a, tenant_b, django_capture_on_commit_callbacks, tmp_path
):
    # The probe reads what the worker wrote, with the same tenant-keyed key function.
    probe = RedisCache(WORKER_REDIS_URL, {
        "KEY_FUNCTION": "django_tenants.cache.make_key", "KEY_PREFIX": "awal",
    })
    queue = f"isolation-{uuid.uuid4().hex}"
    token = uuid.uuid4().hex
    log_path = tmp_path / "worker.log"
    with _worker(queue, log_path) as worker:
        with _publishing_to_broker(queue), django_capture_on_commit_callbacks(execute=True):
            with tenant_context(tenant_a):
                schedule_on_commit(record_schema, token)
            connection.set_tenant(tenant_b)  # commit happens while B is active
        deadline = time.monotonic() + WORKER_WAIT_SECONDS
        seen = None
        while seen is None and time.monotonic() < deadline and worker.poll() is None:
            with tenant_context(tenant_a):
                seen = probe.get(probe_key(token))
            time.sleep(0.25)
    if seen is None:
        output = log_path.read_text(errors="replace")
        pytest.fail(f"the worker did not run the task in {WORKER_WAIT_SECONDS}s:\n{output}")
    try:
        assert seen == tenant_a.schema_name
        with tenant_context(tenant_b):
            assert probe.get(probe_key(token)) is None
        with schema_context("public"):
            assert probe.get(probe_key(token)) is None
    finally:
        with tenant_context(tenant_a):
            probe.delete(probe_key(token))
