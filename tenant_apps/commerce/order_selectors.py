"""Read models of the orders back office and API: the filtered list, one order with its history,
the rows of the CSV export."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tenants.lookups import is_database_id

from .order_models import Order, OrderEvent, OrderLine, OrderNote


@dataclass(frozen=True)
class OrderFilters:
    text: str = ""
    status: str = ""
    placed_from: date | None = None
    placed_to: date | None = None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def filtered_orders(filters: OrderFilters) -> QuerySet[Order]:
    """Orders matching the filters, newest first (the id breaks ties: pages never overlap)."""
    orders = Order.objects.order_by("-placed_at", "-id")
    if filters.status:
        orders = orders.filter(status=filters.status)
    if filters.placed_from is not None:
        orders = orders.filter(placed_at__gte=_day_start(filters.placed_from))
    if filters.placed_to is not None and filters.placed_to < date.max:
        # The "to" day is included: everything before the next day's midnight (the last day
        # there is has no next day, and bounds nothing).
        orders = orders.filter(placed_at__lt=_day_start(filters.placed_to + timedelta(days=1)))
    text = filters.text.strip()
    if text:
        orders = orders.filter(Q(reference__icontains=text) | Q(email__icontains=text)
                               | Q(customer_name__icontains=text))
    return orders


def search_orders(filters: OrderFilters) -> QuerySet[Order]:
    """Orders matching the filters, each with its line count: one query a page."""
    return filtered_orders(filters).annotate(line_count=Count("lines"))


# The columns of the CSV export, in order; "tracking_numbers" is a list.
EXPORT_FIELDS = ("reference", "placed_at", "status", "customer_name", "email", "vat_status",
                 "total_net", "total_tax", "total_gross", "currency", "delivery_label",
                 "delivery_method", "tracking_numbers")


def export_rows(filters: OrderFilters) -> QuerySet[Order, tuple[object, ...]]:
    """The export's rows as tuples of EXPORT_FIELDS: one query, however many orders match."""
    tracking = ArrayAgg("shipments__tracking_number", filter=Q(shipments__isnull=False),
                        order_by=("shipments__created_at", "shipments__id"), default=[])
    return (filtered_orders(filters).annotate(tracking_numbers=tracking)
            .values_list(*EXPORT_FIELDS))


def access_order(order_id: int) -> Order:
    """One order of the current tenant; unknown ids (and other tenants' ids) are a 404."""
    if not is_database_id(order_id):
        raise Http404("No such order.")
    order = Order.objects.select_related("customer").filter(pk=order_id).first()
    if order is None:
        raise Http404("No such order.")
    return order


@dataclass(frozen=True)
class OrderDetail:
    order: Order
    lines: list[OrderLine]
    events: list[OrderEvent]
    notes: list[OrderNote]


def order_detail(order: Order) -> OrderDetail:
    return OrderDetail(order, list(order.lines.all()), list(order.events.all()),
                       list(order.notes.all()))
