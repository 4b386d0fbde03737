"""Racing answers on committed rows, each on its own connection (see tests/threads.py)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenant_apps.catalog.models import DeviceCategory
from tenant_apps.customers.models import Customer
from tenant_apps.repairs.actions import create_repair_order
from tenant_apps.repairs.device_actions import DeviceDetails, register_device
from tenant_apps.repairs.errors import RepairError
from tenant_apps.repairs.models import Device, Quote, QuoteEvent, RepairCounter, RepairOrder
from tenant_apps.repairs.quote_actions import accept_quote, decline_quote, expire_quotes
from tests.threads import on_own_connection

from .helpers import at_status, sent_quote

pytestmark = pytest.mark.django_db
EMAIL = "racer@concurrency.test"


def committed_quote(tenant):
    with tenant_context(tenant):
        phones = DeviceCategory.objects.create(name="Race", slug="race-phones")
        customer = Customer.objects.create(guest_email=EMAIL, guest_name="Racer")
        device = register_device(customer, DeviceDetails(category_id=phones.pk))
        repair = create_repair_order(device, path="diagnosis", fault_description="Dead")
        # overdue since yesterday's run would have missed it: expiry and answers race
        return sent_quote(at_status(repair, "diagnosing"),
                          today=timezone.localdate() - timedelta(days=30))


def remove(tenant):
    with tenant_context(tenant):
        RepairOrder.objects.filter(customer__guest_email=EMAIL).delete()
        Device.objects.filter(customer__guest_email=EMAIL).delete()
        Customer.objects.filter(guest_email=EMAIL).delete()
        DeviceCategory.objects.filter(slug="race-phones").delete()
        # give back the one number taken, so numbering tests still start at 1
        RepairCounter.objects.filter(pk=1).update(last_number=F("last_number") - 1)


def test_accept_decline_and_expiry_race_to_one_outcome(tenant_a):
    quote = on_own_connection(committed_quote, tenant_a)
    try:
        start = threading.Barrier(3)
        outcomes: dict[str, str] = {}
        actions = {
            "accept": lambda: accept_quote(quote, actor_email=EMAIL),
            "decline": lambda: decline_quote(quote, actor_email=EMAIL),
            "expire": lambda: expire_quotes(today=timezone.localdate() + timedelta(days=1)),
        }

        def run(name):
            try:
                with tenant_context(tenant_a):
                    start.wait()
                    result = actions[name]()
                outcomes[name] = "nothing" if result == 0 else "done"
            except RepairError as error:
                outcomes[name] = error.code
            except Exception as error:  # noqa: BLE001 - shown by the assertion below
                outcomes[name] = repr(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=run, args=(name,)) for name in actions]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        def final():
            with tenant_context(tenant_a):
                row = Quote.objects.get(pk=quote.pk)
                answers = QuoteEvent.objects.filter(quote=row).exclude(
                    to_status__in=("draft", "sent")).count()
                return row.status, answers, RepairOrder.objects.get(pk=row.repair_order_id).status

        status, answers, repair_status = on_own_connection(final)
        # exactly one of them changed the quote; the others were refused or found nothing
        assert list(outcomes.values()).count("done") == 1, outcomes
        assert answers == 1
        winner = next(name for name, outcome in outcomes.items() if outcome == "done")
        assert status == {"accept": "accepted", "decline": "declined",
                          "expire": "expired"}[winner]
        assert repair_status == {"accept": "awaiting_quote_payment", "decline": "returning",
                                 "expire": "quote_sent"}[winner]
    finally:
        on_own_connection(remove, tenant_a)
