"""The tenant's repair settings, changed by managers."""

from django.db import transaction

from .errors import RepairError
from .models import MAX_QUOTE_VALIDITY_DAYS, RepairSettings


def update_repair_settings(*, quote_validity_days: int) -> RepairSettings:
    """Set how many days a sent quote stays valid (1 to ``MAX_QUOTE_VALIDITY_DAYS``)."""
    days = quote_validity_days
    if isinstance(days, bool) or not isinstance(days, int) or not (
            1 <= days <= MAX_QUOTE_VALIDITY_DAYS):
        raise RepairError(f"Enter a number of days from 1 to {MAX_QUOTE_VALIDITY_DAYS}.",
                          code="invalid_days", field="quote_validity_days")
    with transaction.atomic():
        settings, _ = RepairSettings.objects.select_for_update().get_or_create(pk=1)
        settings.quote_validity_days = days
        settings.save(update_fields=["quote_validity_days"])
    return settings
