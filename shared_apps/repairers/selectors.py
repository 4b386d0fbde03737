"""Read models of the repairer network."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from tenant_apps.accounts.models import User

from .models import Repairer, RepairerMember


def repairer_for_user(user: User | AnonymousUser | None) -> Repairer | None:
    """The repairer a signed-in public-schema user acts for, or None (anonymous, another role,
    or a repairer user with no membership)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if not getattr(user, "is_repairer", False):
        return None
    member = (RepairerMember.objects.filter(user_id=user.pk, repairer__is_active=True)
              .select_related("repairer").first())
    return member.repairer if member else None


@dataclass(frozen=True)
class RepairerFigures:
    """What the operator and the repairer itself read about its performance."""

    acceptance_rate_percent: float | None
    average_turnaround_hours: float | None
    active_jobs: int
    capacity: int
    offers_received: int
    offers_accepted: int
    jobs_completed: int

    @property
    def load_percent(self) -> float:
        return round(100 * self.active_jobs / self.capacity, 1) if self.capacity else 100.0


def repairer_figures(repairer: Repairer) -> RepairerFigures:
    rate = repairer.acceptance_rate
    turnaround = repairer.average_turnaround_hours
    return RepairerFigures(
        acceptance_rate_percent=None if rate is None else round(100 * rate, 1),
        average_turnaround_hours=None if turnaround is None else round(turnaround, 1),
        active_jobs=repairer.active_jobs,
        capacity=repairer.capacity,
        offers_received=repairer.offers_received,
        offers_accepted=repairer.offers_accepted,
        jobs_completed=repairer.jobs_completed,
    )
