from datetime import date, time

import pytest
from django.core import mail

from shared_apps.repairers import actions
from shared_apps.repairers.errors import RepairerError
from shared_apps.repairers.models import (
    Absence,
    OpeningHours,
    Repairer,
    RepairerMember,
    ServiceZone,
    Skill,
)
from tenant_apps.accounts.models import Role, User

from .conftest import make_repairer

pytestmark = pytest.mark.django_db


def test_create_repairer_names_the_bad_field_and_writes_nothing(tenant_a, tenant_b):
    with pytest.raises(RepairerError) as caught:
        actions.create_repairer(name="Fixit", email="not-an-email")
    assert caught.value.field == "email"

    with pytest.raises(RepairerError) as caught:
        actions.create_repairer(name="Fixit", email="fix@repair.test", capacity=0)
    assert caught.value.field == "capacity"

    with pytest.raises(RepairerError) as caught:
        actions.create_repairer(name="Fixit", email="fix@repair.test", does_workshop=False)
    assert caught.value.field == "does_workshop"
    assert not Repairer.objects.exists()


def test_update_repairer_keeps_the_old_values_on_error(tenant_a, tenant_b):
    repairer = make_repairer("Fixit", capacity=3)

    with pytest.raises(RepairerError) as caught:
        actions.update_repairer(repairer, capacity=6, latitude="123")
    assert caught.value.field == "latitude"
    repairer.refresh_from_db()
    assert repairer.capacity == 3 and repairer.latitude is None

    actions.update_repairer(repairer, capacity=6, city=" Paris ")
    repairer.refresh_from_db()
    assert (repairer.capacity, repairer.city) == (6, "Paris")


@pytest.mark.parametrize("prefix", ["75-0", "7501234567890", "", "  "])
def test_a_bad_zone_prefix_is_refused(tenant_a, tenant_b, prefix):
    repairer = make_repairer("Fixit")

    with pytest.raises(RepairerError) as caught:
        actions.add_zone(repairer, kind="postal_prefix", postal_prefix=prefix)

    assert caught.value.field == "postal_prefix"
    assert list(ServiceZone.objects.values_list("postal_prefix", flat=True)) == ["75"]


@pytest.mark.parametrize("radius", [0, 501, "ten", None, "-5"])
def test_a_bad_radius_is_refused(tenant_a, tenant_b, radius):
    repairer = make_repairer("Fixit")

    with pytest.raises(RepairerError) as caught:
        actions.add_zone(repairer, kind="radius", latitude="48.85", longitude="2.35",
                         radius_km=radius)

    assert caught.value.field == "radius_km"
    assert not ServiceZone.objects.filter(kind="radius").exists()


def test_a_radius_zone_needs_a_valid_centre_and_a_known_kind(tenant_a, tenant_b):
    repairer = make_repairer("Fixit")

    with pytest.raises(RepairerError) as caught:
        actions.add_zone(repairer, kind="radius", latitude="95", longitude="2.35", radius_km=10)
    assert caught.value.field == "latitude"
    with pytest.raises(RepairerError) as caught:
        actions.add_zone(repairer, kind="circle", postal_prefix="75")
    assert caught.value.field == "kind"

    zone = actions.add_zone(repairer, kind="radius", latitude="48.85", longitude="2.35",
                            radius_km="25")
    assert zone.radius_km == 25 and ServiceZone.objects.count() == 2


@pytest.mark.parametrize(("spans", "field"), [
    ([(0, time(8), time(12)), (0, time(11), time(14))], "opening_hours"),
    ([(2, time(9), time(18)), (2, time(9), time(10))], "opening_hours"),
    ([(1, time(18), time(9))], "opening_hours.0.closes_at"),
    ([(1, time(9), time(12)), (3, time(10), time(10))], "opening_hours.1.closes_at"),
    ([(7, time(9), time(12))], "opening_hours.0.weekday"),
])
def test_bad_opening_hours_are_refused_and_the_old_ones_kept(tenant_a, tenant_b, spans, field):
    repairer = make_repairer("Fixit")

    with pytest.raises(RepairerError) as caught:
        actions.set_opening_hours(repairer, spans)

    assert caught.value.field == field
    assert OpeningHours.objects.filter(repairer=repairer).count() == 7


