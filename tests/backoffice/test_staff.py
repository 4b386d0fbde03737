"""Staff page: invitations with a set-password link, deactivation that ends access at once."""

import pytest
from django.core import mail
from django_tenants.utils import tenant_context

from tenant_apps.accounts.actions import invite_staff
from tenant_apps.accounts.models import Role, User, UserEvent
from tests.conftest import HOST_A, PASSWORD

from .helpers import links_in, only_message_to, staff_log_in, user_exists

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "plum-lantern-orbit-42"


@pytest.fixture
def manager_client(client_a, tenant_a, user_factory):
    user_factory(tenant_a, "manager@alpha.test", Role.MANAGER)
    staff_log_in(client_a, "manager@alpha.test")
    return client_a


def invitation_path(address: str) -> str:
    message = only_message_to(address)
    (link,) = links_in(message)
    prefix = f"http://{HOST_A}"
    assert link.startswith(f"{prefix}/backoffice/invitation/")
    return link[len(prefix):]


def test_staff_page_lists_staff_with_their_status_and_no_customers(
    manager_client, tenant_a, user_factory
):
    user_factory(tenant_a, "gone@alpha.test", Role.COUNTER_STAFF, is_active=False)
    user_factory(tenant_a, "shopper@alpha.test", Role.CUSTOMER)

    body = manager_client.get("/backoffice/staff/").content.decode()

    assert 'data-email="manager@alpha.test"' in body
    assert 'data-email="gone@alpha.test"' in body and "Deactivated" in body
    assert 'data-email="boss@alpha.test"' in body and "Invited" in body
    assert "shopper@alpha.test" not in body


def test_invitation_mail_carries_a_link_on_alpha_domain_and_no_password(
    manager_client, tenant_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            "/backoffice/staff/invite/", {"email": "New@Alpha.test", "role": Role.COUNTER_STAFF}
        )

    assert response.status_code == 302
    message = only_message_to("new@alpha.test")
    html = message.alternatives[0][0]
    assert "Alpha Phones" in message.subject
    assert "awal" not in f"{message.subject}{message.body}{html}".lower()
    assert message.from_email.startswith('"Alpha Phones"')
    invitation_path("new@alpha.test")
    with tenant_context(tenant_a):
        invited = User.objects.get(email="new@alpha.test")
        assert invited.role == Role.COUNTER_STAFF and not invited.has_usable_password()
        assert invited.events.filter(kind=UserEvent.Kind.INVITED,
                                     actor_email="manager@alpha.test").exists()


def test_invitation_link_sets_the_password_once(client_a, tenant_a,
                                                django_capture_on_commit_callbacks):
    with tenant_context(tenant_a), django_capture_on_commit_callbacks(execute=True):
        invite_staff("clerk@alpha.test", role=Role.COUNTER_STAFF, invited_by=None)
    path = invitation_path("clerk@alpha.test")

    assert client_a.get(path).status_code == 200
    response = client_a.post(path, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/backoffice/login/"

    staff_log_in(client_a, "clerk@alpha.test", NEW_PASSWORD)
    again = client_a.post(path, {"password": "another-" + NEW_PASSWORD,
                                 "password_again": "another-" + NEW_PASSWORD})
    assert again.status_code == 400
    assert client_a.get(path).status_code == 400
    with tenant_context(tenant_a):
        assert User.objects.get(email="clerk@alpha.test").check_password(NEW_PASSWORD)


def test_invitation_link_of_alpha_does_not_work_on_beta(
    client_b, tenant_a, tenant_b, django_capture_on_commit_callbacks
):
    with tenant_context(tenant_a), django_capture_on_commit_callbacks(execute=True):
        invited = invite_staff("clerk@alpha.test", role=Role.MANAGER, invited_by=None)
    path = invitation_path("clerk@alpha.test")
    # Beta has a user with the very same id, so only the tenant binding can refuse the link.
    with tenant_context(tenant_b):
        User.objects.create_user("twin@beta.test", None, pk=invited.pk, role=Role.MANAGER)

    assert client_b.get(path).status_code == 400
    response = client_b.post(path, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})

    assert response.status_code == 400
    with tenant_context(tenant_b):
        assert not User.objects.get(pk=invited.pk).has_usable_password()


def test_inviting_an_existing_address_names_the_field(manager_client, tenant_a):
    response = manager_client.post(
        "/backoffice/staff/invite/", {"email": "boss@alpha.test", "role": Role.MANAGER}
    )

    assert response.status_code == 409
    assert 'data-field="email"' in response.content.decode()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": "not-an-address", "role": Role.MANAGER}, "email"),
        ({"email": "x@alpha.test", "role": Role.CUSTOMER}, "role"),
        ({"email": "x@alpha.test", "role": Role.OPERATOR}, "role"),
    ],
)
def test_bad_invitations_give_400_naming_the_field(manager_client, tenant_a, data, field):
    response = manager_client.post("/backoffice/staff/invite/", data)

    assert response.status_code == 400
    assert f'data-field="{field}"' in response.content.decode()
    assert not user_exists(tenant_a, "x@alpha.test")


def test_deactivated_staff_lose_their_session_and_cannot_log_in(
    manager_client, tenant_a, user_factory
):
    clerk = user_factory(tenant_a, "clerk@alpha.test", Role.COUNTER_STAFF)
    clerk_client = type(manager_client)(HTTP_HOST=HOST_A)
    staff_log_in(clerk_client, "clerk@alpha.test")
    assert clerk_client.get("/backoffice/").status_code == 200

    response = manager_client.post(f"/backoffice/staff/{clerk.pk}/deactivate/")

    assert response.status_code == 302
    assert clerk_client.get("/backoffice/").status_code == 302
    login = clerk_client.post("/backoffice/login/",
                              {"email": "clerk@alpha.test", "password": PASSWORD})
    assert login.status_code == 400

    assert manager_client.post(f"/backoffice/staff/{clerk.pk}/reactivate/").status_code == 302
    staff_log_in(clerk_client, "clerk@alpha.test")


def test_a_manager_cannot_deactivate_themselves(manager_client, tenant_a):
    with tenant_context(tenant_a):
        me = User.objects.get(email="manager@alpha.test")

    response = manager_client.post(f"/backoffice/staff/{me.pk}/deactivate/")

    assert response.status_code == 409
    assert manager_client.get("/backoffice/").status_code == 200


def test_customers_and_unknown_ids_are_not_staff_members(manager_client, tenant_a, user_factory):
    shopper = user_factory(tenant_a, "shopper@alpha.test", Role.CUSTOMER)

    assert manager_client.post(f"/backoffice/staff/{shopper.pk}/deactivate/").status_code == 404
    assert manager_client.post("/backoffice/staff/999999/deactivate/").status_code == 404
    with tenant_context(tenant_a):
        assert User.objects.get(pk=shopper.pk).is_active


def test_deactivation_needs_a_post(manager_client, tenant_a):
    with tenant_context(tenant_a):
        boss = User.objects.get(email="boss@alpha.test")

    assert manager_client.get(f"/backoffice/staff/{boss.pk}/deactivate/").status_code == 405
