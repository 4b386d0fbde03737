"""A small repairer network on the public schema, and jobs sent into it by the two tenants.

Repairer A works around Paris (75), repairer B around Lyon (69); both repair phones, in a
workshop, every hour of every day, so routing depends only on the place of the job.
"""

from dataclasses import dataclass
from datetime import time

import pytest
from django_tenants.utils import schema_context

from shared_apps.dispatch.actions import accept_offer, create_job
from shared_apps.dispatch.models import Job, JobOffer
from shared_apps.dispatch.state import OfferStatus
from shared_apps.repairers.models import (
    OpeningHours,
    Repairer,
    RepairerMember,
    ServiceZone,
    Skill,
)
from tenant_apps.accounts.models import Role, User
from tenants.models import Tenant
from tests.api.helpers import token_for
from tests.conftest import make_user

CATEGORY = "test-phone"
CUSTOMER = {
    "customer_name": "Camille Martin",
    "customer_phone": "+33 6 12 34 56 78",
    "customer_email": "camille@customer.test",
    "customer_address": "12 rue des Lilas, 75011 Paris",
}
PERSONAL_KEYS = {"customer_name", "customer_phone", "customer_email", "customer_address"}


def make_repairer(
    name: str, postal_prefix: str, *, on_site: bool = False, category: str = CATEGORY
) -> Repairer:
    repairer = Repairer.objects.create(
        name=name,
        email=f"{name.lower()}@repairer.test",
        does_on_site=on_site,
        does_workshop=not on_site,
    )
    Skill.objects.create(repairer=repairer, category=category)
    ServiceZone.objects.create(
        repairer=repairer, kind=ServiceZone.Kind.POSTAL_PREFIX, postal_prefix=postal_prefix
    )
    OpeningHours.objects.bulk_create(
        [
            OpeningHours(
                repairer=repairer,
                weekday=day,
                opens_at=time(0, 0),
                closes_at=time(23, 59, 59, 999999),
            )
            for day in range(7)
        ]
    )
    return repairer


def make_member(repairer: Repairer, email: str) -> User:
    user = make_user(None, email, Role.REPAIRER)
    with schema_context("public"):
        RepairerMember.objects.create(repairer=repairer, user=user)
    return user


def send_job(tenant: Tenant, reference: str, postal_code: str = "75011", **fields) -> Job:
    return create_job(
        tenant,
        order_reference=reference,
        category=CATEGORY,
        fault_summary="Cracked screen",
        postal_code=postal_code,
        customer=dict(CUSTOMER),
        **fields,
    )


def live_offer(job: Job, repairer: Repairer) -> JobOffer:
    return JobOffer.objects.get(job=job, repairer=repairer, status=OfferStatus.OFFERED)


@dataclass
class Network:
    repairer_a: Repairer
    repairer_b: Repairer
    user_a: User
    user_b: User
    token_a: str
    token_b: str
    offered_job: Job  # offered to A, not yet accepted
    held_job: Job  # accepted by A
    job_of_b: Job  # offered to B
    offer_a: JobOffer  # A's live offer of offered_job
    spare_offer: JobOffer  # another live offer to A, to decline


@pytest.fixture
def network(tenant_a, tenant_b) -> Network:
    repairer_a = make_repairer("Alpharepair", "75")
    repairer_b = make_repairer("Betafix", "69")
    user_a = make_member(repairer_a, "tech@alpharepair.test")
    user_b = make_member(repairer_b, "tech@betafix.test")
    offered_job = send_job(tenant_a, "A-100")
    spare_job = send_job(tenant_a, "A-102")
    held_job = send_job(tenant_a, "A-101")
    accept_offer(live_offer(held_job, repairer_a).pk, repairer_a)
    job_of_b = send_job(tenant_b, "B-200", postal_code="69003")
    return Network(
        repairer_a=repairer_a,
        repairer_b=repairer_b,
        user_a=user_a,
        user_b=user_b,
        token_a=token_for(None, user_a),
        token_b=token_for(None, user_b),
        offered_job=offered_job,
        held_job=held_job,
        job_of_b=job_of_b,
        offer_a=live_offer(offered_job, repairer_a),
        spare_offer=live_offer(spare_job, repairer_a),
    )
