from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from .actions import CUSTOMER_MESSAGES
from .models import JobUpdate


@dataclass
class TimelineStep:
    at: datetime
    message: str
    quote_amount: Decimal | None = None


@dataclass
class RepairTimeline:
    order_reference: str
    steps: list[TimelineStep] = field(default_factory=list)


def repair_timelines_for(email: str) -> list[RepairTimeline]:
    """The customer's repairs with the steps they are told about, newest repair first.

    Only the tenant's own words reach the customer: never the repairer's name, never the
    operator's internal steps (unassigned, cancelled by the platform).
    """
    updates = JobUpdate.objects.filter(customer_email=email.strip().lower(),
                                       kind__in=CUSTOMER_MESSAGES).order_by("created_at", "id")
    timelines: dict[str, RepairTimeline] = {}
    for update in updates:
        timeline = timelines.setdefault(update.order_reference,
                                        RepairTimeline(update.order_reference))
        timeline.steps.append(TimelineStep(update.created_at, CUSTOMER_MESSAGES[update.kind],
                                           update.quote_amount))
    return list(reversed(timelines.values()))
