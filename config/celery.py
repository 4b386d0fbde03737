"""Celery through tenant-schemas-celery: each message carries the schema it was sent from."""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = CeleryApp("awal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
