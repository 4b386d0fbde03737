"""Read models of shipments: an order's parcels with their timelines, one shipment by id."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from tenant_apps.commerce.order_models import Order

from .models import Shipment, ShipmentEvent

# A database id is a bigint: larger numbers name nothing and must not reach the query.
MAX_ID = 2**63 - 1


def with_timelines(shipments: QuerySet[Shipment]) -> QuerySet[Shipment]:
    return shipments.prefetch_related(
        Prefetch("events", queryset=ShipmentEvent.objects.order_by("occurred_at", "id")))


def order_shipments(order: Order) -> list[Shipment]:
    """The order's parcels, oldest first, each with its tracking events: two queries."""
    return list(with_timelines(Shipment.objects.filter(order=order).order_by("created_at", "id")))


def access_shipment(shipment_id: int) -> Shipment:
    """One shipment of the current tenant; unknown ids (and other tenants' ids) are a 404."""
    if isinstance(shipment_id, bool) or not isinstance(shipment_id, int) \
            or not 0 < shipment_id <= MAX_ID:
        raise Http404("No such shipment.")
    shipment = Shipment.objects.filter(pk=shipment_id).first()
    if shipment is None:
        raise Http404("No such shipment.")
    return shipment
