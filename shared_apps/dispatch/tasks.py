"""Beat tasks of the dispatch: thin wrappers over idempotent actions (public schema).

Both take an optional ``now`` (ISO 8601) so a run can be replayed for a given moment.
"""

from datetime import datetime

from celery import shared_task

from .actions import expire_due_offers, offers_to_remind


def _moment(now: str | None) -> datetime | None:
    return datetime.fromisoformat(now) if now else None


@shared_task
def expire_offers(now: str | None = None) -> int:
    return expire_due_offers(now=_moment(now))


@shared_task
def remind_repairers(now: str | None = None) -> int:
    from .notifications import send_offer_reminder

    offers = offers_to_remind(now=_moment(now))
    for offer in offers:
        send_offer_reminder(offer)
    return len(offers)
