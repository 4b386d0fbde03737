"""Tests: real PostgreSQL (and Redis when REDIS_URL is set); e-mails kept in memory."""

import os

os.environ.setdefault("SITE_SCHEME", "http")
os.environ.setdefault("SITE_PORT", "0")
os.environ["EMAIL_BACKEND"] = "locmem"
os.environ["SMS_BACKEND"] = "locmem"
os.environ.setdefault("AWAL_VAR_DIR", "/tmp/awal-test-var")  # noqa: S108 (throwaway test files)

from config import env  # noqa: E402

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; argon2 is tested apart
TENANT_ROUTING_CACHE_SECONDS = 60

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  (whitenoise warns on a missing root)

# Tasks run in-process in tests (a dedicated test starts a real worker against Redis).
CELERY_TASK_ALWAYS_EAGER = env.get_bool("CELERY_TASK_ALWAYS_EAGER", True)
