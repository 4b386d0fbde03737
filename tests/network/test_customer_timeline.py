"""Job progress from the repairer network shows on the customer's account page (N5)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from shared_apps.dispatch import actions
from shared_apps.dispatch.state import JobStatus
from tests.conftest import HOST_A, HOST_B, make_user
from tests.dispatch.conftest import NOW, make_repairer

pytestmark = pytest.mark.django_db


def _logged_in(tenant, host, email, *, verified=True):
    user = make_user(tenant, email, email_verified_at=timezone.now() if verified else None)
    client = Client(HTTP_HOST=host)
    with tenant_context(tenant):
        client.force_login(user)
    return client


def _run_job(tenant, email):
    repairer = make_repairer("Hidden Subcontractor")
    job = actions.create_job(tenant, order_reference="RO-42", category="phone",
                             fault_summary="Cracked screen", postal_code="75011", now=NOW,
                             customer={"customer_email": email, "customer_name": "Alice"})
    offer = job.offers.get()
    actions.accept_offer(offer.pk, repairer, now=NOW + timedelta(minutes=1))
    actions.report_progress(job, repairer, JobStatus.RECEIVED, now=NOW + timedelta(hours=1))
    actions.report_progress(job, repairer, JobStatus.DIAGNOSED, quote_amount=Decimal("89.90"),
                            now=NOW + timedelta(hours=2))
    return repairer


def test_the_customer_sees_each_step_in_the_tenants_words(tenant_a):
    repairer = _run_job(tenant_a, "alice@timeline.test")
    page = _logged_in(tenant_a, HOST_A, "alice@timeline.test").get("/account/")
    html = page.content.decode()
    assert "Repair RO-42" in html
    assert "A repair technician has taken on your repair." in html
    assert "Your device has arrived at the repair centre." in html
    assert "Quote: 89.90 EUR" in html
    # White label: the subcontractor stays invisible to the end customer.
    assert repairer.name not in html
    assert "awal" not in html.lower()


def test_other_customers_and_other_tenants_see_nothing(tenant_a, tenant_b):
    _run_job(tenant_a, "alice@timeline.test")
    other_customer = _logged_in(tenant_a, HOST_A, "bob@timeline.test").get("/account/")
    same_email_other_tenant = _logged_in(tenant_b, HOST_B, "alice@timeline.test").get("/account/")
    assert "RO-42" not in other_customer.content.decode()
    assert "RO-42" not in same_email_other_tenant.content.decode()


def test_an_unverified_address_sees_no_repairs(tenant_a):
    # Anyone can sign up with someone else's e-mail: only a verified address proves it is theirs.
    _run_job(tenant_a, "alice@timeline.test")
    page = _logged_in(tenant_a, HOST_A, "alice@timeline.test", verified=False).get("/account/")
    assert "RO-42" not in page.content.decode()
