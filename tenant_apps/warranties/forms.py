"""Forms of the warranty pages: parse and check shapes; the actions decide the rest."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from tenant_apps.catalog.models import ItemKind, SellableItem
from tenant_apps.repairs.models import Device
from tenants.errors import DomainError

from .actions import ClaimVisit, WarrantyRequest
from .state import COMMERCIAL_MONTHS, WarrantyKind

KIND_CHOICES = [
    (WarrantyKind.COMMERCIAL.value, "A warranty I bought (3, 6 or 12 months)"),
    (WarrantyKind.LEGAL_CONFORMITY.value,
     "The legal conformity guarantee (device bought from this store: 2 years from the sale)"),
]


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a refused action on the field it names, or on the form as a whole."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.detail)


class WarrantyForm(forms.Form):
    device = forms.ModelChoiceField(queryset=Device.objects.none(), empty_label=None)
    kind = forms.ChoiceField(choices=KIND_CHOICES, initial=WarrantyKind.COMMERCIAL.value,
                             widget=forms.RadioSelect)
    months = forms.TypedChoiceField(
        choices=[(m, f"{m} months") for m in COMMERCIAL_MONTHS], coerce=int, required=False,
        help_text="For a bought warranty; the legal guarantee lasts 2 years.")
    plan = forms.ModelChoiceField(queryset=SellableItem.objects.none(), required=False,
                                  empty_label="None / bought elsewhere",
                                  label="Warranty plan bought here")
    starts_on = forms.DateField(label="Purchase date (on the invoice)",
                                widget=forms.DateInput(attrs={"type": "date"}))
    purchase_invoice = forms.FileField(help_text="PDF, JPEG or PNG, up to 10 MB.")

    def __init__(self, *args: Any, devices: QuerySet[Device], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["device"].queryset = devices  # type: ignore[attr-defined]
        self.fields["plan"].queryset = SellableItem.objects.filter(  # type: ignore[attr-defined]
            kind=ItemKind.WARRANTY_PLAN, is_active=True)
        self.fields["starts_on"].initial = timezone.localdate()

    def warranty_request(self) -> WarrantyRequest:
        data = self.cleaned_data
        commercial = data["kind"] == WarrantyKind.COMMERCIAL
        return WarrantyRequest(kind=data["kind"], starts_on=data["starts_on"],
                               months=(data.get("months") or None) if commercial else None,
                               plan=data.get("plan") if commercial else None)


class ClaimForm(forms.Form):
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=4000,
                                  label="What is wrong with the device?")

    def visit(self) -> ClaimVisit | None:
        return None


class OnSiteClaimForm(ClaimForm):
    visit_street = forms.CharField(max_length=200, label="Street")
    visit_postal_code = forms.CharField(max_length=12, label="Postal code")
    visit_city = forms.CharField(max_length=100, label="City")
    visit_date = forms.DateField(label="Preferred day of the visit",
                                 widget=forms.DateInput(attrs={"type": "date"}))
    visit_period = forms.ChoiceField(choices=[("morning", "Morning"),
                                              ("afternoon", "Afternoon")], label="Period")

    def visit(self) -> ClaimVisit | None:
        data = self.cleaned_data
        return ClaimVisit(street=data["visit_street"], postal_code=data["visit_postal_code"],
                          city=data["visit_city"], day=data["visit_date"],
                          period=data["visit_period"])


class RejectForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=1000,
                             label="Reason (the customer reads it)")


class VoidForm(forms.Form):
    reason = forms.CharField(max_length=500, label="Why is this warranty void?")
