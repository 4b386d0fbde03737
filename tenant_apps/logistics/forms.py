"""Forms of the shipments back office: a new parcel for an order, a status move, a demo step."""

from django import forms

from .carriers import MANUAL, carrier_choices
from .state import ShipmentStatus


class ShipmentForm(forms.Form):
    carrier = forms.ChoiceField(choices=[])
    tracking_number = forms.CharField(max_length=40, label="Tracking number")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # Read at each form, so carriers registered after import are offered too.
        self.fields["carrier"].choices = carrier_choices(family=MANUAL)  # type: ignore[attr-defined]


class ShipmentTransitionForm(forms.Form):
    status = forms.ChoiceField(choices=ShipmentStatus.choices)


class AdvanceForm(forms.Form):
    """The step the demo parcel is at, as the page showed it: a second click changes nothing."""

    step = forms.IntegerField(min_value=0, max_value=100)