def test_opening_hours_replace_the_week(tenant_a, tenant_b):
    repairer = make_repairer("Fixit")

    actions.set_opening_hours(repairer, [(0, time(14), time(19)), (0, time(8), time(12))])

    assert list(repairer.opening_hours.values_list("weekday", "opens_at", "closes_at")) == [
        (0, time(8), time(12)), (0, time(14), time(19))]


def test_an_absence_cannot_end_before_it_starts(tenant_a, tenant_b):
    repairer = make_repairer("Fixit")

    with pytest.raises(RepairerError) as caught:
        actions.add_absence(repairer, starts_on=date(2026, 8, 10), ends_on=date(2026, 8, 1))
    assert caught.value.field == "ends_on"
    with pytest.raises(RepairerError) as caught:
        actions.add_absence(repairer, starts_on="tomorrow", ends_on=date(2026, 8, 1))
    assert caught.value.field == "starts_on"
    assert not Absence.objects.exists()

    absence = actions.add_absence(repairer, starts_on=date(2026, 8, 1), ends_on=date(2026, 8, 1))
    actions.remove_absence(repairer, absence.pk)
    assert not Absence.objects.exists()


def test_skills_are_normalised_and_validated(tenant_a, tenant_b):
    repairer = make_repairer("Fixit")

    with pytest.raises(RepairerError) as caught:
        actions.set_skills(repairer, [("phone", ""), ("wash/ing", "")])
    assert caught.value.field == "skills.1.category"
    assert list(Skill.objects.values_list("category", "brand")) == [("phone", "")]

    actions.set_skills(repairer, [("Washing machine", "Bosch"), ("phone", "")])
    assert sorted(Skill.objects.values_list("category", "brand")) == [
        ("phone", ""), ("washing-machine", "bosch")]


def test_allowed_tenants_are_either_everyone_or_a_list(tenant_a, tenant_b):
    repairer = make_repairer("Fixit")

    with pytest.raises(RepairerError) as caught:
        actions.set_allowed_tenants(repairer, serves_all_tenants=False, tenants=[])
    assert caught.value.field == "tenants"
    repairer.refresh_from_db()
    assert repairer.serves_all_tenants

    actions.set_allowed_tenants(repairer, serves_all_tenants=False, tenants=[tenant_b])
    repairer.refresh_from_db()
    assert not repairer.serves_all_tenants
    assert list(repairer.allowed_tenants.all()) == [tenant_b]


def test_invitation_creates_a_passwordless_repairer_user_and_mails_a_public_link(
        tenant_a, tenant_b, operator, public_client, django_capture_on_commit_callbacks):
    repairer = make_repairer("Fixit")

    with django_capture_on_commit_callbacks(execute=True):
        user = actions.invite_repairer_member(repairer, " Tech@Fixit.TEST ",
                                              invited_by=operator)

    assert user.email == "tech@fixit.test" and user.role == Role.REPAIRER
    assert not user.has_usable_password()
    assert RepairerMember.objects.get(user=user).repairer == repairer
    [message] = mail.outbox
    assert message.to == ["tech@fixit.test"]
    assert "http://localhost/repairers/invitation/" in message.body
    assert "alpha.localhost" not in message.body and "beta.localhost" not in message.body
    link = next(word for word in message.body.split() if "/repairers/invitation/" in word)
    assert public_client.get(link.removeprefix("http://localhost")).status_code == 200


def test_invitation_refuses_a_bad_or_taken_email(tenant_a, tenant_b, operator,
                                                 django_capture_on_commit_callbacks):
    repairer = make_repairer("Fixit")

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RepairerError) as caught:
            actions.invite_repairer_member(repairer, "nobody", invited_by=operator)
        assert caught.value.field == "email"
        with pytest.raises(RepairerError) as caught:
            actions.invite_repairer_member(repairer, operator.email.upper(), invited_by=operator)
        assert (caught.value.field, caught.value.status) == ("email", 409)

    assert not RepairerMember.objects.exists()
    assert not User.objects.filter(role=Role.REPAIRER).exists()
    assert mail.outbox == []
