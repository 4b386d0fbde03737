"""Shipments on the order page of the back office, the customer's tracking panel, isolation."""

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.commerce.models import Order
from tenant_apps.logistics.models import Shipment, ShipmentEvent
from tests.commerce.helpers import logged_in
from tests.orders.helpers import customer_user, placed_order, staff

from .helpers import COLISSIMO_NUMBER, processing_order

pytestmark = pytest.mark.django_db

LINK = "https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901"


@pytest.fixture
def desk_a(client_a, tenant_a):  # type: ignore[no-untyped-def]
    return logged_in(client_a, tenant_a, staff(tenant_a, "desk@alpha.test"))


def _ship(client, order, number=COLISSIMO_NUMBER, carrier="colissimo"):  # type: ignore[no-untyped-def]
    return client.post(f"/backoffice/shipments/orders/{order.pk}/",
                       {"carrier": carrier, "tracking_number": number})


def test_staff_ship_an_order_and_see_the_parcel_with_its_link(
        desk_a, tenant_a, django_capture_on_commit_callbacks):
    order = processing_order(tenant_a, "parcel@example.com")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _ship(desk_a, order)
    assert response.status_code == 302 and response["Location"].endswith(f"/{order.pk}/")
    assert [message.to for message in mail.outbox] == [["parcel@example.com"]]
    detail = desk_a.get(f"/backoffice/orders/{order.pk}/").content.decode()
    assert 'data-status="shipped"' in detail and COLISSIMO_NUMBER in detail
    assert LINK in detail and 'data-shipment-target="delivered"' in detail
    assert 'id="shipment-form"' not in detail  # a shipped order is not offered shipping again
    with tenant_context(tenant_a):
        shipment = Shipment.objects.get(order=order)
    delivered = desk_a.post(f"/backoffice/shipments/{shipment.pk}/status/",
                            {"status": "delivered"})
    assert delivered.status_code == 302
    with tenant_context(tenant_a):
        assert Order.objects.get(pk=order.pk).status == "delivered"
        assert Shipment.objects.get(pk=shipment.pk).status == "delivered"
    again = desk_a.post(f"/backoffice/shipments/{shipment.pk}/status/", {"status": "lost"})
    assert again.status_code == 409 and 'id="shipment-error"' in again.content.decode()
    assert desk_a.post(f"/backoffice/shipments/{shipment.pk}/status/",
                       {"status": "nope"}).status_code == 400


@pytest.mark.parametrize("carrier, number, field", [
    ("colissimo", "junk", "tracking_number"),
    ("colissimo", "", "tracking_number"),
    ("pigeon", COLISSIMO_NUMBER, "carrier"),
])
def test_bad_input_is_a_400_naming_the_field(desk_a, tenant_a, carrier, number, field):
    order = processing_order(tenant_a)
    response = _ship(desk_a, order, number, carrier)
    assert response.status_code == 400
    assert f'data-field="{field}"' in response.content.decode()
    with tenant_context(tenant_a):
        assert Order.objects.get(pk=order.pk).status == "processing"
        assert not Shipment.objects.exists()


def test_an_order_not_processing_is_refused_with_a_409(desk_a, tenant_a):
    order = placed_order(tenant_a)
    response = _ship(desk_a, order)
    body = response.content.decode()
    assert response.status_code == 409 and 'data-code="order_not_processing"' in body
    with tenant_context(tenant_a):
        assert not Shipment.objects.exists()


def test_customers_cannot_ship(client_a, tenant_a):
    order = processing_order(tenant_a)
    logged_in(client_a, tenant_a, customer_user(tenant_a, "shopper@example.com"))
    assert _ship(client_a, order).status_code == 403
    with tenant_context(tenant_a):
        assert not Shipment.objects.exists()


def test_the_customer_panel_shows_carrier_number_link_and_timeline(tenant_a):
    order = processing_order(tenant_a)
    with tenant_context(tenant_a):
        shipment = Shipment.objects.create(order=order, carrier="colissimo",
                                           tracking_number=COLISSIMO_NUMBER)
        ShipmentEvent.objects.create(shipment=shipment, status="created",
                                     message="Handed over", actor_email="desk@alpha.test")
        Shipment.objects.create(order=order, carrier="other", tracking_number="ABC123456")
        html = render_to_string("commerce/order_panels/shipments.html", {"order": order})
        assert "La Poste Colissimo" in html and COLISSIMO_NUMBER in html and LINK in html
        assert "Handed over" in html and "desk@alpha.test" not in html
        assert "Other carrier" in html and "ABC123456" in html
        assert html.count('class="tracking-link"') == 1
        nothing = render_to_string("commerce/order_panels/shipments.html",
                                   {"order": placed_order(tenant_a, "none@example.com")})
        assert "order-shipments" not in nothing


def test_one_store_never_touches_another_stores_shipments(client_b, tenant_a, tenant_b, desk_a):
    order = processing_order(tenant_a)
    assert _ship(desk_a, order).status_code == 302
    with tenant_context(tenant_a):
        shipment = Shipment.objects.get(order=order)
    with tenant_context(tenant_b):
        assert not Shipment.objects.filter(pk=shipment.pk).exists()
        beta_order_ids = set(Order.objects.values_list("pk", flat=True))
    logged_in(client_b, tenant_b, staff(tenant_b, "desk@beta.test", Role.MANAGER))
    assert client_b.post(f"/backoffice/shipments/{shipment.pk}/status/",
                         {"status": "delivered"}).status_code == 404
    assert order.pk not in beta_order_ids
    assert _ship(client_b, order, "6A99999999999").status_code == 404
    with tenant_context(tenant_a):
        assert Shipment.objects.get(pk=shipment.pk).status == "created"
        assert Shipment.objects.count() == 1
