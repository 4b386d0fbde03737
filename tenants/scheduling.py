"""The one way to send a Celery task from request or action code (TENANCY.md 2).

``schedule_on_commit`` captures the schema active *now*, when the callback is registered, and sends
the task with that schema in its headers once the transaction commits. A schema read at commit time
would be whatever the connection happens to be in then.
"""

from typing import Any

from celery import Task
from django.db import transaction

from .context import current_schema


def schedule_on_commit(task: Task, *args: Any, **kwargs: Any) -> None:
    schema = current_schema()

    def _send() -> None:
        task.apply_async(args=args, kwargs=kwargs, headers={"_schema_name": schema})

    transaction.on_commit(_send)


def assert_tenant(tenant_id: int) -> None:
    """Tasks that act for a tenant take its id and fail closed when run in another schema."""
    from django_tenants.utils import get_tenant_model

    schema = current_schema()
    owner = get_tenant_model().objects.filter(pk=tenant_id).values_list("schema_name", flat=True)
    if schema == "public" or owner.first() != schema:
        raise RuntimeError(
            f"Task for tenant {tenant_id} is running in schema {current_schema()!r}."
        )
