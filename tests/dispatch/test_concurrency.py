"""Concurrent accepts from separate database connections: exactly one winner, the others a 409.

Every step runs on a connection of its own (a thread), outside the test's transaction, so its
writes are committed and seen by the others; the rows are deleted at the end. The test does not
use django_db(transaction=True): that flush at teardown truncates every public table, the
session's tenants included.
"""

import threading

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
from tests.dispatch.conftest import NOW, job_fields, make_repairer
from tests.threads import on_own_connection

pytestmark = pytest.mark.django_db


def broadcast_job_to_three():
    had_settings = DispatchSettings.objects.filter(pk=1).exists()
    settings = DispatchSettings.current()
    previous_size, settings.broadcast_size = settings.broadcast_size, 3
    settings.save()
    repairers = [make_repairer("Racer") for _ in range(3)]
    job = create_job(Tenant.objects.get(slug="alpha"), **job_fields(), now=NOW)
    if had_settings:
        settings.broadcast_size = previous_size
        settings.save()
    else:
        settings.delete()
    return job, repairers


def outcome_rows(job):
    job = Job.objects.get(pk=job.pk)
    offers = dict(JobOffer.objects.filter(job=job).values_list("repairer_id", "status"))
    loads = dict(Repairer.objects.filter(pk__in=offers).values_list("pk", "active_jobs"))
    return job, offers, loads, job.events.filter(kind="accepted").count()


def remove(job, repairers):
    with tenant_context(job.tenant):
        JobUpdate.objects.filter(job_uid=job.uid).delete()
    connection.set_schema_to_public()
    Job.objects.filter(pk=job.pk).delete()  # offers and events go with it
    Repairer.objects.filter(pk__in=[repairer.pk for repairer in repairers]).delete()


def test_concurrent_accepts_give_exactly_one_winner():
    # given a job broadcast to three repairers, committed
    job, repairers = on_own_connection(broadcast_job_to_three)
    try:
        offers = on_own_connection(lambda: list(JobOffer.objects.filter(job=job)
                                                .select_related("repairer")))
        assert len(offers) == 3

        # when the three accept at the same moment, each on its own connection
        start = threading.Barrier(len(offers))
        outcomes: dict[int, str] = {}

        def accept(offer):
            try:
                start.wait()
                accept_offer(offer.pk, offer.repairer, now=NOW)
                outcomes[offer.repairer_id] = "won"
            except OfferUnavailable as error:
                outcomes[offer.repairer_id] = str(error.status)
            except Exception as error:  # noqa: BLE001 - shown by the assertion below
                outcomes[offer.repairer_id] = repr(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=accept, args=(offer,)) for offer in offers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        # then exactly one wins, the others get a 409, and the rows agree
        assert sorted(outcomes.values()) == ["409", "409", "won"]
        [winner] = [repairer for repairer, outcome in outcomes.items() if outcome == "won"]
        job_row, offer_statuses, loads, accepted_events = on_own_connection(outcome_rows, job)
        assert (job_row.status, job_row.repairer_id) == (JobStatus.ACCEPTED, winner)
        assert offer_statuses == {repairer: OfferStatus.ACCEPTED if repairer == winner
                                  else OfferStatus.WITHDRAWN for repairer in outcomes}
        assert loads == {repairer: int(repairer == winner) for repairer in outcomes}
        assert accepted_events == 1
    finally:
        on_own_connection(remove, job, repairers)
