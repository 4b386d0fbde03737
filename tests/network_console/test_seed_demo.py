import io

import pytest
from django.core.management import call_command
from django_tenants.utils import tenant_context

from shared_apps.dispatch.models import Job, JobOffer
from shared_apps.dispatch.state import JobStatus, OfferStatus
from shared_apps.operators.demo_network import DEMO_JOB_REFERENCE
from shared_apps.operators.management.commands.seed_demo import DEMO_PASSWORD
from shared_apps.repairers.models import PostalCodeLocation, Repairer, RepairerMember
from tenant_apps.accounts.models import Role, User
from tenant_apps.network.models import JobUpdate
from tenants.models import Tenant

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "repairers": Repairer.objects.count(),
        "members": RepairerMember.objects.count(),
        "repairer_users": User.objects.filter(role=Role.REPAIRER).count(),
        "postal_codes": PostalCodeLocation.objects.count(),
        "jobs": Job.objects.count(),
        "offers": JobOffer.objects.count(),
    }


def test_seed_demo_twice_builds_the_network_story_once(tenant_a, tenant_b):
    first_output = io.StringIO()
    call_command("seed_demo", stdout=first_output)
    after_first = _counts()
    call_command("seed_demo", stdout=io.StringIO())

    assert _counts() == after_first == {"repairers": 3, "members": 3, "repairer_users": 3,
                                        "postal_codes": 40, "jobs": 1, "offers": 2}
    job = Job.objects.get(order_reference=DEMO_JOB_REFERENCE)
    assert job.tenant.slug == "retail" and job.status == JobStatus.RECEIVED
    declined, accepted = job.offers.order_by("offered_at")
    assert declined.status == OfferStatus.DECLINED and declined.decline_reason
    assert accepted.status == OfferStatus.ACCEPTED and accepted.repairer == job.repairer
    assert declined.repairer != accepted.repairer
    assert {declined.repairer.city, accepted.repairer.city} == {"Paris"}
    assert [event.kind for event in job.events.all()] == [
        "created", "offered", "declined", "offered", "accepted", "received"]
    with tenant_context(Tenant.objects.get(slug="retail")):
        assert list(JobUpdate.objects.values_list("kind", flat=True).order_by("pk")) == [
            "accepted", "received"]

    for member in RepairerMember.objects.select_related("user"):
        assert member.user.check_password(DEMO_PASSWORD)
    output = first_output.getvalue()
    assert "/repairers/" in output and "atelier@repairers.localhost" in output
    assert DEMO_PASSWORD in output
