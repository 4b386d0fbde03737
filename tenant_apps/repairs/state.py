"""The life of a repair order and of a quote: statuses and the moves allowed between them.

One status enum serves the three paths (R3 package, R4 diagnosis, R7 on-site); which moves are
allowed depends on the path, so the table is keyed by path then by source status. A status a path
never reaches simply has no row in that path's table.

Package and diagnosis (the device travels)::

    awaiting_payment -> awaiting_device -> received -> repairing -> repaired -> shipped_back
                                                                                -> completed
    diagnosis only:  received -> diagnosing -> quote_sent -> awaiting_quote_payment -> repairing
                                                          \\-> returning -> closed  (declined)

On-site (the technician travels)::

    awaiting_payment -> visit_scheduled -> visited -> quote_sent -> awaiting_quote_payment
                     -> repairing -> repaired -> completed;   quote_sent -> closed (declined)

``cancelled`` is reachable only before the device is in the repairer's hands or the visit done.
"""

from django.db import models


class RepairPath(models.TextChoices):
    PACKAGE = "package", "Flat-rate package"
    DIAGNOSIS = "diagnosis", "Diagnosis and quote"
    ON_SITE = "on_site", "On-site visit"


class RepairStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", "Awaiting payment"
    AWAITING_DEVICE = "awaiting_device", "Awaiting the device"
    RECEIVED = "received", "Device received"
    DIAGNOSING = "diagnosing", "Diagnosing"
    VISIT_SCHEDULED = "visit_scheduled", "Visit scheduled"
    VISITED = "visited", "Visited"
    QUOTE_SENT = "quote_sent", "Quote sent"
    AWAITING_QUOTE_PAYMENT = "awaiting_quote_payment", "Awaiting quote payment"
    REPAIRING = "repairing", "Repairing"
    REPAIRED = "repaired", "Repaired"
    SHIPPED_BACK = "shipped_back", "Shipped back"
    RETURNING = "returning", "Returning unrepaired"
    COMPLETED = "completed", "Completed"
    CLOSED = "closed", "Closed without repair"
    CANCELLED = "cancelled", "Cancelled"


S = RepairStatus
Table = dict[RepairStatus, frozenset[RepairStatus]]

_PACKAGE: Table = {
    S.AWAITING_PAYMENT: frozenset({S.AWAITING_DEVICE, S.CANCELLED}),
    S.AWAITING_DEVICE: frozenset({S.RECEIVED, S.CANCELLED}),
    S.RECEIVED: frozenset({S.REPAIRING}),
    S.REPAIRING: frozenset({S.REPAIRED}),
    S.REPAIRED: frozenset({S.SHIPPED_BACK}),
    S.SHIPPED_BACK: frozenset({S.COMPLETED}),
}

_DIAGNOSIS: Table = {
    S.AWAITING_PAYMENT: frozenset({S.AWAITING_DEVICE, S.CANCELLED}),
    S.AWAITING_DEVICE: frozenset({S.RECEIVED, S.CANCELLED}),
    S.RECEIVED: frozenset({S.DIAGNOSING}),
    S.DIAGNOSING: frozenset({S.QUOTE_SENT}),
    S.QUOTE_SENT: frozenset({S.AWAITING_QUOTE_PAYMENT, S.RETURNING}),
    # An accepted quote left unpaid: the device goes back unrepaired.
    S.AWAITING_QUOTE_PAYMENT: frozenset({S.REPAIRING, S.RETURNING}),
    S.REPAIRING: frozenset({S.REPAIRED}),
    S.REPAIRED: frozenset({S.SHIPPED_BACK}),
    S.SHIPPED_BACK: frozenset({S.COMPLETED}),
    S.RETURNING: frozenset({S.CLOSED}),
}

_ON_SITE: Table = {
    S.AWAITING_PAYMENT: frozenset({S.VISIT_SCHEDULED, S.CANCELLED}),
    S.VISIT_SCHEDULED: frozenset({S.VISITED, S.CANCELLED}),
    S.VISITED: frozenset({S.QUOTE_SENT}),
    S.QUOTE_SENT: frozenset({S.AWAITING_QUOTE_PAYMENT, S.CLOSED}),
    S.AWAITING_QUOTE_PAYMENT: frozenset({S.REPAIRING, S.CLOSED}),
    S.REPAIRING: frozenset({S.REPAIRED}),
    S.REPAIRED: frozenset({S.COMPLETED}),
}

