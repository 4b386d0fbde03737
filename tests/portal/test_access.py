"""Who gets into the repairer portal: login, logout, invitations and the permission matrix."""

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from shared_apps.dispatch.models import JobOffer
from shared_apps.dispatch.state import JobStatus, OfferStatus
from shared_apps.repairers.selectors import repairer_for_user
from tenant_apps.accounts.models import Role
from tenant_apps.accounts.tokens import encode_uid, password_token_generator
from tests.conftest import HOST_A, PASSWORD, PUBLIC_HOST, make_user

from .conftest import make_member, new_job, offer_of, portal_client

pytestmark = pytest.mark.django_db

PAGES = ["/repairers/", "/repairers/jobs/", "/repairers/profile/",
         f"/repairers/jobs/{uuid.uuid4()}/"]


def log_in(client: Client, email: str, password: str = PASSWORD):
    return client.post("/repairers/login/", {"email": email, "password": password})


def _post_actions(client: Client, offer: JobOffer) -> list[int]:
    return [
        client.post(f"/repairers/offers/{offer.pk}/accept/").status_code,
        client.post(f"/repairers/offers/{offer.pk}/decline/", {"reason": "no_parts"}).status_code,
        client.post(f"/repairers/jobs/{offer.job.uid}/progress/",
                    {"status": "received"}).status_code,
    ]


def _offer_untouched(offer: JobOffer) -> bool:
    offer.refresh_from_db()
    offer.job.refresh_from_db()
    return offer.status == OfferStatus.OFFERED and offer.job.status == JobStatus.OFFERED


def test_a_repairer_logs_in_and_out(public_client, member_one, tenant_a, tenant_b):
    response = log_in(public_client, "tech@rapidfix.test")

    assert response.status_code == 302 and response["Location"] == "/repairers/"
    page = public_client.get("/repairers/")
    assert page.status_code == 200 and "Offers for Rapid Fix" in page.content.decode()

    logged_out = public_client.post("/repairers/logout/")
    assert logged_out.status_code == 302 and logged_out["Location"] == "/repairers/login/"
    assert public_client.get("/repairers/").status_code == 302


def test_login_returns_to_the_page_asked_for_but_never_off_site(public_client, member_one):
    response = public_client.post("/repairers/login/?next=/repairers/jobs/",
                                  {"email": "tech@rapidfix.test", "password": PASSWORD})
    assert response["Location"] == "/repairers/jobs/"

    public_client.post("/repairers/logout/")
    response = public_client.post("/repairers/login/?next=https://evil.test/",
                                  {"email": "tech@rapidfix.test", "password": PASSWORD})
    assert response["Location"] == "/repairers/"


def test_wrong_password_and_bad_input_are_refused_with_the_field(public_client, member_one):
    wrong = log_in(public_client, "tech@rapidfix.test", "wrong-password")
    assert wrong.status_code == 400 and "incorrect" in wrong.content.decode()

    malformed = public_client.post("/repairers/login/", {"email": "not-an-email"})
    assert malformed.status_code == 400
    assert 'data-field="email"' in malformed.content.decode()
    assert 'data-field="password"' in malformed.content.decode()
    assert public_client.get("/repairers/").status_code == 302


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.MANAGER, Role.CUSTOMER])
def test_other_public_users_cannot_log_in_to_the_portal(public_client, role):
    make_user(None, "someone@platform.test", role=role)

    response = log_in(public_client, "someone@platform.test")

    assert response.status_code == 400
    assert "_auth_user_id" not in public_client.session


def test_a_repairer_user_without_a_membership_cannot_log_in(public_client):
    make_user(None, "orphan@repairer.test", role=Role.REPAIRER)

    assert log_in(public_client, "orphan@repairer.test").status_code == 400
    assert "_auth_user_id" not in public_client.session


def test_login_is_throttled_after_repeated_failures(public_client, member_one, settings):
    settings.LOGIN_THROTTLE_ATTEMPTS = 3
    for _ in range(3):
        assert log_in(public_client, "tech@rapidfix.test", "wrong-password").status_code == 400

    throttled = log_in(public_client, "tech@rapidfix.test")

    assert throttled.status_code == 429
    assert public_client.get("/repairers/").status_code == 302


