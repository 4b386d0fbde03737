"""Console forms for the repairer network. Like forms.py, they check shapes only; the repairer
and dispatch actions validate values and name the field at fault."""

from datetime import time

from django import forms

from shared_apps.repairers.models import ServiceZone
from tenants.models import Tenant

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
END_OF_DAY = "24:00"


class RepairerForm(forms.Form):
    name = forms.CharField(max_length=160)
    email = forms.EmailField(max_length=254)
    legal_name = forms.CharField(max_length=160, required=False, label="Legal name")
    siret = forms.CharField(max_length=17, required=False, label="SIRET")
    vat_number = forms.CharField(max_length=15, required=False, label="VAT number")
    phone = forms.CharField(max_length=30, required=False)
    address_line = forms.CharField(max_length=200, required=False, label="Address")
    postal_code = forms.CharField(max_length=10, required=False, label="Postal code")
    city = forms.CharField(max_length=100, required=False)
    latitude = forms.DecimalField(max_digits=8, decimal_places=5, required=False)
    longitude = forms.DecimalField(max_digits=8, decimal_places=5, required=False)
    does_workshop = forms.BooleanField(required=False, initial=True, label="Workshop repairs")
    does_on_site = forms.BooleanField(required=False, label="On-site repairs")
    capacity = forms.IntegerField(initial=5, help_text="Jobs held at once.")
    is_active = forms.BooleanField(required=False, initial=True, label="Active")


class SkillsForm(forms.Form):
    skills = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False,
        help_text="One per line: category, or category/brand (e.g. phone/apple). "
                  "A category alone covers every brand.")

    def clean_skills(self) -> list[tuple[str, str]]:
        pairs = []
        for line in self.cleaned_data["skills"].splitlines():
            if not line.strip():
                continue
            category, _, brand = line.partition("/")
            pairs.append((category.strip(), "" if brand.strip() == "*" else brand.strip()))
        return pairs


class ZoneForm(forms.Form):
    kind = forms.ChoiceField(choices=ServiceZone.Kind.choices)
    postal_prefix = forms.CharField(max_length=10, required=False, label="Postal-code prefix")
    latitude = forms.DecimalField(max_digits=8, decimal_places=5, required=False)
    longitude = forms.DecimalField(max_digits=8, decimal_places=5, required=False)
    radius_km = forms.IntegerField(required=False, label="Radius (km)")


def _parse_time(text: str) -> time:
    if text.strip() == END_OF_DAY:
        return time.max
    hours, _, minutes = text.strip().partition(":")
    return time(int(hours), int(minutes or 0))


class OpeningHoursForm(forms.Form):
    """One text field per weekday: spans such as "08:00-12:00, 14:00-19:00"; empty is closed."""

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for weekday, name in enumerate(WEEKDAYS):
            self.fields[f"day_{weekday}"] = forms.CharField(
                max_length=200, required=False, label=name,
                widget=forms.TextInput(attrs={"placeholder": "08:00-12:00, 14:00-19:00"}))
        self.span_fields: list[str] = []

    def clean(self):  # type: ignore[no-untyped-def]
        spans: list[tuple[int, time, time]] = []
        self.span_fields = []
        for weekday in range(len(WEEKDAYS)):
            field = f"day_{weekday}"
            for part in (self.cleaned_data.get(field) or "").split(","):
                if not part.strip():
                    continue
                opens, _, closes = part.partition("-")
                try:
                    spans.append((weekday, _parse_time(opens), _parse_time(closes)))
                except ValueError:
                    self.add_error(field, f"Write spans as 08:00-12:00, not {part.strip()!r}.")
                    break
                self.span_fields.append(field)
        self.cleaned_data["spans"] = spans
        return self.cleaned_data

    @staticmethod
    def initial_for(opening_hours) -> dict[str, str]:  # type: ignore[no-untyped-def]
        days: dict[str, list[str]] = {}
        for span in opening_hours:
            closes = END_OF_DAY if span.closes_at == time.max else f"{span.closes_at:%H:%M}"
            days.setdefault(f"day_{span.weekday}", []).append(f"{span.opens_at:%H:%M}-{closes}")
        return {field: ", ".join(parts) for field, parts in days.items()}


class AbsenceForm(forms.Form):
    starts_on = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="To (included)",
                              widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(max_length=200, required=False)


class AllowedTenantsForm(forms.Form):
    serves_all_tenants = forms.BooleanField(required=False, label="Serves every tenant")
    tenants = forms.ModelMultipleChoiceField(
        queryset=Tenant.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text="Only these, when not every tenant.")

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["tenants"].queryset = Tenant.objects.customer_facing()  # type: ignore[attr-defined]


class InviteMemberForm(forms.Form):
    email = forms.EmailField(max_length=254, label="Member e-mail")


class DispatchSettingsForm(forms.Form):
    offer_expiry_minutes = forms.IntegerField(label="Offer expiry (minutes)")
    reminder_minutes_before_expiry = forms.IntegerField(label="Reminder (minutes before expiry)")
    broadcast_size = forms.IntegerField(label="Broadcast size",
                                        help_text="Repairers offered a job at once.")
    stuck_after_hours = forms.IntegerField(label="Stuck after (hours)")
    weight_proximity = forms.DecimalField(max_digits=4, decimal_places=2)
    weight_load = forms.DecimalField(max_digits=4, decimal_places=2)
    weight_acceptance = forms.DecimalField(max_digits=4, decimal_places=2)
    weight_turnaround = forms.DecimalField(max_digits=4, decimal_places=2)
    weight_quality = forms.DecimalField(max_digits=4, decimal_places=2)


class TenantExpiryForm(forms.Form):
    offer_expiry_minutes = forms.IntegerField(
        required=False, label="Offer expiry (minutes)",
        help_text="Leave empty to use the platform's setting.")


def add_action_error(form: forms.Form, field: str | None, detail: str) -> None:
    """Put an action's error on the form field it names ("skills.2.brand" is field skills)."""
    name = (field or "").split(".")[0]
    form.add_error(name if name in form.fields else None, detail)
