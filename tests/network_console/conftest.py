from datetime import time

import pytest
from django.test import Client

from shared_apps.repairers import actions
from shared_apps.repairers.models import Repairer
from tenant_apps.accounts.models import Role, User
from tests.conftest import PUBLIC_HOST, make_user

ALL_DAY = [(weekday, time(0, 0), time.max) for weekday in range(7)]


@pytest.fixture
def operator(db) -> User:
    return make_user(None, "ops@platform.test", role=Role.OPERATOR)


@pytest.fixture
def operator_client(operator) -> Client:
    client = Client(HTTP_HOST=PUBLIC_HOST)
    client.force_login(operator)
    return client


def make_repairer(name: str, *, category: str = "phone", prefix: str = "75",
                  **profile: object) -> Repairer:
    """A workshop repairer open around the clock, for one category of every brand."""
    slug = name.lower().replace(" ", "-")
    repairer = actions.create_repairer(name=name, email=f"{slug}@repair.test", **profile)
    actions.set_skills(repairer, [(category, "")])
    actions.add_zone(repairer, kind="postal_prefix", postal_prefix=prefix)
    actions.set_opening_hours(repairer, ALL_DAY)
    return repairer


def job_fields(reference: str, **overrides: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "order_reference": reference, "category": "phone", "brand": "apple",
        "fault_summary": "Broken screen", "postal_code": "75011",
        "customer": {"customer_name": "Zoé Client", "customer_email": "zoe@example.com"},
    }
    fields.update(overrides)
    return fields
