"""Behaviour found missing in review: each test names the abuse it prevents."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from shared_apps.dispatch import actions as dispatch
from shared_apps.dispatch.errors import OfferUnavailable
from shared_apps.dispatch.selectors import job_view
from shared_apps.dispatch.state import JobStatus
from tenant_apps.accounts import actions as accounts
from tenant_apps.accounts.errors import AccountError
from tenant_apps.accounts.models import Role
from tenants.models import Brand
from tests.conftest import make_user
from tests.dispatch.conftest import NOW, make_repairer

pytestmark = pytest.mark.django_db


def _offered_job(tenant):
    repairer = make_repairer("Soon Gone")
    job = dispatch.create_job(tenant, order_reference="RV-1", category="phone",
                              fault_summary="Dead battery", postal_code="75011", now=NOW,
                              customer={"customer_name": "Alice", "customer_phone": "0600000000"})
    return repairer, job, job.offers.get()


def test_a_deactivated_repairer_cannot_take_a_live_offer(tenant_a):
    repairer, job, offer = _offered_job(tenant_a)
    repairer.is_active = False
    repairer.save(update_fields=["is_active"])
    with pytest.raises(OfferUnavailable):
        dispatch.accept_offer(offer.pk, repairer, now=NOW + timedelta(minutes=1))
    job.refresh_from_db()
    assert job.status == JobStatus.OFFERED and job.repairer_id is None


def test_personal_data_ends_with_the_job(tenant_a):
    repairer, job, offer = _offered_job(tenant_a)
    job = dispatch.accept_offer(offer.pk, repairer, now=NOW + timedelta(minutes=1))
    assert job_view(job, repairer)["customer_phone"] == "0600000000"
    job = dispatch.cancel_job(job, now=NOW + timedelta(hours=1))
    assert "customer_phone" not in job_view(job, repairer)
    assert "customer_name" not in job_view(job, repairer)


def test_password_reset_mails_at_most_once_per_interval(
    tenant_a, django_capture_on_commit_callbacks
):
    make_user(tenant_a, "flooded@review.test")
    with tenant_context(tenant_a), django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            accounts.request_password_reset("flooded@review.test")
    assert len([m for m in mail.outbox if "flooded@review.test" in m.to]) == 1


def test_only_an_active_manager_changes_staff_access(tenant_a):
    target = make_user(tenant_a, "target@review.test", Role.COUNTER_STAFF)
    counter = make_user(tenant_a, "counter@review.test", Role.COUNTER_STAFF)
    with tenant_context(tenant_a):
        with pytest.raises(AccountError) as refused:
            accounts.set_user_active(target, active=False, actor=counter)
        target.refresh_from_db()
    assert refused.value.status == 403 and target.is_active


@pytest.mark.parametrize("name", ["Acme\nBcc: x@evil.test", "Acme\n", 'Acme "X"', "Acme <x>"])
def test_a_sender_name_cannot_break_the_from_header(tenant_a, name):
    brand = Brand.objects.get(tenant=tenant_a)
    brand.email_sender_name = name
    with pytest.raises(ValidationError) as refused:
        brand.full_clean(exclude=["tenant", "logo"])
    assert "email_sender_name" in refused.value.message_dict


def test_www_hosts_are_registered_bare_and_served_in_any_case(tenant_a, client):
    from tenants.actions import add_domain
    from tenants.errors import ProvisioningError

    with pytest.raises(ProvisioningError):
        add_domain(tenant_a, "www.alpha-shop.localhost")
    add_domain(tenant_a, "alpha-shop.localhost")
    assert client.get("/", HTTP_HOST="WWW.Alpha-Shop.localhost").status_code == 200
