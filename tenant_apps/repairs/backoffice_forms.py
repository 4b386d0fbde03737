"""Forms of the repairs back office: the queue's search, a status move, a note, the quote's
lines, a parcel back to the customer."""

from collections.abc import Iterator
from decimal import Decimal

from django import forms

from tenant_apps.logistics.carriers import carrier_choices
from tenant_apps.pricing.tax import VatRate

from .actions import MAX_NOTE_LENGTH
from .models import QuoteLine, QuoteLineKind
from .quote_actions import MAX_LINES, MAX_QUANTITY, MAX_UNIT_NET, QuoteLineInput
from .state import RepairStatus

MAX_SEARCH_LENGTH = 100


class QueueFilterForm(forms.Form):
    q = forms.CharField(max_length=MAX_SEARCH_LENGTH, required=False, label="Search",
                        help_text="Reference, customer e-mail or serial number / IMEI.")
    status = forms.ChoiceField(choices=[("", "All statuses"), *RepairStatus.choices],
                               required=False)


class TransitionForm(forms.Form):
    status = forms.ChoiceField(choices=RepairStatus.choices)


class NoteForm(forms.Form):
    text = forms.CharField(max_length=MAX_NOTE_LENGTH, widget=forms.Textarea(attrs={"rows": 3}),
                           label="Note")


class QuoteLineForm(forms.Form):
    """One line; a row left blank (no description, quantity or price) is not a line."""

    kind = forms.ChoiceField(choices=QuoteLineKind.choices, initial=QuoteLineKind.PART)
    description = forms.CharField(max_length=200, required=False)
    quantity = forms.IntegerField(min_value=1, max_value=MAX_QUANTITY, required=False)
    unit_net = forms.DecimalField(min_value=Decimal("0"), max_value=MAX_UNIT_NET,
                                  max_digits=7, decimal_places=2, required=False,
                                  label="Unit price excl. VAT")
    vat_rate = forms.ChoiceField(choices=VatRate.choices, initial=VatRate.STANDARD,
                                 label="VAT rate")

    TYPED = ("description", "quantity", "unit_net")

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if self.is_blank():
            return cleaned
        for name in self.TYPED:
            if name not in self.errors and cleaned.get(name) in (None, ""):
                self.add_error(name, "This field is required.")
        return cleaned

    def is_blank(self) -> bool:
        return all(not (self.data.get(self.add_prefix(name)) or "").strip()
                   for name in self.TYPED)

    def line(self) -> QuoteLineInput:
        data = self.cleaned_data
        return QuoteLineInput(kind=data["kind"], description=data["description"],
                              quantity=data["quantity"], unit_net=data["unit_net"],
                              vat_rate=data["vat_rate"])


BLANK_ROWS = 3

QuoteLineFormSet = forms.formset_factory(QuoteLineForm, extra=BLANK_ROWS,
                                         max_num=MAX_LINES + BLANK_ROWS, validate_max=True,
                                         absolute_max=MAX_LINES + BLANK_ROWS)


def quote_formset(data: object = None, *, lines: list[QuoteLine] | None = None
                  ) -> forms.BaseFormSet:
    """The lines' editor: ``lines`` fill the first rows, blank rows follow for new ones."""
    initial = [{"kind": line.kind, "description": line.description, "quantity": line.quantity,
                "unit_net": line.unit_net, "vat_rate": line.vat_rate} for line in lines or []]
    return QuoteLineFormSet(data, initial=initial or None, prefix="lines")  # type: ignore[arg-type]


def filled_rows(formset: forms.BaseFormSet) -> Iterator[tuple[int, QuoteLineForm]]:
    """The non-blank rows with their row index, in order."""
    for index, form in enumerate(formset.forms):
        if isinstance(form, QuoteLineForm) and not form.is_blank():
            yield index, form


class ShipBackForm(forms.Form):
    carrier = forms.ChoiceField(choices=[])
    tracking_number = forms.CharField(max_length=40, required=False, label="Tracking number",
                                      help_text="Leave empty for a carrier that numbers "
                                                "its parcels itself.")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # Read at each form, so carriers registered after import (simulated) are offered too.
        self.fields["carrier"].choices = carrier_choices()  # type: ignore[attr-defined]