REPAIR_TRANSITIONS: dict[RepairPath, Table] = {
    RepairPath.PACKAGE: _PACKAGE,
    RepairPath.DIAGNOSIS: _DIAGNOSIS,
    RepairPath.ON_SITE: _ON_SITE,
}

# Sending a quote and accepting it move the repair order: these moves belong to the quote actions
# (tenant_apps.repairs.quote_actions), never to a hand-picked status. Staff may end an order whose
# quote went unanswered (expired) by hand; while a quote is live, only its answer ends it.
QUOTE_DRIVEN_TARGETS = frozenset({S.QUOTE_SENT, S.AWAITING_QUOTE_PAYMENT})

# Where a declined quote leaves the repair order: a travelling device comes back, a visit ends.
DECLINED_TARGET: dict[RepairPath, RepairStatus] = {
    RepairPath.DIAGNOSIS: S.RETURNING,
    RepairPath.ON_SITE: S.CLOSED,
}

# Where the first payment (package, shipping fee, travel fee) takes a repair: the customer
# sends the device in, or the technician's visit gets scheduled.
PAID_TARGET: dict[RepairPath, RepairStatus] = {
    RepairPath.PACKAGE: S.AWAITING_DEVICE,
    RepairPath.DIAGNOSIS: S.AWAITING_DEVICE,
    RepairPath.ON_SITE: S.VISIT_SCHEDULED,
}


def initial_status(path: str, *, is_warranty: bool) -> RepairStatus:
    """Where a new repair starts: awaiting its first payment, or, under warranty (nothing to
    pay), where that payment would have taken it."""
    if is_warranty and path in RepairPath.values:
        return PAID_TARGET[RepairPath(path)]
    return S.AWAITING_PAYMENT


# A quote may be drafted or revised while the order is in one of these statuses.
QUOTABLE_STATUSES = frozenset({S.DIAGNOSING, S.VISITED, S.QUOTE_SENT})

TERMINAL_STATUSES = frozenset({S.COMPLETED, S.CLOSED, S.CANCELLED})

# Where a repair ends before its money came: nothing is left to pay, so an order still placed
# (the first payment, an accepted quote's) is cancelled with the move.
NOTHING_TO_PAY_STATUSES = frozenset({S.CANCELLED, S.CLOSED, S.RETURNING})


def can_transition(path: str, source: str, target: str) -> bool:
    if path not in RepairPath.values or source not in S.values or target not in S.values:
        return False
    table = REPAIR_TRANSITIONS[RepairPath(path)]
    return S(target) in table.get(S(source), frozenset())


def is_quote_driven(target: str) -> bool:
    return target in QUOTE_DRIVEN_TARGETS


def allowed_targets(path: str, status: str, *, via_quote: bool = False) -> list[RepairStatus]:
    """The statuses a repair order may move to, in the order of the enum.

    Staff (``via_quote=False``) are not offered the moves that only the quote actions make.
    """
    if path not in RepairPath.values or status not in S.values:
        return []
    targets = REPAIR_TRANSITIONS[RepairPath(path)].get(S(status), frozenset())
    return [target for target in S if target in targets
            and (via_quote or not is_quote_driven(target))]


class QuoteStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "Expired"
    SUPERSEDED = "superseded", "Superseded"


Q = QuoteStatus

QUOTE_TRANSITIONS: dict[QuoteStatus, frozenset[QuoteStatus]] = {
    Q.DRAFT: frozenset({Q.SENT}),
    Q.SENT: frozenset({Q.ACCEPTED, Q.DECLINED, Q.EXPIRED, Q.SUPERSEDED}),
    Q.ACCEPTED: frozenset(),
    Q.DECLINED: frozenset(),
    Q.EXPIRED: frozenset(),
    Q.SUPERSEDED: frozenset(),
}


def can_transition_quote(source: str, target: str) -> bool:
    if source not in Q.values or target not in Q.values:
        return False
    return Q(target) in QUOTE_TRANSITIONS[Q(source)]
