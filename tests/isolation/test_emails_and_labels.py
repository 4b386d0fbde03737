"""Branded e-mails and pages carry their own tenant only; a white-label tenant never shows the
platform's name, a grey-label one shows its 'operated by' line."""

import re

import pytest
from django.core import mail
from django.db import connection
from django_tenants.utils import tenant_context

from tenant_apps.accounts.actions import invite_staff, request_password_reset, sign_up_customer
from tenant_apps.accounts.models import Role
from tenants.actions import suspend_tenant, update_brand
from tenants.models import Brand, Tenant

pytestmark = [pytest.mark.django_db, pytest.mark.isolation]

PLATFORM = re.compile("awal", re.IGNORECASE)
WHITE_LABEL_PAGES = ["/", "/account/login/", "/account/signup/", "/account/password-reset/",
                     "/api/docs/", "/no-such-page/", "/backoffice/login/"]


def _message_text(message) -> str:
    parts = [message.subject, message.body, message.from_email, *message.to,
             *(str(value) for value in message.extra_headers.values())]
    parts += [content for content, _ in message.alternatives]
    return "\n".join(parts)


@pytest.fixture
def alpha_sender(tenant_a):
    update_brand(Brand.objects.get(tenant=tenant_a), {
        "email_sender_name": "Alpha Care", "email_sender_address": "care@alpha.test",
        "support_email": "help@alpha.test",
    })
    return Tenant.objects.select_related("brand").get(pk=tenant_a.pk)


def _send_all_branded_emails(tenant, django_capture_on_commit_callbacks, user_factory):
    mail.outbox.clear()
    user_factory(tenant, f"reset@{tenant.slug}.test")
    with django_capture_on_commit_callbacks(execute=True), tenant_context(tenant):
        request_password_reset(f"reset@{tenant.slug}.test")
        sign_up_customer(f"new@{tenant.slug}.test", "A-long-enough-pass-9")
        invite_staff(f"staff@{tenant.slug}.test", role=Role.COUNTER_STAFF, invited_by=None)
    assert connection.schema_name == "public"
    return list(mail.outbox)


def test_emails_sent_under_a_carry_a_brand_sender_and_domain_only(
    alpha_sender, tenant_b, django_capture_on_commit_callbacks, user_factory
):
    messages = _send_all_branded_emails(alpha_sender, django_capture_on_commit_callbacks,
                                        user_factory)
    assert len(messages) == 3
    for message in messages:
        text = _message_text(message)
        assert message.from_email == '"Alpha Care" <care@alpha.test>'
        assert "Alpha Phones" in message.subject
        assert "http://alpha.localhost/" in message.body
        assert "help@alpha.test" in text
        assert "Beta" not in text and "beta.localhost" not in text
        assert not PLATFORM.search(text), text


def test_grey_label_emails_carry_the_operated_by_line_and_b_only(
    tenant_a, tenant_b, django_capture_on_commit_callbacks, user_factory
):
    messages = _send_all_branded_emails(tenant_b, django_capture_on_commit_callbacks,
                                        user_factory)
    assert len(messages) == 3
    for message in messages:
        text = _message_text(message)
        assert "operated by Awal" in message.body
        assert "operated by Awal" in message.alternatives[0][0]
        assert "Alpha" not in text and "alpha.localhost" not in text


@pytest.mark.parametrize("path", WHITE_LABEL_PAGES)
def test_white_label_pages_never_name_the_platform(client_a, path):
    response = client_a.get(path)
    assert response.status_code == (404 if path == "/no-such-page/" else 200)
    headers = "\n".join(f"{name}: {value}" for name, value in response.headers.items())
    assert not PLATFORM.search(response.content.decode()), path
    assert not PLATFORM.search(headers), path
    assert "Beta Repairs" not in response.content.decode()


def test_white_label_suspended_page_never_names_the_platform(tenant_a, client_a):
    suspend_tenant(tenant_a, actor_email="ops@test")
    for path in ("/", "/account/login/", "/api/docs/"):
        response = client_a.get(path)
        assert response.status_code == 503
        assert "Alpha Phones" in response.content.decode()
        assert not PLATFORM.search(response.content.decode()), path


@pytest.mark.parametrize("path", ["/", "/account/login/", "/no-such-page/"])
def test_grey_label_pages_show_the_operated_by_line(client_b, path):
    page = client_b.get(path).content.decode()
    assert "operated by Awal" in page
    assert "Alpha Phones" not in page


def test_white_label_brand_ignores_a_stored_operator_line(tenant_a, client_a):
    update_brand(Brand.objects.get(tenant=tenant_a), {"grey_label_line": "operated by Awal"})
    assert not PLATFORM.search(client_a.get("/").content.decode())
