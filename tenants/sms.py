"""Text messages through a provider interface, chosen by ``settings.SMS_BACKEND``.

A backend is anything with ``send(message)``. ``console`` prints each text (the development
default), ``locmem`` appends it to ``outbox`` (tests, like ``django.core.mail.outbox``); a real
provider registers its backend in ``BACKENDS`` and its name in the settings' choices. Request and
action code never sends directly: ``send_sms_on_commit`` queues ``deliver_sms`` after the
transaction commits, in the tenant's schema, signed with the tenant's brand.
"""

import re
import sys
from dataclasses import dataclass
from typing import Protocol

from celery import shared_task
from django.conf import settings

from .context import current_schema, current_tenant
from .errors import DomainError
from .scheduling import assert_tenant, schedule_on_commit

MAX_LENGTH = 640  # four concatenated GSM segments: longer texts belong in an e-mail
MAX_SENDER_LENGTH = 11  # an alphanumeric sender id holds at most 11 characters
# Spaces, dots, dashes and brackets people type between groups of digits.
_SEPARATORS = re.compile(r"[\s.\-()/]")
# "+33 (0)6 ...": the national trunk prefix in brackets is not dialled after the country code.
_TRUNK_IN_BRACKETS = re.compile(r"\(\s*0\s*\)")
# E.164 (a country code never starts with 0), or a national number with its trunk prefix 0.
_INTERNATIONAL = re.compile(r"\+[1-9][0-9]{6,14}")
_NATIONAL = re.compile(r"0[0-9]{5,14}")


class InvalidSms(DomainError):
    code = "invalid_sms"
    status = 400


@dataclass(frozen=True)
class SmsMessage:
    to: str
    text: str
    sender: str = ""


class SmsBackend(Protocol):
    def send(self, message: SmsMessage) -> None: ...


# What the locmem backend sent, oldest first; tests clear it.
outbox: list[SmsMessage] = []


class ConsoleBackend:
    def send(self, message: SmsMessage) -> None:
        sender = f" from {message.sender}" if message.sender else ""
        sys.stdout.write(f"SMS to {message.to}{sender}: {message.text}\n")
        sys.stdout.flush()


class LocmemBackend:
    def send(self, message: SmsMessage) -> None:
        outbox.append(message)


BACKENDS: dict[str, type[SmsBackend]] = {"console": ConsoleBackend, "locmem": LocmemBackend}


def get_backend() -> SmsBackend:
    name = settings.SMS_BACKEND
    try:
        return BACKENDS[name]()
    except KeyError:
        raise InvalidSms(f"Unknown SMS backend {name!r}.", code="unknown_backend") from None


def normalise_phone(phone: str) -> str:
    """The number without separators, or "" when it cannot be a phone number."""
    number = _SEPARATORS.sub("", _TRUNK_IN_BRACKETS.sub("", phone or ""))
    if number.startswith("00"):
        number = f"+{number[2:]}"
    pattern = _INTERNATIONAL if number.startswith("+") else _NATIONAL
    return number if pattern.fullmatch(number) else ""


def _sender() -> str:
    tenant = current_tenant()
    brand = getattr(tenant, "brand", None) if tenant is not None else None
    name = brand.display_name if brand is not None else ""
    return re.sub(r"[^A-Za-z0-9 ]", "", name).strip()[:MAX_SENDER_LENGTH].strip()


def send_sms(to: str, text: str) -> SmsMessage:
    """Send ``text`` to ``to`` now, through the configured backend, as the current tenant."""
    number = normalise_phone(to)
    if not number:
        raise InvalidSms("This is not a phone number.", field="to")
    text = " ".join((text or "").split())
    if not text or len(text) > MAX_LENGTH:
        raise InvalidSms(f"A text message holds from 1 to {MAX_LENGTH} characters.",
                         field="text")
    message = SmsMessage(to=number, text=text, sender=_sender())
    get_backend().send(message)
    return message


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def deliver_sms(self, to: str, text: str, tenant_id: int | None = None) -> str:  # type: ignore[no-untyped-def]
    """Send one text in the schema the task was scheduled from; provider outages retry."""
    if tenant_id is not None:
        assert_tenant(tenant_id)
    try:
        send_sms(to, text)
    except OSError as error:
        raise self.retry(exc=error) from error
    return current_schema()


def send_sms_on_commit(to: str, text: str) -> None:
    """Queue a text to go out once the current transaction commits (nothing on rollback)."""
    tenant = current_tenant()
    schedule_on_commit(deliver_sms, to, text, None if tenant is None else tenant.pk)
