"""The customer hears of their repair: one branded e-mail per status they care about (and a text
when we know their phone), after commit, in their tenant's brand only; staff-only moves and
rolled-back moves tell nobody."""

import re

import pytest
from django.core import mail
from django.db import transaction
from django_tenants.utils import tenant_context

from tenant_apps.customers.models import Address
from tenant_apps.repairs import notifications
from tenant_apps.repairs.actions import transition_repair_order
from tenant_apps.repairs.errors import InvalidRepairTransition
from tenant_apps.repairs.models import RepairOrder
from tenant_apps.repairs.quote_actions import accept_quote
from tenants import sms

from .helpers import STAFF_EMAIL, at_status, new_repair, sent_quote

pytestmark = pytest.mark.django_db

PLATFORM = re.compile("awal", re.IGNORECASE)


@pytest.fixture(autouse=True)
def wired(settings):
    """The receiver connected (RepairsConfig.ready connects it for good; a test that cuts it off
    gets it back)."""
    settings.SMS_BACKEND = "locmem"
    notifications.connect()
    mail.outbox.clear()
    sms.outbox.clear()
    yield
    notifications.connect()
    sms.outbox.clear()


def _text(message) -> str:
    return "\n".join([message.subject, message.body, message.from_email,
                      *(content for content, _ in message.alternatives)])


def _move(tenant, path: str, source: str, target: str, capture) -> RepairOrder:
    with tenant_context(tenant):
        repair = at_status(new_repair(path), source)
        repair.customer.email  # noqa: B018 (read in the schema, for the test's asserts)
    mail.outbox.clear()
    with capture(execute=True), tenant_context(tenant):
        transition_repair_order(repair, target, actor_email=STAFF_EMAIL)
    return repair


NOTIFIED_MOVES = [
    ("package", "awaiting_payment", "awaiting_device"),
    ("diagnosis", "awaiting_device", "received"),
    ("package", "received", "repairing"),
    ("package", "repairing", "repaired"),
    ("package", "shipped_back", "completed"),
    ("diagnosis", "returning", "closed"),
    ("diagnosis", "awaiting_device", "cancelled"),
    ("on_site", "awaiting_payment", "visit_scheduled"),
    ("on_site", "repaired", "completed"),
]


@pytest.mark.parametrize(("path", "source", "target"), NOTIFIED_MOVES)
def test_one_branded_email_per_notified_move(tenant_a, tenant_b, path, source, target,
                                             django_capture_on_commit_callbacks):
    repair = _move(tenant_a, path, source, target, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    text = _text(message)
    assert message.to == [repair.customer.guest_email]
    assert message.subject.startswith("Alpha Phones: ") and repair.reference in message.subject
    assert notifications.MESSAGES[target].headline in message.subject
    assert "#aa0000" in message.alternatives[0][0]  # tenant A's colour
    assert "http://alpha.localhost/" in message.body  # the timeline link, on A's domain
    assert "Beta" not in text and "beta.localhost" not in text
    assert not PLATFORM.search(text), text


@pytest.mark.parametrize(("path", "source", "target"), [
    ("diagnosis", "received", "diagnosing"),
    ("on_site", "visit_scheduled", "visited"),
])
def test_staff_only_moves_send_nothing(tenant_a, path, source, target,
                                       django_capture_on_commit_callbacks):
    _move(tenant_a, path, source, target, django_capture_on_commit_callbacks)
    assert mail.outbox == [] and sms.outbox == []


def test_an_accepted_quote_awaiting_payment_sends_nothing(tenant_a,
                                                          django_capture_on_commit_callbacks):
    with tenant_context(tenant_a):
        repair = at_status(new_repair("diagnosis"), "diagnosing")
        quote = sent_quote(repair)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), tenant_context(tenant_a):
        accept_quote(quote, actor_email="customer@example.test")
    assert mail.outbox == []


def test_a_sent_quote_links_to_it_with_its_total(tenant_a, django_capture_on_commit_callbacks):
    with tenant_context(tenant_a):
        repair = at_status(new_repair("diagnosis"), "diagnosing")
    with django_capture_on_commit_callbacks(execute=True), tenant_context(tenant_a):
        quote = sent_quote(repair)
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "your quote is ready" in mail.outbox[0].subject
    assert f"{quote.total_gross} EUR" in body and "#quote-1" in body


def test_the_visit_email_names_the_address_and_slots(tenant_a,
                                                     django_capture_on_commit_callbacks):
    _move(tenant_a, "on_site", "awaiting_payment", "visit_scheduled",
          django_capture_on_commit_callbacks)
    body = mail.outbox[0].body
    assert "3 rue des Lilas, 69003 Lyon" in body and "(morning)" in body


