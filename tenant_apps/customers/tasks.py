"""Celery tasks of the customers app: thin, tenant-checked, idempotent."""

from celery import shared_task

from tenants.scheduling import assert_tenant

from . import vies
from .actions import needs_vies_check, record_vies_result
from .vat import VatNumber

VIES_RETRY_SECONDS = 15 * 60
VIES_MAX_RETRIES = 48  # half a day of outages, then staff see "pending" and can override


@shared_task(bind=True, max_retries=VIES_MAX_RETRIES, default_retry_delay=VIES_RETRY_SECONDS)
def check_vat_number(self, tenant_id: int, customer_id: int, vat_number: str) -> str:  # type: ignore[no-untyped-def]
    """Look ``vat_number`` up in VIES for the customer; retry later while VIES is unavailable."""
    assert_tenant(tenant_id)
    if not needs_vies_check(customer_id, vat_number):
        return "skipped"
    number = VatNumber(vat_number)
    result = vies.check_vat(number.prefix, number.local_part)
    if result == vies.ViesResult.UNAVAILABLE:
        if self.request.is_eager:
            # Run in-process (no broker, as in development): no worker would deliver a retry,
            # and raising would fail the request that saved the number. It stays pending.
            return "pending"
        raise self.retry()
    record_vies_result(customer_id, vat_number, result)
    return result.value
