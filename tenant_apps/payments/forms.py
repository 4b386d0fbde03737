from decimal import Decimal

from django import forms

from .actions import MAX_AMOUNT


class PayForm(forms.Form):
    provider = forms.ChoiceField(label="Payment method", widget=forms.RadioSelect)

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        field = self.fields["provider"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


class DummyOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(choices=[("succeed", "Pay"), ("fail", "Fail")])


class RefundForm(forms.Form):
    amount = forms.DecimalField(min_value=Decimal("0.01"), max_value=MAX_AMOUNT, decimal_places=2,
                                max_digits=12)
    reason = forms.CharField(max_length=200, required=False)