def test_awaiting_device_links_to_the_return_label(tenant_a,
                                                   django_capture_on_commit_callbacks):
    from tenant_apps.logistics.repair_shipping import create_repair_shipment

    with tenant_context(tenant_a):
        repair = new_repair("package")
    # as the payment does: the move, then the label, in one transaction
    with django_capture_on_commit_callbacks(execute=True), tenant_context(tenant_a), \
            transaction.atomic():
        transition_repair_order(repair, "awaiting_device", actor_email="payments")
        shipment = create_repair_shipment(repair, leg="to_repair_centre",
                                          actor_email="payments")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert f"http://alpha.localhost/shipping/{shipment.pk}/label.pdf" in body
    assert shipment.tracking_number in body


def test_shipped_back_carries_the_tracking_number(tenant_a,
                                                  django_capture_on_commit_callbacks):
    from tenant_apps.logistics.repair_shipping import create_repair_shipment

    with tenant_context(tenant_a):
        repair = at_status(new_repair("package"), "repaired")
    with django_capture_on_commit_callbacks(execute=True), tenant_context(tenant_a):
        shipment = create_repair_shipment(repair, leg="from_repair_centre",
                                          actor_email=STAFF_EMAIL)
    assert [message.subject.split(": ", 1)[1] for message in mail.outbox] == [
        f"your device is on its way back ({repair.reference})"]
    assert shipment.tracking_number in mail.outbox[0].body


def test_a_text_goes_to_the_default_delivery_phone(tenant_a,
                                                   django_capture_on_commit_callbacks):
    with tenant_context(tenant_a):
        repair = at_status(new_repair("package"), "repairing")
        Address.objects.create(customer=repair.customer, street="1 rue A", postal_code="75001",
                               city="Paris", phone="06 12 34 56 78", is_default_delivery=True)
    with django_capture_on_commit_callbacks(execute=True), tenant_context(tenant_a):
        transition_repair_order(repair, "repaired", actor_email=STAFF_EMAIL)
    assert len(mail.outbox) == 1 and len(sms.outbox) == 1
    text = sms.outbox[0]
    assert text.to == "0612345678" and text.sender == "Alpha Phone"
    assert text.text.startswith(f"Alpha Phones: your device is repaired ({repair.reference})")
    assert "http://alpha.localhost/" in text.text and "Beta" not in text.text


def test_no_text_without_a_phone(tenant_a, django_capture_on_commit_callbacks):
    _move(tenant_a, "package", "repairing", "repaired", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1 and sms.outbox == []


def test_nothing_is_sent_when_the_move_rolls_back(tenant_a, django_capture_on_commit_callbacks):
    with tenant_context(tenant_a):
        repair = at_status(new_repair("package"), "repairing")
        Address.objects.create(customer=repair.customer, street="1 rue A", postal_code="75001",
                               city="Paris", phone="0612345678", is_default_delivery=True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, \
            tenant_context(tenant_a):
        with pytest.raises(RuntimeError), transaction.atomic():
            transition_repair_order(repair, "repaired", actor_email=STAFF_EMAIL)
            raise RuntimeError("rolled back")
        assert RepairOrder.objects.get(pk=repair.pk).status == "repairing"
    assert callbacks == [] and mail.outbox == [] and sms.outbox == []


def test_a_refused_move_sends_nothing(tenant_a, django_capture_on_commit_callbacks):
    with tenant_context(tenant_a):
        repair = at_status(new_repair("package"), "repairing")
    with django_capture_on_commit_callbacks(execute=True) as callbacks, \
            tenant_context(tenant_a), pytest.raises(InvalidRepairTransition):
        transition_repair_order(repair, "completed", actor_email=STAFF_EMAIL)
    assert callbacks == [] and mail.outbox == []


def test_tenant_b_emails_carry_b_only(tenant_a, tenant_b, django_capture_on_commit_callbacks):
    _move(tenant_b, "package", "repairing", "repaired", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    text = _text(mail.outbox[0])
    assert "Beta Repairs" in mail.outbox[0].subject and "http://beta.localhost/" in text
    assert "Alpha" not in text and "alpha.localhost" not in text


def test_disconnected_receiver_sends_nothing(tenant_a, django_capture_on_commit_callbacks):
    notifications.disconnect()
    _move(tenant_a, "package", "repairing", "repaired", django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_the_task_refuses_another_tenants_schema(tenant_a, tenant_b):
    with tenant_context(tenant_a):
        repair = new_repair("package")
    with tenant_context(tenant_b), pytest.raises(RuntimeError):
        notifications.notify_repair_status.run(tenant_a.pk, repair.pk, "repaired")
    assert mail.outbox == []
