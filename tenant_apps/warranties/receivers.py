"""What warranties do when a repair order moves: a completed repair carries its warranty."""

from typing import Any

from tenant_apps.repairs.models import RepairOrder
from tenant_apps.repairs.state import RepairStatus

from .actions import create_repair_warranty


def grant_repair_warranty(sender: Any, *, repair: RepairOrder, to_status: str,
                          **kwargs: Any) -> None:
    """Receiver of ``repair_status_changed``: runs in the transaction that moves the repair."""
    if to_status == RepairStatus.COMPLETED:
        create_repair_warranty(repair)