def test_anonymous_visitors_are_sent_to_the_portal_login(public_client, repairer_one,
                                                          tenant_a, tenant_b):
    job = new_job(tenant_a, "A-ANON")
    offer = offer_of(job, repairer_one)

    for url in PAGES:
        response = public_client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/repairers/login/?next=")
    assert _post_actions(public_client, offer) == [302, 302, 302]
    assert _offer_untouched(offer)


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.REPAIRER])
def test_signed_in_users_who_act_for_no_repairer_are_refused(repairer_one, tenant_a, tenant_b,
                                                              role):
    client = portal_client(make_user(None, "outsider@platform.test", role=role))
    job = new_job(tenant_a, "A-OUTSIDER")
    offer = offer_of(job, repairer_one)

    for url in PAGES:
        assert client.get(url).status_code == 403
    assert _post_actions(client, offer) == [403, 403, 403]
    assert _offer_untouched(offer)


def test_a_portal_session_is_anonymous_on_a_tenant_host(member_one, tenant_a):
    client = portal_client(member_one)
    tenant_client = Client(HTTP_HOST=HOST_A)
    tenant_client.cookies["sessionid"] = client.cookies["sessionid"].value

    assert tenant_client.get("/account/").status_code == 302
    assert tenant_client.get("/repairers/").status_code == 404


def test_actions_need_a_csrf_token(member_one, repairer_one, tenant_a, tenant_b):
    client = Client(HTTP_HOST=PUBLIC_HOST, enforce_csrf_checks=True)
    client.force_login(member_one)
    offer = offer_of(new_job(tenant_a, "A-CSRF"), repairer_one)

    assert client.post(f"/repairers/offers/{offer.pk}/accept/").status_code == 403
    assert _offer_untouched(offer)

    token = client.get("/repairers/").context["csrf_token"]
    response = client.post(f"/repairers/offers/{offer.pk}/accept/",
                           {"csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED


def test_an_invited_repairer_sets_a_password_then_logs_in(public_client, repairer_one):
    user = make_user(None, "new@rapidfix.test", role=Role.REPAIRER, password=None)
    repairer_one.members.create(user=user)
    url = f"/repairers/invitation/{encode_uid(user)}/{password_token_generator.make_token(user)}/"

    assert public_client.get(url).status_code == 200
    mismatch = public_client.post(url, {"password": PASSWORD, "password_again": "other-9876"})
    assert mismatch.status_code == 400
    assert 'data-field="password_again"' in mismatch.content.decode()
    done = public_client.post(url, {"password": PASSWORD, "password_again": PASSWORD})

    assert done.status_code == 302 and done["Location"] == "/repairers/login/"
    assert log_in(public_client, "new@rapidfix.test").status_code == 302
    assert public_client.get(url).status_code == 400


def test_invitation_links_are_refused_when_forged_or_not_for_a_repairer(public_client):
    operator = make_user(None, "ops@platform.test", role=Role.OPERATOR, password=None)
    operator_link = (f"/repairers/invitation/{encode_uid(operator)}/"
                     f"{password_token_generator.make_token(operator)}/")
    repairer = make_user(None, "new@rapidfix.test", role=Role.REPAIRER, password=None)

    assert public_client.post(operator_link, {"password": PASSWORD,
                                              "password_again": PASSWORD}).status_code == 400
    assert public_client.get(f"/repairers/invitation/{encode_uid(repairer)}/forged-token/"
                             ).status_code == 400
    assert public_client.get("/repairers/invitation/@@@/forged-token/").status_code == 400
    operator.refresh_from_db()
    assert not operator.has_usable_password()


def test_repairer_for_user_finds_only_members(member_one, repairer_one):
    assert repairer_for_user(member_one) == repairer_one
    assert repairer_for_user(make_user(None, "ops@platform.test", role=Role.OPERATOR)) is None
    assert repairer_for_user(make_user(None, "lone@shop.test", role=Role.REPAIRER)) is None
    assert repairer_for_user(make_member(repairer_one, "second@rapidfix.test")) == repairer_one
    assert repairer_for_user(AnonymousUser()) is None
