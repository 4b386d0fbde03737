"""Forms of the checkout steps and of its back-office settings."""

from typing import Any

from django import forms

from tenant_apps.pricing.tax import VatRate

from .checkout_models import DELIVERY_OPTION_KINDS, OPTION_CODE_PATTERN, CheckoutSettings

ENTRY_MODES = [("incl", "Including VAT"), ("excl", "Excluding VAT")]


class GuestForm(forms.Form):
    email = forms.EmailField(max_length=254, label="E-mail")
    full_name = forms.CharField(max_length=150, label="Full name")


class CheckoutSettingsForm(forms.Form):
    allows_guest_checkout = forms.BooleanField(
        required=False, label="Visitors may order without an account (guest checkout)")
    terms_version = forms.CharField(max_length=40, label="Terms of sale version",
                                    help_text="Change it when the text changes, e.g. 2026-11.")
    terms_text = forms.CharField(widget=forms.Textarea, max_length=20000,
                                 label="Terms of sale")

    @classmethod
    def initial_of(cls, settings: CheckoutSettings) -> dict[str, Any]:
        return {"allows_guest_checkout": settings.allows_guest_checkout,
                "terms_version": settings.terms_version, "terms_text": settings.terms_text}


class DeliveryOptionForm(forms.Form):
    code = forms.RegexField(regex=OPTION_CODE_PATTERN, max_length=40,
                            help_text="Lower-case letters, digits and dashes, e.g. colissimo.")
    label = forms.CharField(max_length=120)
    kind = forms.ChoiceField(choices=DELIVERY_OPTION_KINDS, label="Delivers to")
    price = forms.DecimalField(max_digits=10, decimal_places=2, min_value=0)
    price_entry = forms.ChoiceField(choices=ENTRY_MODES, label="Price entered")
    vat_rate = forms.ChoiceField(choices=VatRate.choices, label="VAT rate")
    is_active = forms.BooleanField(required=False, label="Offered at checkout")
    position = forms.IntegerField(min_value=0, max_value=32767, initial=0,
                                  help_text="Options are listed by position.")

    def option_fields(self) -> dict[str, Any]:
        values = dict(self.cleaned_data)
        values["price_includes_vat"] = values.pop("price_entry") == "incl"
        return values


def option_initial(values: dict[str, Any]) -> dict[str, Any]:
    """Form initial values from an option's (or the defaults') fields."""
    initial = {name: value for name, value in values.items() if name != "price_includes_vat"}
    initial["price_entry"] = "incl" if values.get("price_includes_vat", True) else "excl"
    return initial
