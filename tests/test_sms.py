"""Text messages: the backend chosen by settings, numbers checked, sent after commit as the
tenant (signed with its brand), never when the transaction rolls back."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django_tenants.utils import tenant_context

from config import env
from tenants import sms

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(settings):
    settings.SMS_BACKEND = "locmem"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def test_locmem_backend_keeps_the_message_with_a_normalised_number(outbox):
    message = sms.send_sms("06 12-34.56 78", "  Your   repair is ready. ")
    assert outbox == [message]
    assert message.to == "0612345678" and message.text == "Your repair is ready."


def test_international_prefix_is_written_with_a_plus(outbox):
    assert sms.send_sms("0033 6 12 34 56 78", "Hi").to == "+33612345678"


def test_console_backend_prints_and_keeps_nothing(settings, capsys):
    settings.SMS_BACKEND = "console"
    sms.outbox.clear()
    sms.send_sms("+33612345678", "Ready")
    assert "SMS to +33612345678: Ready" in capsys.readouterr().out
    assert sms.outbox == []


@pytest.mark.parametrize("number", ["", "hello", "12", "+33 6 12 34 56 78 90 12 34 56"])
def test_a_number_that_cannot_be_one_is_refused(outbox, number):
    with pytest.raises(sms.InvalidSms) as refused:
        sms.send_sms(number, "Ready")
    assert refused.value.field == "to" and outbox == []


@pytest.mark.parametrize("text", ["", "   ", "x" * (sms.MAX_LENGTH + 1)])
def test_an_empty_or_overlong_text_is_refused(outbox, text):
    with pytest.raises(sms.InvalidSms) as refused:
        sms.send_sms("+33612345678", text)
    assert refused.value.field == "text" and outbox == []


def test_an_unknown_backend_is_refused(settings):
    settings.SMS_BACKEND = "pigeon"
    with pytest.raises(sms.InvalidSms):
        sms.send_sms("+33612345678", "Ready")


def test_the_setting_is_a_validated_choice(monkeypatch):
    monkeypatch.setenv("SMS_BACKEND", "pigeon")
    with pytest.raises(ImproperlyConfigured, match="SMS_BACKEND"):
        env.get_choice("SMS_BACKEND", "console", ("console", "locmem"))


def test_sent_after_commit_signed_by_the_tenant(outbox, tenant_a,
                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), tenant_context(tenant_a):
        sms.send_sms_on_commit("+33612345678", "Your repair is ready.")
        assert outbox == []  # nothing before the commit
    assert [(message.to, message.sender) for message in outbox] == [
        ("+33612345678", "Alpha Phone")]  # the brand, cut to an 11-character sender id


def test_nothing_sent_when_the_transaction_rolls_back(outbox, tenant_a,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, \
            tenant_context(tenant_a), pytest.raises(RuntimeError), transaction.atomic():
        sms.send_sms_on_commit("+33612345678", "Your repair is ready.")
        raise RuntimeError("rolled back")
    assert callbacks == [] and outbox == []


def test_the_task_refuses_to_run_for_another_tenant(outbox, tenant_a, tenant_b):
    with tenant_context(tenant_b), pytest.raises(RuntimeError):
        sms.deliver_sms.run("+33612345678", "Ready", tenant_a.pk)
    assert outbox == []
