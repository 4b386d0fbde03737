"""A repair order's page in the back office: what staff see, the moves they are offered and the
ones refused (409 on the page, naming the field), notes, photos, the parcel back."""

import io

import pytest
from django.core import mail
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.logistics.models import Shipment
from tenant_apps.repairs import notifications
from tenant_apps.repairs.actions import add_repair_photo
from tenant_apps.repairs.models import RepairEvent, RepairNote, RepairOrder

from .backoffice_helpers import staff_client
from .helpers import at_status, image_bytes, new_device, new_repair, sent_quote

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk_a(client_a, tenant_a):
    return staff_client(client_a, tenant_a, "desk@alpha.test")


def _url(repair, tail: str = "") -> str:
    return f"/backoffice/repairs/{repair.pk}/{tail}"


def _status(tenant, repair) -> str:
    with tenant_context(tenant):
        return RepairOrder.objects.get(pk=repair.pk).status


def test_the_page_shows_device_customer_fault_photos_and_history(desk_a, tenant_a):
    with tenant_context(tenant_a):
        device = new_device(serial_or_imei="356938035643809", brand_name="Acme",
                            model_name="Phone 3")
        repair = new_repair("diagnosis", device=device)
        photo = add_repair_photo(repair, io.BytesIO(image_bytes()), name="crack.png")
        email = repair.customer.guest_email
    page = desk_a.get(_url(repair)).content.decode()
    assert repair.reference in page and "356938035643809" in page and "Acme Phone 3" in page
    assert email in page and "Does not turn on." in page
    assert _url(repair, f"photos/{photo.pk}/") in page
    assert 'data-to="awaiting_payment"' in page  # the history's first row
    assert 'data-target="cancelled"' in page


def test_photos_are_served_to_staff_as_images_only(desk_a, client_a, tenant_a):
    with tenant_context(tenant_a):
        repair = new_repair("diagnosis")
        photo = add_repair_photo(repair, io.BytesIO(image_bytes()), name="crack.png")
        other = new_repair("diagnosis")
    response = desk_a.get(_url(repair, f"photos/{photo.pk}/"))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.startswith(b"\x89PNG")
    assert desk_a.get(_url(other, f"photos/{photo.pk}/")).status_code == 404  # not its repair
    assert desk_a.get(_url(repair, "proof/")).status_code == 404  # no proof uploaded


def test_customers_cannot_open_the_page_or_its_photos(client_a, tenant_a):
    with tenant_context(tenant_a):
        repair = new_repair("diagnosis")
        photo = add_repair_photo(repair, io.BytesIO(image_bytes()), name="crack.png")
    customer = staff_client(client_a, tenant_a, "buyer@alpha.test", Role.CUSTOMER)
    assert customer.get(_url(repair)).status_code == 403
    assert customer.get(_url(repair, f"photos/{photo.pk}/")).status_code == 403
    assert customer.post(_url(repair, "status/"), {"status": "cancelled"}).status_code == 403
    assert _status(tenant_a, repair) == "awaiting_payment"


def test_an_on_site_repair_shows_the_visit(desk_a, tenant_a):
    with tenant_context(tenant_a):
        repair = new_repair("on_site")
    page = desk_a.get(_url(repair)).content.decode()
    assert 'id="repair-visit"' in page and "3 rue des Lilas, 69003 Lyon" in page
    assert "morning" in page


def test_the_workshop_takes_a_package_repair_through_to_shipped_back(desk_a, tenant_a):
    with tenant_context(tenant_a):
        repair = at_status(new_repair("package"), "awaiting_device")
    for target in ("received", "repairing", "repaired"):
        response = desk_a.post(_url(repair, "status/"), {"status": target})
        assert response.status_code == 302, target
        assert _status(tenant_a, repair) == target
    page = desk_a.get(_url(repair)).content.decode()
    assert 'id="ship-back-form"' in page and 'data-target="shipped_back"' not in page
    response = desk_a.post(_url(repair, "ship-back/"), {"carrier": "simulated",
                                                        "tracking_number": ""})
    assert response.status_code == 302
    assert _status(tenant_a, repair) == "shipped_back"
    with tenant_context(tenant_a):
        shipment = Shipment.objects.get(repair_order_id=repair.pk)
        assert shipment.leg == "from_repair_centre" and shipment.tracking_number
        events = list(RepairEvent.objects.filter(repair_order_id=repair.pk)
                      .values_list("to_status", "actor_email"))
    assert events[-1] == ("shipped_back", "desk@alpha.test")
    assert shipment.tracking_number in desk_a.get(_url(repair)).content.decode()


