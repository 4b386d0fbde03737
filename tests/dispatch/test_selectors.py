"""What a repairer may see: nothing personal before acceptance, the address only on site."""

import pytest

from shared_apps.dispatch.actions import accept_offer, decline_offer
from shared_apps.dispatch.selectors import access_job, job_view, jobs_for, offers_for
from tests.dispatch.conftest import NOW, live_offers, make_repairer, set_weights, submit_job

pytestmark = pytest.mark.django_db

PERSONAL = ("customer_name", "customer_phone", "customer_email", "customer_address")
PERSONAL_VALUES = ("Jeanne Martin", "0612345678", "jeanne@example.com", "3 rue Oberkampf")


def assert_nothing_personal(view):
    assert not set(PERSONAL) & set(view)
    assert not set(PERSONAL_VALUES) & {str(value) for value in view.values()}


@pytest.mark.parametrize("is_on_site", [False, True])
def test_no_personal_data_before_acceptance(tenant_a, is_on_site):
    repairer = make_repairer(does_on_site=True)
    job = submit_job(tenant_a, is_on_site=is_on_site)
    view = job_view(access_job(repairer, str(job.uid)), repairer)
    assert_nothing_personal(view)
    assert (view["order_reference"], view["postal_code"]) == (job.order_reference, "75011")


@pytest.mark.parametrize(("is_on_site", "sees_address"), [(False, False), (True, True)])
def test_after_acceptance_the_address_only_for_on_site_work(tenant_a, is_on_site,
                                                            sees_address):
    repairer = make_repairer(does_on_site=True)
    job = submit_job(tenant_a, is_on_site=is_on_site)
    [offer] = live_offers(job)
    accept_offer(offer.pk, repairer, now=NOW)

    view = job_view(access_job(repairer, str(job.uid)), repairer)

    assert (view["customer_name"], view["customer_phone"]) == ("Jeanne Martin", "0612345678")
    assert ("customer_address" in view) is sees_address
    assert "customer_email" not in view


def test_the_losers_of_a_broadcast_see_nothing_personal(tenant_a, dispatch_settings):
    set_weights(broadcast_size=2)
    first, second = make_repairer(), make_repairer()
    job = submit_job(tenant_a)
    offers = {offer.repairer_id: offer for offer in live_offers(job)}
    accept_offer(offers[first.pk].pk, first, now=NOW)

    assert_nothing_personal(job_view(access_job(second, str(job.uid)), second))


def test_a_job_never_offered_is_invisible(tenant_a):
    offered, other = make_repairer(), make_repairer(prefixes=["69"])
    job = submit_job(tenant_a)
    assert access_job(offered, str(job.uid)) == job
    assert access_job(other, str(job.uid)) is None
    assert access_job(other, "not-a-uuid") is None
    assert list(offers_for(other)) == []
    assert list(jobs_for(other)) == []


def test_a_declined_job_leaves_the_live_list(tenant_a):
    repairer = make_repairer()
    job = submit_job(tenant_a)
    [offer] = live_offers(job)
    assert list(offers_for(repairer)) == [offer]
    decline_offer(offer.pk, repairer, reason="other", now=NOW)
    assert list(offers_for(repairer)) == []
    assert list(offers_for(repairer, live_only=False)) == [offer]
    assert list(jobs_for(repairer)) == []
