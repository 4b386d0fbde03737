"""Matrix rows of the customer timeline pages (/track/) and of the repairs API."""

from django_tenants.utils import tenant_context

from tenant_apps.customers.models import Customer
from tenant_apps.repairs.models import Device, Quote, RepairNote, RepairOrder
from tenant_apps.repairs.quote_actions import create_quote
from tenant_apps.repairs.timeline import timeline_token
from tests.matrix_parts import ANYONE, TENANT, Row
from tests.repairs.helpers import STAFF_EMAIL, at_status, lines, new_device, new_repair, sent_quote

_MINE = ("reference=repair_reference",)
_STAFF = ("pk=repair_id",)

ROWS = {
    (TENANT, "timeline:repair"): Row("customer", kwargs=_MINE),
    (TENANT, "timeline:signed"): Row(ANYONE, kwargs=("token=repair_timeline_token",)),
    (TENANT, "tenant_api:repairs-devices"): Row("customer"),
    (TENANT, "tenant_api:repairs-device"): Row("customer", kwargs=("pk=repair_device_id",)),
    (TENANT, "tenant_api:repairs-mine"): Row("customer"),
    (TENANT, "tenant_api:repairs-mine-detail"): Row("customer", kwargs=_MINE),
    (TENANT, "tenant_api:repairs-mine-quote"): Row("customer", kwargs=_MINE),
    (TENANT, "tenant_api:repairs-mine-quote-accept"): Row("customer", "post", _MINE),
    (TENANT, "tenant_api:repairs-mine-quote-decline"): Row("customer", "post", _MINE),
    (TENANT, "tenant_api:repairs-list"): Row("counter_staff"),
    (TENANT, "tenant_api:repairs-detail"): Row("counter_staff", kwargs=_STAFF),
    (TENANT, "tenant_api:repairs-transition"): Row("counter_staff", "post", _STAFF),
    (TENANT, "tenant_api:repairs-notes"): Row("counter_staff", "post", _STAFF),
    (TENANT, "tenant_api:repairs-quotes"): Row("counter_staff", "post", _STAFF),
    (TENANT, "tenant_api:repairs-quote-send"): Row(
        "counter_staff", "post", (*_STAFF, "quote_id=repair_draft_quote_id")),
}


def objects(tenant, users) -> dict:  # type: ignore[no-untyped-def]
    """A repair of users["customer"] with a quote to answer and a revision in draft."""
    with tenant_context(tenant):
        customer = Customer.objects.get(user=users["customer"])
        repair = at_status(new_repair("diagnosis", device=new_device(customer)), "diagnosing")
        sent_quote(repair)
        draft = create_quote(repair, lines(), actor_email=STAFF_EMAIL)
        token = timeline_token(repair)
    return {"repair_id": repair.pk, "repair_reference": repair.reference,
            "repair_device_id": repair.device_id, "repair_draft_quote_id": draft.pk,
            "repair_timeline_token": token}


def snapshot(tenant) -> tuple:  # type: ignore[no-untyped-def]
    with tenant_context(tenant):
        return (tuple(RepairOrder.objects.order_by("pk").values_list("pk", "status")),
                tuple(Quote.objects.order_by("pk").values_list("pk", "status")),
                RepairNote.objects.count(), Device.objects.count())
