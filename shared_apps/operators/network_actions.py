"""The operator's changes to the dispatch settings (N3): platform weights and timings, and a
tenant's own offer expiry. Both validate every value and name the field at fault."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from shared_apps.dispatch.errors import DispatchError
from shared_apps.dispatch.models import DispatchSettings, TenantDispatchSettings
from tenants.models import Tenant

WEIGHT_FIELDS = ("weight_proximity", "weight_load", "weight_acceptance", "weight_turnaround",
                 "weight_quality")
SETTINGS_FIELDS = ("offer_expiry_minutes", "reminder_minutes_before_expiry", "broadcast_size",
                   "stuck_after_hours", *WEIGHT_FIELDS)
MAX_WEIGHT = Decimal("10")


def _clean(instance: DispatchSettings | TenantDispatchSettings, exclude: list[str]) -> None:
    try:
        instance.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DispatchError(messages[0], code="invalid_settings",
                            field=None if field == "__all__" else field) from None


def update_dispatch_settings(**values: object) -> DispatchSettings:
    """Change the platform's routing settings. Weights are between 0 and 10 and not all zero;
    a reminder comes before the offer expires."""
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise DispatchError("Unknown setting.", code="unknown_field", field=sorted(unknown)[0])
    with transaction.atomic():
        settings = DispatchSettings.current()
        settings = DispatchSettings.objects.select_for_update().get(pk=settings.pk)
        for name, value in values.items():
            setattr(settings, name, value)
        _clean(settings, exclude=[])
        for name in WEIGHT_FIELDS:
            weight = getattr(settings, name)
            if not Decimal("0") <= weight <= MAX_WEIGHT:
                raise DispatchError(f"A weight lies between 0 and {MAX_WEIGHT}.",
                                    code="invalid_weight", field=name)
        if not any(getattr(settings, name) for name in WEIGHT_FIELDS):
            raise DispatchError("At least one weight must be above zero.",
                                code="invalid_weight", field=WEIGHT_FIELDS[0])
        if settings.reminder_minutes_before_expiry >= settings.offer_expiry_minutes:
            raise DispatchError("The reminder must come before the offer expires.",
                                code="invalid_reminder", field="reminder_minutes_before_expiry")
        if settings.stuck_after_hours < 1:
            raise DispatchError("Enter at least one hour.", code="invalid_settings",
                                field="stuck_after_hours")
        settings.save(update_fields=list(values) or None)
    return settings


def set_tenant_offer_expiry(tenant: Tenant, minutes: int | None
                            ) -> TenantDispatchSettings | None:
    """Give a tenant its own offer expiry; None goes back to the platform's setting."""
    with transaction.atomic():
        if minutes is None:
            TenantDispatchSettings.objects.filter(tenant=tenant).delete()
            return None
        row = TenantDispatchSettings(tenant=tenant, offer_expiry_minutes=minutes)
        _clean(row, exclude=["tenant"])
        row, _ = TenantDispatchSettings.objects.update_or_create(
            tenant=tenant, defaults={"offer_expiry_minutes": minutes})
    return row
