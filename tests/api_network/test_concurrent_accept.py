"""Twenty repairers' clicks at the same moment on one broadcast job: exactly one wins.

The threads need committed rows, so the setup and the clean-up run in threads of their own (each
thread has its own connection, in autocommit). ``django_db(transaction=True)`` would commit too,
but it ends with a flush that truncates every public table, the session's two tenants included,
and limiting that flush with ``available_apps`` breaks django-tenants' signals.
"""

import threading
import uuid

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from shared_apps.dispatch.actions import accept_offer, create_job
from shared_apps.dispatch.errors import OfferUnavailable
from shared_apps.dispatch.models import DispatchSettings, Job, JobOffer
from shared_apps.dispatch.state import JobStatus, OfferStatus
from shared_apps.repairers.models import Repairer
from tenant_apps.network.models import JobUpdate
from tenants.models import Tenant
from tests.threads import on_own_connection

from .conftest import make_repairer

pytestmark = pytest.mark.django_db

CLICKS = 20
BROADCAST = 5
CATEGORY = "race-phone"


def _build_broadcast_job() -> tuple[Job, list[int], int]:
    settings = DispatchSettings.current()
    previous_size = settings.broadcast_size
    settings.broadcast_size = BROADCAST
    settings.save(update_fields=["broadcast_size"])
    repairers = [
        make_repairer(f"Racer{index}", "13", category=CATEGORY) for index in range(BROADCAST)
    ]
    job = create_job(
        Tenant.objects.get(slug="alpha"),
        category=CATEGORY,
        order_reference=f"RACE-{uuid.uuid4().hex[:8]}",
        fault_summary="Water damage",
        postal_code="13001",
    )
    return job, [repairer.pk for repairer in repairers], previous_size


def _clean_up(job: Job, repairer_ids: list[int], previous_size: int) -> None:
    Job.objects.filter(pk=job.pk).delete()
    Repairer.objects.filter(pk__in=repairer_ids).delete()
    DispatchSettings.objects.filter(pk=1).update(broadcast_size=previous_size)
    with tenant_context(Tenant.objects.get(slug="alpha")):
        JobUpdate.objects.filter(job_uid=job.uid).delete()


@pytest.fixture
def broadcast_job():
    job, repairer_ids, previous_size = on_own_connection(_build_broadcast_job)
    try:
        yield job
    finally:
        on_own_connection(_clean_up, job, repairer_ids, previous_size)


def _click_all_at_once(offers: list[JobOffer]) -> list[object]:
    start = threading.Barrier(CLICKS)
    results: list[object] = [None] * CLICKS

    def click(index: int) -> None:
        offer = offers[index % len(offers)]
        try:
            start.wait()
            results[index] = accept_offer(offer.pk, offer.repairer)
        except Exception as error:  # noqa: BLE001  (every outcome is asserted below)
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(index,)) for index in range(CLICKS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_concurrent_accepts_of_a_broadcast_job_have_exactly_one_winner(broadcast_job):
    offers = list(JobOffer.objects.filter(job=broadcast_job).select_related("repairer"))
    assert len(offers) == BROADCAST

    results = _click_all_at_once(offers)

    winners = [result for result in results if isinstance(result, Job)]
    losers = [result for result in results if isinstance(result, OfferUnavailable)]
    assert len(winners) == 1, results
    assert len(losers) == CLICKS - 1, results
    job = Job.objects.get(pk=broadcast_job.pk)
    assert (job.status, job.repairer_id) == (JobStatus.ACCEPTED, winners[0].repairer_id)
    statuses = sorted(JobOffer.objects.filter(job=job).values_list("status", flat=True))
    assert statuses == sorted([OfferStatus.ACCEPTED] + [OfferStatus.WITHDRAWN] * (BROADCAST - 1))
    assert Repairer.objects.get(pk=job.repairer_id).active_jobs == 1
    with tenant_context(job.tenant):
        assert list(JobUpdate.objects.filter(job_uid=job.uid).values_list("kind", flat=True)) == [
            "accepted"
        ]
