"""The customer's parcel to the repair centre: asked of logistics once a repair awaits the device.

Logistics (tenant_apps.logistics.repair_shipping) depends on repairs, so it is imported when used;
a store without it simply gets no label. A label that cannot be made never undoes what called
for it (a payment, a warranty repair): the failure is logged and staff can make one by hand.
"""

import importlib
import logging
from typing import Any

from django.db import transaction

from .models import RepairOrder
from .state import RepairPath, RepairStatus

logger = logging.getLogger(__name__)

SHIPPING_MODULE = "tenant_apps.logistics.repair_shipping"
TO_REPAIR_CENTRE = "to_repair_centre"


def _create_repair_shipment() -> Any:
    try:
        module = importlib.import_module(SHIPPING_MODULE)
    except ModuleNotFoundError as missing:
        if missing.name != SHIPPING_MODULE:
            raise
        return None
    return getattr(module, "create_repair_shipment", None)


def request_inbound_shipment(repair: RepairOrder, *, actor_email: str) -> Any:
    """The shipment (with its return label) that brings ``repair``'s device in, or None.

    Only for a device that travels and is awaited; runs in a savepoint of the caller's
    transaction, so a refusal rolls back the shipment alone.
    """
    if repair.path == RepairPath.ON_SITE or repair.status != RepairStatus.AWAITING_DEVICE:
        return None
    create = _create_repair_shipment()
    if create is None:
        logger.info("No repair shipping module: no return label for %s", repair.reference)
        return None
    try:
        with transaction.atomic():
            return create(repair, leg=TO_REPAIR_CENTRE, actor_email=actor_email)
    except Exception:  # a label must never undo a payment: logged, staff make it by hand
        logger.exception("Return label for %s could not be made", repair.reference)
        return None
