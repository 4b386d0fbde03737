"""Shared steps of the back-office tests: logging in through the real forms, reading e-mails."""

import re

from django.core import mail
from django.test import Client
from django_tenants.utils import tenant_context

from tenant_apps.backoffice.forms import BRAND_FIELDS
from tenants.models import Brand, Tenant
from tests.conftest import PASSWORD

LINK_RE = re.compile(r"https?://[^\s\"'<>]+")


def staff_log_in(client: Client, email: str, password: str = PASSWORD) -> None:
    response = client.post("/backoffice/login/", {"email": email, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]


def customer_log_in(client: Client, email: str, password: str = PASSWORD) -> None:
    response = client.post("/account/login/", {"email": email, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]


def links_in(message: mail.EmailMessage) -> list[str]:
    return LINK_RE.findall(message.body)


def only_message_to(address: str) -> mail.EmailMessage:
    messages = [message for message in mail.outbox if address in message.to]
    assert len(messages) == 1, [message.to for message in mail.outbox]
    return messages[0]


def brand_form_data(tenant: Tenant, **changes: str) -> dict[str, str]:
    """Every field of the brand form with the tenant's saved values, then ``changes``."""
    brand = Brand.objects.get(tenant=tenant)
    fields = [name for name in BRAND_FIELDS if name != "logo"]
    data = {name: getattr(brand, name) for name in fields}
    data["intent"] = "save"
    data.update(changes)
    return data


def user_exists(tenant: Tenant, email: str) -> bool:
    from tenant_apps.accounts.models import User

    with tenant_context(tenant):
        return User.objects.filter(email=email).exists()
