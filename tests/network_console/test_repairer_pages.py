from datetime import time

import pytest
from django.core import mail

from shared_apps.repairers.models import (
    Absence,
    OpeningHours,
    Repairer,
    RepairerMember,
    ServiceZone,
    Skill,
)

from .conftest import make_repairer

pytestmark = pytest.mark.django_db

NEW_REPAIRER = {"name": "Clinique du Mobile", "email": "contact@clinique.test",
                "city": "Lyon", "postal_code": "69003", "capacity": "4",
                "does_workshop": "on", "is_active": "on"}



def test_the_list_shows_each_repairers_figures(operator_client, tenant_a, tenant_b):
    busy = make_repairer("Busy Shop", capacity=4)
    Repairer.objects.filter(pk=busy.pk).update(
        offers_received=8, offers_accepted=6, jobs_completed=4, turnaround_hours_total=130,
        warranty_returns=1, active_jobs=3)
    make_repairer("New Shop")

    response = operator_client.get("/network/repairers/")

    html = response.content.decode()
    row = html.split(f'data-repairer="{busy.pk}"')[1].split("</tr>")[0]
    assert "75 % (6/8)" in row  # acceptance
    assert "32.5 h" in row  # average turnaround
    assert "3/4" in row  # load / capacity
    assert "25 %" in row  # warranty return share
    assert "phone/*" in row and "75*" in row
    assert "New Shop" in html


def test_an_operator_adds_a_repairer(operator_client, tenant_a, tenant_b):
    response = operator_client.post("/network/repairers/new/", NEW_REPAIRER)

    repairer = Repairer.objects.get(email="contact@clinique.test")
    assert response.status_code == 302
    assert response["Location"] == f"/network/repairers/{repairer.pk}/"
    assert (repairer.name, repairer.city, repairer.capacity) == ("Clinique du Mobile", "Lyon", 4)


def test_a_bad_repairer_names_the_field_and_creates_nothing(operator_client, tenant_a,
                                                            tenant_b):
    response = operator_client.post("/network/repairers/new/",
                                    {**NEW_REPAIRER, "capacity": "0"})
    assert response.status_code == 400
    assert response.context["form"].errors["capacity"]

    response = operator_client.post("/network/repairers/new/",
                                    {**NEW_REPAIRER, "siret": "123"})
    assert response.status_code == 400
    assert response.context["form"].errors["siret"]
    assert not Repairer.objects.exists()


def test_skills_zones_hours_absences_and_tenants_are_edited_on_the_repairer_page(
        operator_client, tenant_a, tenant_b):
    repairer = make_repairer("Fixit")
    base = f"/network/repairers/{repairer.pk}"

    responses = [
        operator_client.post(f"{base}/skills/", {"skills": "phone/apple\nTablet\n"}),
        operator_client.post(f"{base}/zones/", {"kind": "radius", "latitude": "48.85",
                                                "longitude": "2.35", "radius_km": "15"}),
        operator_client.post(f"{base}/hours/", {"day_0": "08:00-12:00, 14:00-19:00",
                                                "day_5": "09:00-24:00"}),
        operator_client.post(f"{base}/absences/", {"starts_on": "2026-08-01",
                                                   "ends_on": "2026-08-15",
                                                   "reason": "Holidays"}),
        operator_client.post(f"{base}/tenants/", {"tenants": [tenant_b.pk]}),
    ]

    assert [response.status_code for response in responses] == [302] * 5
    assert sorted(Skill.objects.values_list("category", "brand")) == [("phone", "apple"),
                                                                      ("tablet", "")]
    assert ServiceZone.objects.filter(repairer=repairer, kind="radius", radius_km=15).exists()
    assert list(OpeningHours.objects.values_list("weekday", "opens_at", "closes_at")) == [
        (0, time(8), time(12)), (0, time(14), time(19)), (5, time(9), time.max)]
    assert Absence.objects.get().reason == "Holidays"
    repairer.refresh_from_db()
    assert not repairer.serves_all_tenants and list(repairer.allowed_tenants.all()) == [tenant_b]
    page = operator_client.get(f"{base}/").content.decode()
    assert "09:00-24:00" in page and "phone/apple" in page


@pytest.mark.parametrize(("url", "data", "field"), [
    ("zones", {"kind": "postal_prefix", "postal_prefix": "75/01"}, "postal_prefix"),
    ("zones", {"kind": "radius", "latitude": "48.85", "longitude": "2.35",
               "radius_km": "900"}, "radius_km"),
    ("hours", {"day_2": "08:00-13:00, 12:00-18:00"}, None),
    ("hours", {"day_3": "18:00-09:00"}, "day_3"),
    ("hours", {"day_4": "noon to six"}, "day_4"),
    ("absences", {"starts_on": "2026-08-15", "ends_on": "2026-08-01"}, "ends_on"),
    ("tenants", {}, "tenants"),
    ("skills", {"skills": "phone/apple!"}, "skills"),
])
def test_bad_input_on_the_repairer_page_names_the_field_and_writes_nothing(
        operator_client, tenant_a, tenant_b, url, data, field):
    repairer = make_repairer("Fixit")
    before = (list(ServiceZone.objects.values_list("pk", flat=True)),
              list(OpeningHours.objects.values_list("pk", flat=True)),
              Absence.objects.count(), list(Skill.objects.values_list("pk", flat=True)))

    response = operator_client.post(f"/network/repairers/{repairer.pk}/{url}/", data)

    assert response.status_code == 400
    form_name = {"zones": "zone_form", "hours": "hours_form", "absences": "absence_form",
                 "tenants": "tenants_form", "skills": "skills_form"}[url]
    form = response.context[form_name]
    if field is None:
        assert form.non_field_errors()
    else:
        assert form.errors[field]
    assert (list(ServiceZone.objects.values_list("pk", flat=True)),
            list(OpeningHours.objects.values_list("pk", flat=True)),
            Absence.objects.count(), list(Skill.objects.values_list("pk", flat=True))) == before
    repairer.refresh_from_db()
    assert repairer.serves_all_tenants


def test_removing_a_zone_of_another_repairer_is_not_found(operator_client, tenant_a, tenant_b):
    mine, other = make_repairer("Mine"), make_repairer("Other")
    other_zone = other.zones.get()

    response = operator_client.post(
        f"/network/repairers/{mine.pk}/zones/{other_zone.pk}/remove/")

    assert response.status_code == 404
    assert ServiceZone.objects.filter(pk=other_zone.pk).exists()
    response = operator_client.post(
        f"/network/repairers/{mine.pk}/zones/{mine.zones.get().pk}/remove/")
    assert response.status_code == 302 and not mine.zones.exists()


def test_an_operator_invites_a_member(operator_client, tenant_a, tenant_b,
                                     django_capture_on_commit_callbacks):
    repairer = make_repairer("Fixit")

    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(f"/network/repairers/{repairer.pk}/members/",
                                        {"email": "tech@fixit.test"})

    assert response.status_code == 302
    member = RepairerMember.objects.select_related("user").get()
    assert member.repairer == repairer and member.user.email == "tech@fixit.test"
    assert len(mail.outbox) == 1
    response = operator_client.post(f"/network/repairers/{repairer.pk}/members/",
                                    {"email": "tech@fixit.test"})
    assert response.status_code == 409
    assert response.context["invite_form"].errors["email"]
    assert RepairerMember.objects.count() == 1
