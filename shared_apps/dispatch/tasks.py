"""Beat tasks of the dispatch: thin wrappers over idempotent actions (public schema)."""

from celery import shared_task

from .actions import expire_due_offers, offers_to_remind


@shared_task
def expire_offers() -> int:
    return expire_due_offers()


@shared_task
def remind_repairers() -> int:
    from .notifications import send_offer_reminder

    offers = offers_to_remind()
    for offer in offers:
        send_offer_reminder(offer)
    return len(offers)
