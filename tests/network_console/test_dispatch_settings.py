from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from shared_apps.dispatch.actions import create_job
from shared_apps.dispatch.models import DispatchSettings, TenantDispatchSettings

from .conftest import job_fields, make_repairer

pytestmark = pytest.mark.django_db

VALID = {"offer_expiry_minutes": "45", "reminder_minutes_before_expiry": "15",
         "broadcast_size": "2", "stuck_after_hours": "48", "weight_proximity": "0.5",
         "weight_load": "0.2", "weight_acceptance": "0.1", "weight_turnaround": "0.1",
         "weight_quality": "0.1"}


def _snapshot() -> tuple:
    settings = DispatchSettings.current()
    return tuple(getattr(settings, name) for name in VALID)


def test_an_operator_saves_the_dispatch_settings(operator_client, tenant_a, tenant_b):
    response = operator_client.post("/network/settings/", VALID)

    assert response.status_code == 302
    settings = DispatchSettings.current()
    assert (settings.offer_expiry_minutes, settings.reminder_minutes_before_expiry,
            settings.broadcast_size, settings.stuck_after_hours) == (45, 15, 2, 48)
    assert settings.weight_proximity == Decimal("0.50")


@pytest.mark.parametrize(("changes", "field"), [
    ({"reminder_minutes_before_expiry": "45"}, "reminder_minutes_before_expiry"),
    ({"offer_expiry_minutes": "0"}, "offer_expiry_minutes"),
    ({"broadcast_size": "21"}, "broadcast_size"),
    ({"broadcast_size": "0"}, "broadcast_size"),
    ({"weight_load": "-0.5"}, "weight_load"),
    ({"weight_quality": "12"}, "weight_quality"),
    ({"weight_quality": "0.123"}, "weight_quality"),
    ({"weight_proximity": "0", "weight_load": "0", "weight_acceptance": "0",
      "weight_turnaround": "0", "weight_quality": "0"}, "weight_proximity"),
    ({"stuck_after_hours": "0"}, "stuck_after_hours"),
    ({"offer_expiry_minutes": "soon"}, "offer_expiry_minutes"),
])
def test_bad_settings_name_the_field_and_change_nothing(operator_client, tenant_a, tenant_b,
                                                        changes, field):
    before = _snapshot()

    response = operator_client.post("/network/settings/", {**VALID, **changes})

    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert _snapshot() == before


def test_a_tenant_expiry_override_is_used_for_its_offers_only(operator_client, tenant_a,
                                                             tenant_b):
    make_repairer("Fixit")
    response = operator_client.post(f"/tenants/{tenant_a.slug}/dispatch/",
                                    {"offer_expiry_minutes": "90"})
    assert response.status_code == 302
    assert "90" in operator_client.get(f"/tenants/{tenant_a.slug}/").content.decode()
    now = timezone.now()

    job_a = create_job(tenant_a, **job_fields("A-1"), now=now)
    job_b = create_job(tenant_b, **job_fields("B-1"), now=now)

    assert job_a.offers.get().expires_at == now + timedelta(minutes=90)
    platform_minutes = DispatchSettings.current().offer_expiry_minutes
    assert job_b.offers.get().expires_at == now + timedelta(minutes=platform_minutes)


def test_a_bad_tenant_expiry_is_refused_and_an_empty_one_clears_it(operator_client, tenant_a,
                                                                  tenant_b):
    response = operator_client.post(f"/tenants/{tenant_a.slug}/dispatch/",
                                    {"offer_expiry_minutes": "0"})
    assert response.status_code == 400
    assert response.context["expiry_form"].errors["offer_expiry_minutes"]
    assert not TenantDispatchSettings.objects.exists()

    operator_client.post(f"/tenants/{tenant_a.slug}/dispatch/", {"offer_expiry_minutes": "20"})
    assert TenantDispatchSettings.objects.get(tenant=tenant_a).offer_expiry_minutes == 20
    response = operator_client.post(f"/tenants/{tenant_a.slug}/dispatch/",
                                    {"offer_expiry_minutes": ""})
    assert response.status_code == 302
    assert not TenantDispatchSettings.objects.exists()
