"""Forms of the orders back office: the list's search and filters, a status move, a note."""

from django import forms

from tenants.lookups import MAX_ID

from .order_actions import MAX_NOTE_LENGTH
from .order_selectors import OrderFilters
from .order_state import OrderStatus


class OrderFilterForm(forms.Form):
    q = forms.CharField(max_length=100, required=False, label="Search",
                        help_text="Reference, e-mail or customer name.")
    status = forms.ChoiceField(choices=[("", "Any status"), *OrderStatus.choices],
                               required=False)
    placed_from = forms.DateField(required=False, label="Placed from",
                                  widget=forms.DateInput(attrs={"type": "date"}))
    placed_to = forms.DateField(required=False, label="Placed to",
                                widget=forms.DateInput(attrs={"type": "date"}))
    preview = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID,
                                 widget=forms.HiddenInput)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("placed_from"), cleaned.get("placed_to")
        if start and end and start > end:
            self.add_error("placed_to", "Give a date on or after the start date.")
        return cleaned

    def filters(self) -> OrderFilters:
        data = self.cleaned_data
        return OrderFilters(text=data["q"], status=data["status"],
                            placed_from=data["placed_from"], placed_to=data["placed_to"])


class TransitionForm(forms.Form):
    status = forms.ChoiceField(choices=OrderStatus.choices)


class NoteForm(forms.Form):
    text = forms.CharField(max_length=MAX_NOTE_LENGTH, widget=forms.Textarea(attrs={"rows": 3}),
                           label="Note")
