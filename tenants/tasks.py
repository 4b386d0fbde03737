from celery import shared_task

from .context import current_schema
from .mail import render_branded_email
from .scheduling import assert_tenant


@shared_task(bind=True, max_retries=5, default_retry_delay=30)
def deliver_branded_email(  # type: ignore[no-untyped-def]
    self, template: str, to: str, context: dict[str, str], tenant_id: int | None = None
) -> str:
    """Render and send one e-mail in the schema the task was scheduled from."""
    if tenant_id is not None:
        assert_tenant(tenant_id)
    message = render_branded_email(template, context)
    message.to = [to]
    try:
        message.send()
    except OSError as error:
        raise self.retry(exc=error) from error
    return current_schema()
