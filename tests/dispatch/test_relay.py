"""Events flow back only into the owning tenant, and its customer hears of them under its brand."""

from decimal import Decimal

import pytest
from django.core import mail
from django_tenants.utils import tenant_context

from shared_apps.dispatch.actions import report_progress
from shared_apps.dispatch.state import JobStatus
from tenant_apps.network.models import JobUpdate
from tenants.models import LabelMode
from tests.dispatch.conftest import NOW, make_job, make_repairer

pytestmark = pytest.mark.django_db

# The status a job is in just before each progress step.
BEFORE = {
    JobStatus.RECEIVED: JobStatus.ACCEPTED,
    JobStatus.DIAGNOSED: JobStatus.RECEIVED,
    JobStatus.REPAIRING: JobStatus.DIAGNOSED,
    JobStatus.REPAIRED: JobStatus.REPAIRING,
    JobStatus.SHIPPED_BACK: JobStatus.REPAIRED,
}


@pytest.mark.parametrize("owner", ["a", "b"])
@pytest.mark.parametrize("status", list(BEFORE))
def test_progress_reaches_only_the_owning_tenant(tenant_a, tenant_b, owner, status,
                                                 django_capture_on_commit_callbacks):
    tenants = {"a": tenant_a, "b": tenant_b}
    tenant, other = tenants[owner], tenants["b" if owner == "a" else "a"]
    repairer = make_repairer()
    job = make_job(tenant, status=BEFORE[status], repairer=repairer,
                   customer_email="customer@example.com")
    quote = Decimal("75.50") if status == JobStatus.DIAGNOSED else None
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        report_progress(job, repairer, status, quote_amount=quote, now=NOW)

    with tenant_context(tenant):
        [update] = JobUpdate.objects.filter(job_uid=job.uid)
        assert (update.kind, update.order_reference, update.customer_notified) == (
            status, job.order_reference, True)
        assert update.quote_amount == quote
    with tenant_context(other):
        assert not JobUpdate.objects.filter(job_uid=job.uid).exists()
    [message] = mail.outbox
    assert message.to == ["customer@example.com"]
    text = " ".join([message.subject, message.body, message.alternatives[0][0]])
    assert job.order_reference in text
    assert tenant.brand.display_name in text
    assert other.brand.display_name not in text
    if tenant.label_mode == LabelMode.WHITE:
        assert "awal" not in text.lower()
    if status == JobStatus.DIAGNOSED:
        assert "75.50" in text


def test_no_customer_email_no_message(tenant_a, django_capture_on_commit_callbacks):
    repairer = make_repairer()
    job = make_job(tenant_a, status=JobStatus.ACCEPTED, repairer=repairer, customer_email="")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report_progress(job, repairer, JobStatus.RECEIVED, now=NOW)
    assert mail.outbox == []
    with tenant_context(tenant_a):
        assert JobUpdate.objects.get(job_uid=job.uid).customer_notified is False
