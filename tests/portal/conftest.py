"""Two repairers of the network on the public domain, open around the clock so that routing
does not depend on when the tests run."""

from datetime import time

import pytest
from django.test import Client

from shared_apps.dispatch.actions import create_job
from shared_apps.dispatch.models import Job, JobOffer
from shared_apps.repairers.models import (
    OpeningHours,
    Repairer,
    RepairerMember,
    ServiceZone,
    Skill,
)
from tenant_apps.accounts.models import Role, User
from tenants.models import Tenant
from tests.conftest import PUBLIC_HOST, make_user

OPENS_AT, CLOSES_AT = time(0, 0), time(23, 59, 59, 999999)
# Strings that must never appear on a page before the repairer holds the job.
CUSTOMER = {
    "customer_name": "Zoe Quintavalle",
    "customer_phone": "+33 6 71 82 93 04",
    "customer_email": "zoe.quintavalle@customer.test",
    "customer_address": "12 rue des Lilas 75011 Paris",
}


def make_repairer(name: str, *, postal_prefix: str, categories: list[str]) -> Repairer:
    repairer = Repairer.objects.create(name=name, email=f"{name.split()[0].lower()}@shop.test",
                                       does_workshop=True, does_on_site=True, capacity=5)
    for category in categories:
        Skill.objects.create(repairer=repairer, category=category)
    ServiceZone.objects.create(repairer=repairer, kind=ServiceZone.Kind.POSTAL_PREFIX,
                               postal_prefix=postal_prefix)
    OpeningHours.objects.bulk_create([
        OpeningHours(repairer=repairer, weekday=day, opens_at=OPENS_AT, closes_at=CLOSES_AT)
        for day in range(7)
    ])
    return repairer


def make_member(repairer: Repairer, email: str) -> User:
    user = make_user(None, email, Role.REPAIRER)
    RepairerMember.objects.create(repairer=repairer, user=user)
    return user


def portal_client(user: User) -> Client:
    client = Client(HTTP_HOST=PUBLIC_HOST)
    client.force_login(user)
    return client


def new_job(tenant: Tenant, reference: str, *, category: str = "laptop",
            is_on_site: bool = False) -> Job:
    """A job from the tenant's repair order. 'laptop' jobs can only go to repairer one;
    'phone' jobs go to repairer one first (its zone 750 matches 75011 more closely)."""
    return create_job(tenant, order_reference=reference, category=category, brand="Acme",
                      model="Book 13", fault_summary="Screen cracked in the lower corner",
                      postal_code="75011", is_on_site=is_on_site, customer=dict(CUSTOMER))


def offer_of(job: Job, repairer: Repairer) -> JobOffer:
    return JobOffer.objects.get(job=job, repairer=repairer)


@pytest.fixture
def repairer_one(db) -> Repairer:
    return make_repairer("Rapid Fix", postal_prefix="750", categories=["phone", "laptop"])


@pytest.fixture
def repairer_two(db) -> Repairer:
    return make_repairer("Second Shop", postal_prefix="75", categories=["phone"])


@pytest.fixture
def member_one(repairer_one) -> User:
    return make_member(repairer_one, "tech@rapidfix.test")


@pytest.fixture
def member_two(repairer_two) -> User:
    return make_member(repairer_two, "tech@secondshop.test")


@pytest.fixture
def portal_one(member_one) -> Client:
    return portal_client(member_one)


@pytest.fixture
def portal_two(member_two) -> Client:
    return portal_client(member_two)
