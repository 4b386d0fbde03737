"""Forms of the documents back office: the register's filters and the seller's identity."""

from typing import Any

from django import forms

from .models import DocumentKind, SellerProfile
from .selectors import DocumentFilters


class DocumentFilterForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "Any kind"), *DocumentKind.choices], required=False)
    issued_from = forms.DateField(required=False, label="Issued from",
                                  widget=forms.DateInput(attrs={"type": "date"}))
    issued_to = forms.DateField(required=False, label="Issued to",
                                widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("issued_from"), cleaned.get("issued_to")
        if start and end and start > end:
            self.add_error("issued_to", "Give a date on or after the start date.")
        return cleaned

    def filters(self) -> DocumentFilters:
        data = self.cleaned_data
        return DocumentFilters(kind=data["kind"], issued_from=data["issued_from"],
                               issued_to=data["issued_to"])


class SellerProfileForm(forms.ModelForm):
    """Shapes only: ``update_seller_profile`` checks the identifiers and names the field."""

    class Meta:
        model = SellerProfile
        fields = ["legal_name", "legal_form", "share_capital", "siren", "siret", "vat_number",
                  "rcs_city", "street", "postal_code", "city", "country", "email", "phone",
                  "payment_terms_days", "late_payment_rate", "footer", "vat_on_debits"]
        labels = {"siren": "SIREN", "siret": "SIRET (head office)", "vat_number": "VAT number",
                  "rcs_city": "RCS city", "street": "Registered address",
                  "payment_terms_days": "Payment terms (days)",
                  "late_payment_rate": "Late-payment interest rate",
                  "share_capital": "Share capital (EUR)",
                  "vat_on_debits": "VAT paid on debits"}
        help_texts = {
            "late_payment_rate": "Printed on invoices to professionals, e.g. « trois fois le "
                                 "taux d'intérêt légal ».",
            "payment_terms_days": "At most 60 days (Code de commerce, L441-10).",
            "footer": "An optional line at the bottom of every document.",
            "vat_on_debits": "Tick if you opted to pay VAT on debits (« option pour le paiement "
                             "de la taxe d'après les débits »): invoices charging VAT print it.",
        }
        widgets = {"siren": forms.TextInput(attrs={"maxlength": 11}),
                   "siret": forms.TextInput(attrs={"maxlength": 17})}

    # Room for spaces typed between groups of digits: the action normalises them.
    siren = forms.CharField(max_length=11, required=False, label="SIREN")
    siret = forms.CharField(max_length=17, required=False, label="SIRET (head office)")
    vat_number = forms.CharField(max_length=20, required=False, label="VAT number")
    payment_terms_days = forms.IntegerField(min_value=0, max_value=60,
                                            label="Payment terms (days)")
    share_capital = forms.DecimalField(min_value=0, max_digits=14, decimal_places=2,
                                       required=False, label="Share capital (EUR)")

    def _post_clean(self) -> None:
        # The model is saved through the action, which validates it there.
        pass
