from datetime import time

from shared_apps.repairers import actions
from shared_apps.repairers.models import Repairer

ALL_DAY = [(weekday, time(0, 0), time.max) for weekday in range(7)]


def make_repairer(name: str, *, category: str = "phone", prefix: str = "75",
                  **profile: object) -> Repairer:
    """A workshop repairer open around the clock, for one category of every brand."""
    slug = name.lower().replace(" ", "-")
    repairer = actions.create_repairer(name=name, email=f"{slug}@repair.test", **profile)
    actions.set_skills(repairer, [(category, "")])
    actions.add_zone(repairer, kind="postal_prefix", postal_prefix=prefix)
    actions.set_opening_hours(repairer, ALL_DAY)
    return repairer


def job_fields(reference: str, **overrides: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "order_reference": reference, "category": "phone", "brand": "apple",
        "fault_summary": "Broken screen", "postal_code": "75011",
        "customer": {"customer_name": "Zoé Client", "customer_email": "zoe@example.com"},
    }
    fields.update(overrides)
    return fields
