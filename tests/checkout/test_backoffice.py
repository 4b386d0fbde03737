"""Managers set the checkout up in the back office; counter staff may only read it."""

from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.catalog.actions import update_catalog_settings
from tenant_apps.commerce.checkout_actions import seed_checkout
from tenant_apps.commerce.models import CheckoutSettings, DeliveryOption
from tests.commerce.helpers import logged_in
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

OPTION = {"code": "chronopost", "label": "Chronopost express", "kind": "home",
          "price": "12.00", "price_entry": "excl", "vat_rate": "standard", "is_active": "on",
          "position": "30"}


def _manager(client, tenant):  # type: ignore[no-untyped-def]
    return logged_in(client, tenant, make_user(tenant, "boss2@alpha.test", Role.MANAGER))


def test_a_manager_adds_and_edits_a_delivery_option(client_a, tenant_a):
    client = _manager(client_a, tenant_a)
    assert client.get("/backoffice/checkout/").status_code == 200  # defaults created
    response = client.post("/backoffice/checkout/options/new/", OPTION)
    assert response.status_code == 302
    with tenant_context(tenant_a):
        option = DeliveryOption.objects.get(code="chronopost")
        assert option.taxed_price().gross.amount == Decimal("14.40")
    edit = client.post(f"/backoffice/checkout/options/{option.pk}/",
                       {**OPTION, "label": "Chronopost 13h", "is_active": ""})
    assert edit.status_code == 302
    with tenant_context(tenant_a):
        option.refresh_from_db()
        assert option.label == "Chronopost 13h" and not option.is_active
    assert "chronopost" not in str(client.get("/api/checkout/").json())


def test_a_new_option_is_priced_as_the_catalogue_says(client_a, tenant_a):
    with tenant_context(tenant_a):
        update_catalog_settings(prices_include_vat=False, default_vat_rate="reduced")
    page = _manager(client_a, tenant_a).get("/backoffice/checkout/options/new/")
    form = page.context["form"]
    assert form.initial["price_entry"] == "excl" and form.initial["vat_rate"] == "reduced"


@pytest.mark.parametrize(("changes", "field"), [
    ({"code": "Bad Code"}, "code"),
    ({"code": "colissimo"}, "code"),  # taken
    ({"price": "-1"}, "price"),
    ({"kind": "drone"}, "kind"),
])
def test_a_bad_option_names_the_field(client_a, tenant_a, changes, field):
    client = _manager(client_a, tenant_a)
    with tenant_context(tenant_a):
        seed_checkout()
        before = DeliveryOption.objects.count()
    response = client.post("/backoffice/checkout/options/new/", {**OPTION, **changes})
    assert response.status_code == 400
    assert f'data-field="{field}"' in response.content.decode()
    with tenant_context(tenant_a):
        assert DeliveryOption.objects.count() == before


def test_a_manager_changes_the_settings(client_a, tenant_a):
    client = _manager(client_a, tenant_a)
    response = client.post("/backoffice/checkout/settings/", {
        "terms_version": "2027-01", "terms_text": "New terms."})
    assert response.status_code == 302
    with tenant_context(tenant_a):
        settings = CheckoutSettings.objects.get()
        assert settings.terms_version == "2027-01" and not settings.allows_guest_checkout
    assert client.post("/backoffice/checkout/settings/", {"terms_text": "x"}).status_code == 400


def test_counter_staff_read_but_do_not_change(client_a, tenant_a):
    clerk = make_user(tenant_a, "clerk2@alpha.test", Role.COUNTER_STAFF)
    client = logged_in(client_a, tenant_a, clerk)
    page = client.get("/backoffice/checkout/").content.decode()
    assert "Colissimo home delivery" in page and 'id="new-option"' not in page
    assert client.post("/backoffice/checkout/options/new/", OPTION).status_code == 403
    assert client.post("/backoffice/checkout/settings/", {
        "terms_version": "x", "terms_text": "y"}).status_code == 403
    with tenant_context(tenant_a):
        assert not DeliveryOption.objects.filter(code="chronopost").exists()
        assert CheckoutSettings.objects.get().terms_version == "2026-11"


def test_seeding_twice_changes_nothing(tenant_a):
    with tenant_context(tenant_a):
        seed_checkout()
        seed_checkout()
        assert list(DeliveryOption.objects.values_list("code", flat=True)) == [
            "colissimo", "post-office"]
        assert CheckoutSettings.objects.count() == 1
