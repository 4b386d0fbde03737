"""Review: hostile input on the repair pages and API gets a 4xx, never a 500; stored files are
served as attachments; visit slots are bounded."""

import json
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.customers.models import Customer
from tenant_apps.repairs.actions import MAX_SLOT_DAYS_AHEAD, VisitRequest, VisitSlot
from tenant_apps.repairs.errors import RepairError
from tenant_apps.repairs.models import RepairPhoto, is_reference_shaped
from tenant_apps.repairs.uploads import CONTENT_TYPES, PDF, PNG
from tests.commerce.helpers import customer_user, logged_in
from tests.conftest import make_user

from .helpers import MINIMAL_PDF, image_bytes, new_device, new_repair
from .journey_helpers import terms

pytestmark = pytest.mark.django_db
HOST_A = "alpha.localhost"


@pytest.mark.parametrize("reference", ["R-%00", "R-000001%00", "%00", "R-0000001%0A"])
def test_a_nul_byte_in_a_reference_is_a_404_not_a_500(tenant_a, client_a, reference):
    user = customer_user(tenant_a, "nul@alpha.test")
    client = logged_in(client_a, tenant_a, user)
    with tenant_context(tenant_a):
        new_repair(device=new_device(Customer.objects.get(user=user)))
    for url in (f"/api/repairs/mine/{reference}/", f"/api/repairs/mine/{reference}/quote/",
                f"/track/repair/{reference}/"):
        assert client.get(url).status_code == 404, url
    for url in (f"/api/repairs/mine/{reference}/quote/accept/",
                f"/api/repairs/mine/{reference}/quote/decline/"):
        response = client.post(url, "{}", content_type="application/json")
        assert response.status_code in (400, 404), url


def test_reference_shape():
    assert is_reference_shaped("R-000001") and is_reference_shaped("R-1234567")
    for text in ("", "R-", "R-12345", "r-000001", "R-000001\n", "R-０００００１", "R-000001\x00",
                 "C-000001", "R-" + "1" * 11):
        assert not is_reference_shaped(text), text


def _visit(day) -> VisitRequest:
    return VisitRequest(street="1 rue A", postal_code="75001", city="Paris",
                        slots=(VisitSlot(day, "morning"),))


def test_visit_slots_are_bounded_ahead(tenant_a):
    from tenant_apps.repairs.actions import create_repair_order

    today = timezone.localdate()
    with tenant_context(tenant_a):
        device = new_device(travels=False)
        for day in (today, today + timedelta(days=MAX_SLOT_DAYS_AHEAD + 1),
                    today.replace(year=9999, month=12, day=31)):
            with pytest.raises(RepairError) as refused:
                create_repair_order(device, path="on_site", visit=_visit(day))
            assert refused.value.field == "preferred_slots"
        repair = create_repair_order(device, path="on_site",
                                     visit=_visit(today + timedelta(days=MAX_SLOT_DAYS_AHEAD)))
        assert repair.pk


def test_the_api_refuses_a_slot_years_ahead_naming_the_field(tenant_a, client_a):
    user = customer_user(tenant_a, "far@alpha.test")
    client = logged_in(client_a, tenant_a, user)
    with tenant_context(tenant_a):
        device = new_device(Customer.objects.get(user=user), travels=False)
        accepted = terms()
    body = {"device": device.pk, "path": "on_site", "visit_street": "1 rue A",
            "visit_postal_code": "75001", "visit_city": "Paris",
            "preferred_slots": [{"date": "9999-12-31", "period": "morning"}],
            "terms_accepted": True, "terms_version": accepted["terms_version"]}
    response = client.post("/api/repairs/mine/", json.dumps(body),
                           content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"preferred_slots"}
    with tenant_context(tenant_a):
        assert not device.repair_orders.exists()


def test_back_office_files_are_attachments_never_sniffed(tenant_a):
    staff = make_user(tenant_a, "files@alpha.test", Role.COUNTER_STAFF)
    client = Client(HTTP_HOST=HOST_A)
    with tenant_context(tenant_a):
        client.force_login(staff)
        repair = new_repair()
        device = repair.device
        device.proof_of_purchase.save("proof.pdf", ContentFile(MINIMAL_PDF), save=False)
        device.proof_content_type = CONTENT_TYPES[PDF]
        device.save()
        photo = RepairPhoto(repair_order=repair, content_type=CONTENT_TYPES[PNG])
        photo.image.save("photo.png", ContentFile(image_bytes("PNG")), save=False)
        photo.save()
    for url, content_type, name in (
            (f"/backoffice/repairs/{repair.pk}/proof/", "application/pdf",
             f"proof-of-purchase-{device.pk}.pdf"),
            (f"/backoffice/repairs/{repair.pk}/photos/{photo.pk}/", "image/png",
             f"photo-{photo.pk}.png")):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == content_type
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'


@pytest.mark.parametrize("version", ["x" * 41, "\x00"])
def test_a_malformed_terms_field_on_a_quote_is_a_400_and_accepts_nothing(tenant_a, client_a,
                                                                         version):
    from .helpers import at_status, sent_quote
    from .journey_helpers import fees

    user = customer_user(tenant_a, "terms@alpha.test")
    client = logged_in(client_a, tenant_a, user)
    with tenant_context(tenant_a):
        fees()
        repair = at_status(new_repair(device=new_device(Customer.objects.get(user=user))),
                           "diagnosing")
        quote = sent_quote(repair)
    response = client.post(f"/repairs/quotes/{quote.pk}/accept/",
                           {"terms_accepted": "on", "terms_version": version})
    assert response.status_code == 400
    assert 'data-code="invalid_terms"' in response.content.decode()
    with tenant_context(tenant_a):
        quote.refresh_from_db()
        assert quote.status == "sent" and quote.order_id is None


@pytest.mark.parametrize("country", ["ZZ", "1", "é"])
def test_an_unknown_visit_country_is_refused_naming_the_field(tenant_a, country):
    from tenant_apps.repairs.actions import create_repair_order

    day = timezone.localdate() + timedelta(days=1)
    with tenant_context(tenant_a):
        device = new_device(travels=False)
        with pytest.raises(RepairError) as refused:
            create_repair_order(device, path="on_site", visit=VisitRequest(
                street="1 rue A", postal_code="75001", city="Paris", country=country,
                slots=(VisitSlot(day, "morning"),)))
        assert refused.value.field == "visit_country"
        repair = create_repair_order(device, path="on_site", visit=VisitRequest(
            street="1 rue A", postal_code="75001", city="Paris", country="be",
            slots=(VisitSlot(day, "morning"),)))
        assert repair.visit_country == "BE"
