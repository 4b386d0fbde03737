"""The one door from the network back into a tenant (N5).

Job events enter the owning tenant's schema here and nowhere else: the tenant records the update
(and, when the customer should know, e-mails them under the tenant's brand).
"""

from django_tenants.utils import tenant_context

from .models import Job


def relay_to_tenant(job: Job, kind: str) -> None:
    from tenant_apps.network.actions import record_job_update

    with tenant_context(job.tenant):
        record_job_update(
            job_uid=str(job.uid), order_reference=job.order_reference, kind=kind,
            repairer_name=job.repairer.name if job.repairer_id and job.repairer else "",
            quote_amount=job.quote_amount, quote_note=job.quote_note,
            customer_email=job.customer_email,
        )
