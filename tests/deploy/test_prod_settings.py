"""Production settings pass Django's deployment checks and refuse unsafe configuration.

Each case runs in a fresh interpreter: a settings module is executed once per process.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def prod_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key in ("PATH", "HOME", "LANG", "LC_ALL", "VIRTUAL_ENV", "PYTHONPATH")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SECRET_KEY=secrets.token_urlsafe(64),
        DATABASE_URL="postgres://awal:secret@db.internal:5432/awal",
        REDIS_URL="redis://cache.internal:6379/0",
        ALLOWED_HOSTS=".repairs.example,.shops.example",
        PUBLIC_DOMAIN="console.repairs.example",
        AWAL_VAR_DIR=str(tmp_path),
        EMAIL_BACKEND="smtp",
        PYTHONWARNINGS="error",
    )
    env.update(overrides)
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def start_django(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run(["-c", "import django; django.setup()"], env)


def test_deploy_check_passes_without_any_warning(tmp_path):
    # when
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], prod_env(tmp_path))

    # then
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_deploy_check_would_catch_an_insecure_setting(tmp_path):
    # given: the same environment with HSTS switched off
    env = prod_env(tmp_path, SECURE_HSTS_SECONDS="0")

    # when
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)

    # then
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout


def test_prod_settings_enforce_https_and_secure_cookies(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SITE_SCHEME, s.CELERY_TASK_ALWAYS_EAGER, s.ALLOWED_HOSTS)"
    )

    result = run(["-c", code], prod_env(tmp_path, DEBUG="1", SITE_SCHEME="http"))

    assert result.returncode == 0, result.stderr
    assert result.stdout.split(" ", 6) == [
        "False", "True", "True", "True", "https", "False",
        "['.repairs.example', '.shops.example']\n",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "secret_key",
    [
        None,  # unset: base settings fall back to the development key
        "dev-only-insecure-key-change-me-in-production-0123456789",
        "too-short-but-random-Zx81",
    ],
)
def test_prod_settings_refuse_a_development_or_weak_secret_key(tmp_path, secret_key):
    env = prod_env(tmp_path)
    if secret_key is None:
        del env["SECRET_KEY"]
    else:
        env["SECRET_KEY"] = secret_key

    result = start_django(env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr


def test_prod_settings_refuse_to_start_without_redis(tmp_path):
    env = prod_env(tmp_path)
    del env["REDIS_URL"]

    result = start_django(env)

    assert result.returncode != 0
    assert "ImproperlyConfigured: REDIS_URL must be set" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "mysql://root@db/awal"),
        ("SITE_PORT", "eighty"),
        ("SECURE_SSL_REDIRECT", "perhaps"),
        ("REDIS_URL", "http://cache.internal:6379"),
        ("SITE_SCHEME", "ftp"),
    ],
)
def test_a_bad_environment_value_stops_start_up_naming_the_variable(tmp_path, variable, value):
    result = start_django(prod_env(tmp_path, **{variable: value}))

    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: " + variable)


def test_the_demo_payment_page_is_refused_beside_a_live_stripe_key(tmp_path):
    code = "import django; django.setup()"
    live = {"STRIPE_SECRET_KEY": "sk_live_" + "x" * 24}

    refused = run(["-c", code], prod_env(tmp_path, PAYMENTS_DUMMY_ENABLED="1", **live))
    allowed = run(["-c", code], prod_env(tmp_path, **live))

    assert refused.returncode != 0 and "PAYMENTS_DUMMY_ENABLED" in refused.stderr
    assert allowed.returncode == 0, allowed.stderr
