"""The VIES look-up: the client's reading of answers, and the task that stores them."""

import io
import json
import urllib.error

import pytest
from celery.exceptions import Retry
from django.db import connection
from django_tenants.utils import tenant_context

from tenant_apps.customers import vies
from tenant_apps.customers.actions import CustomerDetails, update_customer_details
from tenant_apps.customers.models import Customer, CustomerEvent
from tenant_apps.customers.tasks import check_vat_number
from tenant_apps.customers.vat import CustomerKind, VatNumberStatus

from .helpers import FakeVies, make_customer, make_professional

pytestmark = pytest.mark.django_db

VALID, INVALID, UNAVAILABLE = vies.ViesResult


# --- The client ------------------------------------------------------------------------------

class _Reply(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.mark.parametrize(("payload", "expected"), [
    ({"isValid": True, "userError": "VALID"}, VALID),
    ({"isValid": False, "userError": "INVALID"}, INVALID),
    ({"isValid": False, "userError": "MS_UNAVAILABLE"}, UNAVAILABLE),
    ({"isValid": False, "userError": "TIMEOUT"}, UNAVAILABLE),
    ({"isValid": False, "userError": "GLOBAL_MAX_CONCURRENT_REQ"}, UNAVAILABLE),
    ({"unexpected": 1}, UNAVAILABLE),
    ([], UNAVAILABLE),
])
def test_client_reads_vies_answers(monkeypatch, payload, expected):
    asked = []

    def fake_urlopen(request, timeout):
        asked.append((request.full_url, timeout))
        return _Reply(json.dumps(payload).encode())

    monkeypatch.setattr(vies.urllib.request, "urlopen", fake_urlopen)

    assert vies.check_vat("FR", "40303265045") == expected
    assert asked == [(
        "https://ec.europa.eu/taxation_customs/vies/rest-api/ms/FR/vat/40303265045",
        vies.VIES_TIMEOUT_SECONDS,
    )]


@pytest.mark.parametrize("failure", [
    urllib.error.URLError("no route"), TimeoutError("slow"), ConnectionResetError(),
    urllib.error.HTTPError("https://vies", 503, "down", None, None),  # type: ignore[arg-type]
])
def test_network_errors_and_timeouts_are_unavailable(monkeypatch, failure):
    def fake_urlopen(request, timeout):
        raise failure

    monkeypatch.setattr(vies.urllib.request, "urlopen", fake_urlopen)

    assert vies.check_vat("DE", "136695976") == UNAVAILABLE


def test_a_garbled_reply_is_unavailable(monkeypatch):
    monkeypatch.setattr(vies.urllib.request, "urlopen", lambda request, timeout: _Reply(b"<html"))
    assert vies.check_vat("DE", "136695976") == UNAVAILABLE


# --- The task --------------------------------------------------------------------------------

def _run(tenant, customer, *, schema=None):
    return check_vat_number.apply(
        args=(tenant.pk, customer.pk, customer.vat_number),
        headers={"_schema_name": schema or tenant.schema_name},
    )


def _reload(tenant, customer) -> Customer:
    with tenant_context(tenant):
        return Customer.objects.get(pk=customer.pk)


@pytest.mark.parametrize(("answer", "status"), [
    (VALID, VatNumberStatus.VALID), (INVALID, VatNumberStatus.INVALID),
])
def test_task_stores_what_vies_says(monkeypatch, tenant_a, answer, status):
    fake = FakeVies(answer)
    monkeypatch.setattr(vies, "check_vat", fake)
    customer = make_professional(tenant_a, "pro@alpha.test")

    result = _run(tenant_a, customer)

    assert result.get() == answer.value
    assert fake.calls == [("DE", "136695976")]
    stored = _reload(tenant_a, customer)
    assert stored.vat_number_status == status
    assert stored.vat_number_checked_at is not None


def test_outage_keeps_the_number_pending_and_asks_for_a_retry(monkeypatch, tenant_a):
    fake = FakeVies(UNAVAILABLE, VALID)
    monkeypatch.setattr(vies, "check_vat", fake)
    customer = make_professional(tenant_a, "pro@alpha.test")

    # Called as a worker calls it (not eagerly): an outage asks Celery for a retry.
    with tenant_context(tenant_a), pytest.raises(Retry):
        check_vat_number(tenant_a.pk, customer.pk, customer.vat_number)
    pending = _reload(tenant_a, customer).vat_number_status
    retried = _run(tenant_a, customer)

    assert pending == VatNumberStatus.PENDING
    assert retried.get() == "valid"
    assert len(fake.calls) == 2
    assert _reload(tenant_a, customer).vat_number_status == VatNumberStatus.VALID


def test_outage_while_running_in_process_leaves_pending_without_failing(
    monkeypatch, tenant_a, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(vies, "check_vat", FakeVies(UNAVAILABLE))
    customer = make_customer(tenant_a, "pro@alpha.test")

    with django_capture_on_commit_callbacks(execute=True), tenant_context(tenant_a):
        update_customer_details(customer, CustomerDetails(
            kind=CustomerKind.PROFESSIONAL, company_name="Pro GmbH", billing_country="DE",
            vat_number="DE136695976"), actor=None)

    stored = _reload(tenant_a, customer)
    assert stored.vat_number_status == VatNumberStatus.PENDING
    assert stored.vat_status == "national"


def test_running_twice_changes_once(monkeypatch, tenant_a):
    fake = FakeVies(VALID)
    monkeypatch.setattr(vies, "check_vat", fake)
    customer = make_professional(tenant_a, "pro@alpha.test")

    first, second = _run(tenant_a, customer), _run(tenant_a, customer)

    assert (first.get(), second.get()) == ("valid", "skipped")
    assert len(fake.calls) == 1
    with tenant_context(tenant_a):
        checks = CustomerEvent.objects.filter(customer_id=customer.pk,
                                              kind=CustomerEvent.Kind.VAT_NUMBER_CHECKED)
        assert checks.count() == 1


def test_an_answer_for_a_replaced_number_is_dropped(monkeypatch, tenant_a):
    monkeypatch.setattr(vies, "check_vat", FakeVies(INVALID))
    customer = make_professional(tenant_a, "pro@alpha.test")
    stale_number = customer.vat_number
    with tenant_context(tenant_a):
        Customer.objects.filter(pk=customer.pk).update(vat_number="DE129273398")

    result = check_vat_number.apply(args=(tenant_a.pk, customer.pk, stale_number),
                                    headers={"_schema_name": tenant_a.schema_name})

    assert result.get() == "skipped"
    assert _reload(tenant_a, customer).vat_number_status == VatNumberStatus.PENDING


def test_task_queued_by_an_update_in_a_runs_in_a(
    monkeypatch, tenant_a, tenant_b, django_capture_on_commit_callbacks
):
    fake = FakeVies(VALID)
    monkeypatch.setattr(vies, "check_vat", fake)
    customer = make_customer(tenant_a, "pro@alpha.test")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with tenant_context(tenant_a):
            update_customer_details(customer, CustomerDetails(
                kind=CustomerKind.PROFESSIONAL, company_name="Pro GmbH", billing_country="de",
                vat_number="de 136 695 976"), actor=None)
        connection.set_tenant(tenant_b)  # the commit happens while B is active

    assert len(callbacks) == 1
    assert fake.calls == [("DE", "136695976")]
    stored = _reload(tenant_a, customer)
    assert stored.vat_number == "DE136695976"
    assert stored.vat_number_status == VatNumberStatus.VALID
    assert stored.vat_status == "intra_eu"


def test_task_for_a_run_in_b_fails_closed(monkeypatch, tenant_a, tenant_b):
    fake = FakeVies(VALID)
    monkeypatch.setattr(vies, "check_vat", fake)
    customer = make_professional(tenant_a, "pro@alpha.test")

    with pytest.raises(RuntimeError, match=str(tenant_a.pk)):
        _run(tenant_a, customer, schema=tenant_b.schema_name)

    assert fake.calls == []
    assert _reload(tenant_a, customer).vat_number_status == VatNumberStatus.PENDING
