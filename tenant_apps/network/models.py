"""A tenant's record of what the repairer network did with the jobs it sent."""

from django.db import models


class JobUpdate(models.Model):
    """One step of a job, as seen by the tenant. Repair orders read their network status here."""

    job_uid = models.UUIDField(db_index=True)
    order_reference = models.CharField(max_length=64, db_index=True)
    kind = models.CharField(max_length=30)
    repairer_name = models.CharField(max_length=160, blank=True)
    quote_amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    quote_note = models.TextField(blank=True)
    customer_email = models.EmailField(blank=True, db_index=True)
    customer_notified = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.order_reference}: {self.kind}"
