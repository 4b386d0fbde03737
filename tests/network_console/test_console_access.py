import pytest
from django.test import Client

from shared_apps.dispatch.actions import create_job
from shared_apps.dispatch.models import DispatchSettings, Job, TenantDispatchSettings
from shared_apps.dispatch.state import JobStatus
from shared_apps.repairers.models import Repairer, RepairerMember, ServiceZone
from tenant_apps.accounts.models import Role

from .conftest import job_fields, make_repairer

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tenant_a, tenant_b):
    repairer = make_repairer("Fixit")
    job = create_job(tenant_b, **job_fields("B-1", category="tablet"))
    assert job.status == JobStatus.UNASSIGNED
    return repairer, job


def _pages(repairer: Repairer, job: Job) -> list[str]:
    return ["/network/repairers/", "/network/repairers/new/",
            f"/network/repairers/{repairer.pk}/", "/network/jobs/", "/network/jobs/stuck/",
            "/network/jobs/unassigned/", f"/network/jobs/{job.uid}/", "/network/settings/"]


def _changes(client: Client, repairer: Repairer, job: Job) -> list[int]:
    base = f"/network/repairers/{repairer.pk}"
    return [
        client.post("/network/repairers/new/", {"name": "Evil", "email": "e@x.test",
                                                "capacity": 3}).status_code,
        client.post(f"{base}/zones/", {"kind": "postal_prefix",
                                       "postal_prefix": "13"}).status_code,
        client.post(f"{base}/members/", {"email": "intruder@x.test"}).status_code,
        client.post(f"/network/jobs/{job.uid}/cancel/").status_code,
        client.post(f"/network/jobs/{job.uid}/route-again/").status_code,
        client.post("/network/settings/", {"broadcast_size": 5}).status_code,
        client.post("/tenants/alpha/dispatch/", {"offer_expiry_minutes": 5}).status_code,
    ]


def _nothing_changed(repairer: Repairer, job: Job) -> bool:
    job.refresh_from_db()
    return (Repairer.objects.count() == 1
            and list(ServiceZone.objects.values_list("postal_prefix", flat=True)) == ["75"]
            and not RepairerMember.objects.exists()
            and job.status == JobStatus.UNASSIGNED
            and job.events.filter(kind="rerouted").count() == 0
            and DispatchSettings.current().broadcast_size == 1
            and not TenantDispatchSettings.objects.exists())


def test_anonymous_visitors_are_sent_to_the_login_page(public_client, world):
    repairer, job = world
    for url in _pages(repairer, job):
        response = public_client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"/login/?next={url}"
    assert set(_changes(public_client, repairer, job)) == {302}
    assert _nothing_changed(repairer, job)


@pytest.mark.parametrize("role", [Role.REPAIRER, Role.MANAGER, Role.CUSTOMER])
def test_public_users_who_are_not_operators_are_refused(public_client, world, user_factory,
                                                        role):
    repairer, job = world
    public_client.force_login(user_factory(None, "someone@platform.test", role=role))

    for url in _pages(repairer, job):
        assert public_client.get(url).status_code == 403, url
    assert set(_changes(public_client, repairer, job)) == {403}
    assert _nothing_changed(repairer, job)


def test_the_network_pages_do_not_exist_on_a_tenant_host(client_a, world, user_factory,
                                                         tenant_a):
    repairer, job = world
    for url in _pages(repairer, job):
        assert client_a.get(url).status_code == 404, url
    assert set(_changes(client_a, repairer, job)) == {404}
    assert _nothing_changed(repairer, job)


def test_operators_see_every_page(operator_client, world):
    repairer, job = world
    for url in _pages(repairer, job):
        assert operator_client.get(url).status_code == 200, url
