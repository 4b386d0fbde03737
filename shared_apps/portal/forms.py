"""Portal forms. They check shapes; the dispatch actions check the rules and name the field."""

from decimal import Decimal

from django import forms

from shared_apps.dispatch.errors import DispatchError
from shared_apps.dispatch.models import DeclineReason
from shared_apps.dispatch.state import PROGRESS_STATUSES, JobStatus

PROGRESS_CHOICES = [(status.value, status.label) for status in JobStatus
                    if status in PROGRESS_STATUSES]


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(choices=DeclineReason.choices)
    note = forms.CharField(max_length=500, required=False, label="Note (optional)",
                           widget=forms.TextInput)


class ProgressForm(forms.Form):
    status = forms.ChoiceField(choices=PROGRESS_CHOICES, widget=forms.HiddenInput)
    quote_amount = forms.DecimalField(required=False, min_value=Decimal("0"), max_digits=10,
                                      decimal_places=2, label="Quote amount (EUR)")
    quote_note = forms.CharField(max_length=2000, required=False, label="Quote note",
                                 widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("status") == JobStatus.DIAGNOSED and data.get("quote_amount") is None \
                and "quote_amount" not in self.errors:
            self.add_error("quote_amount", "A diagnosis comes with a quote amount.")
        return data


def quote_form() -> ProgressForm:
    """The empty diagnosis form of the job page."""
    return ProgressForm(initial={"status": JobStatus.DIAGNOSED})


def add_dispatch_error(form: forms.Form, error: DispatchError) -> None:
    """Show a dispatch action's error on the field it names, or on the form as a whole."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.detail)
