"""The one action that brings a tenant's repair order into the network validates what it gets."""

import pytest

from shared_apps.dispatch.actions import create_job
from shared_apps.dispatch.errors import DispatchError
from shared_apps.dispatch.models import Job, JobEvent
from shared_apps.dispatch.state import JobStatus
from tests.dispatch.conftest import NOW, customer, job_fields, make_repairer, submit_job

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("changes", "extra_customer", "field", "code"), [
    ({}, {"customer_iban": "FR76..."}, "customer.customer_iban", "unknown_field"),
    ({"category": ""}, {}, "category", "invalid_job"),
    ({"category": "   "}, {}, "category", "invalid_job"),
    ({"category": "phone/tablet"}, {}, "category", "invalid_job"),
    ({"postal_code": ""}, {}, "postal_code", "invalid_job"),
    ({"postal_code": "75-011!"}, {}, "postal_code", "invalid_job"),
    ({"postal_code": "7"}, {}, "postal_code", "invalid_job"),
    ({"postal_code": "75011750117501"}, {}, "postal_code", "invalid_job"),
    ({"order_reference": ""}, {}, "order_reference", "invalid_job"),
    ({"fault_summary": ""}, {}, "fault_summary", "invalid_job"),
    ({}, {"customer_email": "not-an-email"}, "customer_email", "invalid_job"),
])
def test_invalid_jobs_are_refused_with_the_field(tenant_a, changes, extra_customer, field, code):
    make_repairer()
    fields = job_fields(**changes)
    with pytest.raises(DispatchError) as raised:
        create_job(tenant_a, **fields, customer=customer(**extra_customer), now=NOW)
    assert (raised.value.field, raised.value.code, raised.value.status) == (field, code, 400)
    assert not Job.objects.exists()


def test_a_duplicate_order_reference_is_refused(tenant_a, tenant_b):
    make_repairer()
    first = submit_job(tenant_a, order_reference="RO-1")

    with pytest.raises(DispatchError) as raised:
        submit_job(tenant_a, order_reference=" RO-1 ")

    assert (raised.value.field, raised.value.code, raised.value.status) == (
        "order_reference", "job_exists", 409)
    assert list(Job.objects.filter(tenant=tenant_a)) == [first]
    # Another tenant may use the same reference for its own order.
    assert submit_job(tenant_b, order_reference="RO-1").tenant == tenant_b


def test_a_valid_job_is_normalised_recorded_and_routed(tenant_a):
    repairer = make_repairer(skills=[("washing-machine", "bosch")], prefixes=["2A"])
    job = submit_job(tenant_a, category=" Washing machine ", brand="BOSCH",
                     postal_code="2a 004")
    assert (job.category, job.brand, job.postal_code) == ("washing-machine", "bosch", "2A004")
    assert job.status == JobStatus.OFFERED
    assert [offer.repairer_id for offer in job.offers.all()] == [repairer.pk]
    assert list(JobEvent.objects.filter(job=job).values_list("kind", flat=True)) == [
        "created", "offered"]
