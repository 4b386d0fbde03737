"""Read models of shipments: an order's parcels with their timelines, one shipment by id, the
labels a user may download, the back office's recent parcels."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from tenant_apps.accounts.models import User
from tenant_apps.commerce.order_models import Order
from tenants.lookups import is_database_id

from .models import Shipment, ShipmentEvent


def with_timelines(shipments: QuerySet[Shipment]) -> QuerySet[Shipment]:
    return shipments.prefetch_related(
        Prefetch("events", queryset=ShipmentEvent.objects.order_by("occurred_at", "id")))


def order_shipments(order: Order) -> list[Shipment]:
    """The order's parcels, oldest first, each with its tracking events: two queries."""
    return list(with_timelines(Shipment.objects.filter(order=order).order_by("created_at", "id")))


def access_shipment(shipment_id: int) -> Shipment:
    """One shipment of the current tenant; unknown ids (and other tenants' ids) are a 404."""
    if not is_database_id(shipment_id):
        raise Http404("No such shipment.")
    shipment = Shipment.objects.filter(pk=shipment_id).first()
    if shipment is None:
        raise Http404("No such shipment.")
    return shipment


def may_read_label(user: User | object, shipment: Shipment) -> bool:
    """A repair parcel's label: for the tenant's staff and the signed-in owner of the repair."""
    if not isinstance(user, User) or not user.is_authenticated or shipment.repair_order is None:
        return False
    if user.is_store_staff:
        return True
    owner = shipment.repair_order.customer.user_id
    return owner is not None and owner == user.pk


def access_label_shipment(user: User | object, shipment_id: int) -> Shipment:
    """A repair shipment whose label the user may download; missing and forbidden are one 404."""
    shipment = (Shipment.objects.select_related("repair_order__customer__user")
                .filter(pk=shipment_id, repair_order__isnull=False).first()
                if is_database_id(shipment_id) else None)
    if shipment is None or not may_read_label(user, shipment):
        raise Http404("No such shipment.")
    return shipment


def recent_shipments(limit: int = 100) -> list[Shipment]:
    """The back office's parcel list: newest first, with what each belongs to."""
    return list(Shipment.objects.select_related("order", "repair_order")
                .order_by("-created_at", "-id")[:limit])