def test_the_workshop_diagnoses_then_quotes(desk_a, tenant_a):
    with tenant_context(tenant_a):
        repair = at_status(new_repair("diagnosis"), "received")
    assert desk_a.post(_url(repair, "status/"), {"status": "diagnosing"}).status_code == 302
    page = desk_a.get(_url(repair)).content.decode()
    assert 'id="quote-link"' in page
    assert 'data-target="quote_sent"' not in page  # the quote's send makes that move


@pytest.mark.parametrize(("path", "source", "target", "code"), [
    ("package", "repairing", "completed", "invalid_transition"),
    ("package", "received", "diagnosing", "invalid_transition"),
    ("diagnosis", "diagnosing", "quote_sent", "follows_quote"),
    ("package", "repaired", "shipped_back", "ship_with_parcel"),
    ("on_site", "awaiting_payment", "received", "invalid_transition"),
])
def test_refused_moves_show_on_the_page_with_409(desk_a, tenant_a, path, source, target, code):
    with tenant_context(tenant_a):
        repair = at_status(new_repair(path), source)
    response = desk_a.post(_url(repair, "status/"), {"status": target})
    page = response.content.decode()
    assert response.status_code == 409
    assert 'data-field="status"' in page and f'data-code="{code}"' in page
    assert _status(tenant_a, repair) == source


def test_an_unknown_status_is_a_400(desk_a, tenant_a):
    with tenant_context(tenant_a):
        repair = new_repair("diagnosis")
    response = desk_a.post(_url(repair, "status/"), {"status": "teleported"})
    assert response.status_code == 400 and 'data-field="status"' in response.content.decode()


def test_notes_are_added_and_an_empty_one_refused(desk_a, tenant_a):
    with tenant_context(tenant_a):
        repair = new_repair("diagnosis")
    assert desk_a.post(_url(repair, "notes/"), {"text": "Customer called."}).status_code == 302
    refused = desk_a.post(_url(repair, "notes/"), {"text": "   "})
    assert refused.status_code == 400 and 'data-field="text"' in refused.content.decode()
    with tenant_context(tenant_a):
        notes = list(RepairNote.objects.values_list("text", "author_email"))
    assert notes == [("Customer called.", "desk@alpha.test")]
    assert "Customer called." in desk_a.get(_url(repair)).content.decode()


def test_a_returning_device_ships_back_and_its_customer_hears_of_the_parcel(
        desk_a, tenant_a, django_capture_on_commit_callbacks):
    with tenant_context(tenant_a):
        repair = at_status(new_repair("diagnosis"), "returning")
    notifications.connect()
    mail.outbox.clear()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = desk_a.post(_url(repair, "ship-back/"), {"carrier": "simulated"})
    finally:
        notifications.connect()  # RepairsConfig.ready keeps it connected
    assert response.status_code == 302 and _status(tenant_a, repair) == "returning"
    with tenant_context(tenant_a):
        shipment = Shipment.objects.get(repair_order_id=repair.pk)
    assert len(mail.outbox) == 1 and shipment.tracking_number in mail.outbox[0].body


def test_shipping_back_is_refused_before_the_repair_is_done(desk_a, tenant_a):
    with tenant_context(tenant_a):
        repair = at_status(new_repair("package"), "repairing")
    response = desk_a.post(_url(repair, "ship-back/"), {"carrier": "simulated"})
    assert response.status_code == 409
    assert 'data-field="status"' in response.content.decode()
    with tenant_context(tenant_a):
        assert not Shipment.objects.filter(repair_order_id=repair.pk).exists()


def test_a_bad_tracking_number_is_refused_naming_the_field(desk_a, tenant_a):
    with tenant_context(tenant_a):
        repair = at_status(new_repair("package"), "repaired")
    response = desk_a.post(_url(repair, "ship-back/"),
                           {"carrier": "colissimo", "tracking_number": "not a number"})
    assert response.status_code == 400
    assert 'data-field="tracking_number"' in response.content.decode()
    unknown = desk_a.post(_url(repair, "ship-back/"), {"carrier": "pigeon"})
    assert unknown.status_code == 400 and 'data-field="carrier"' in unknown.content.decode()
    assert _status(tenant_a, repair) == "repaired"


def test_a_quote_awaiting_its_answer_offers_no_move(desk_a, tenant_a):
    with tenant_context(tenant_a):
        repair = at_status(new_repair("diagnosis"), "diagnosing")
        sent_quote(repair)
    assert 'id="repair-transitions"' not in desk_a.get(_url(repair)).content.decode()
    response = desk_a.post(_url(repair, "status/"), {"status": "returning"})
    assert response.status_code == 409
    assert 'data-code="quote_pending"' in response.content.decode()
    assert _status(tenant_a, repair) == "quote_sent"
