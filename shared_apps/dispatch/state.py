"""Statuses of a job and of an offer, with their transition tables."""

from django.db import models


class JobStatus(models.TextChoices):
    NEW = "new", "New"
    OFFERED = "offered", "Offered"
    UNASSIGNED = "unassigned", "Unassigned (operator queue)"
    ACCEPTED = "accepted", "Accepted"
    RECEIVED = "received", "Device received"
    DIAGNOSED = "diagnosed", "Diagnosed"
    REPAIRING = "repairing", "Repairing"
    REPAIRED = "repaired", "Repaired"
    SHIPPED_BACK = "shipped_back", "Shipped back"
    CANCELLED = "cancelled", "Cancelled"


JOB_TRANSITIONS: dict[str, frozenset[str]] = {
    JobStatus.NEW: frozenset({JobStatus.OFFERED, JobStatus.UNASSIGNED, JobStatus.CANCELLED}),
    JobStatus.OFFERED: frozenset({JobStatus.OFFERED, JobStatus.ACCEPTED, JobStatus.UNASSIGNED,
                                  JobStatus.CANCELLED}),
    JobStatus.UNASSIGNED: frozenset({JobStatus.OFFERED, JobStatus.CANCELLED}),
    # On-site jobs are diagnosed at the visit, with no parcel to receive.
    JobStatus.ACCEPTED: frozenset({JobStatus.RECEIVED, JobStatus.DIAGNOSED, JobStatus.CANCELLED}),
    JobStatus.RECEIVED: frozenset({JobStatus.DIAGNOSED}),
    # A declined quote sends the device straight back.
    JobStatus.DIAGNOSED: frozenset({JobStatus.DIAGNOSED, JobStatus.REPAIRING,
                                    JobStatus.SHIPPED_BACK}),
    JobStatus.REPAIRING: frozenset({JobStatus.REPAIRED}),
    JobStatus.REPAIRED: frozenset({JobStatus.SHIPPED_BACK}),
    JobStatus.SHIPPED_BACK: frozenset(),
    JobStatus.CANCELLED: frozenset(),
}

# What a repairer may report once it holds a job (N4).
PROGRESS_STATUSES = frozenset({JobStatus.RECEIVED, JobStatus.DIAGNOSED, JobStatus.REPAIRING,
                               JobStatus.REPAIRED, JobStatus.SHIPPED_BACK})
# A repairer holds the job in these statuses: they count against its capacity.
HELD_STATUSES = frozenset({JobStatus.ACCEPTED, JobStatus.RECEIVED, JobStatus.DIAGNOSED,
                           JobStatus.REPAIRING, JobStatus.REPAIRED})
ROUTABLE_STATUSES = frozenset({JobStatus.NEW, JobStatus.OFFERED, JobStatus.UNASSIGNED})


class OfferStatus(models.TextChoices):
    OFFERED = "offered", "Offered"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "Expired"
    WITHDRAWN = "withdrawn", "Withdrawn"


OFFER_TRANSITIONS: dict[str, frozenset[str]] = {
    OfferStatus.OFFERED: frozenset({OfferStatus.ACCEPTED, OfferStatus.DECLINED,
                                    OfferStatus.EXPIRED, OfferStatus.WITHDRAWN}),
    OfferStatus.ACCEPTED: frozenset(),
    OfferStatus.DECLINED: frozenset(),
    OfferStatus.EXPIRED: frozenset(),
    OfferStatus.WITHDRAWN: frozenset(),
}


def can_move_job(source: str, target: str) -> bool:
    return target in JOB_TRANSITIONS.get(source, frozenset())


def can_move_offer(source: str, target: str) -> bool:
    return target in OFFER_TRANSITIONS.get(source, frozenset())
