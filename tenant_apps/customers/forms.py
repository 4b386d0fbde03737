"""Forms of the customers back office: the list's search and filters, the VAT override."""

from django import forms

from .vat import CustomerKind, VatStatus

DERIVED = ""


class CustomerSearchForm(forms.Form):
    q = forms.CharField(max_length=100, required=False, label="Search",
                        help_text="Name, e-mail or company.")
    kind = forms.ChoiceField(choices=[("", "Any kind"), *CustomerKind.choices], required=False)
    vat_status = forms.ChoiceField(choices=[("", "Any VAT status"), *VatStatus.choices],
                                   required=False, label="VAT status")


class VatOverrideForm(forms.Form):
    vat_status_override = forms.ChoiceField(
        choices=[(DERIVED, "Derived from the customer's details"), *VatStatus.choices],
        required=False, label="VAT status",
    )

    def chosen(self) -> str | None:
        return self.cleaned_data["vat_status_override"] or None
