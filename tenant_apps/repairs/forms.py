"""Forms of the customer's repair pages. They parse; the actions decide (and name the field)."""

from datetime import timedelta
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from tenant_apps.catalog.models import Brand, DeviceCategory, DeviceModel, SellableItem
from tenants.errors import DomainError

from .actions import MAX_FAULT_LENGTH, SLOT_PERIODS, VisitRequest, VisitSlot
from .device_actions import DeviceDetails
from .payment_flow import MAX_FAULT_PHOTOS, PhotoUpload

SLOT_FIELDS = 3
PERIOD_CHOICES = [("", "—"), *((period, period.capitalize()) for period in SLOT_PERIODS)]
# Where an action's field names differ from the form's.
FIELD_ALIASES = {"photo": "photos", "visit": "visit_street", "preferred_slots": "slot_1_date",
                 "device": None, "path": None,
                 "repair_order": None, "quote": None, "status": None}


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a refused action on the field it names (or above the form)."""
    field = FIELD_ALIASES.get(error.field or "", error.field)
    if field is not None and field.startswith("terms"):
        field = "terms_accepted"
    form.add_error(field if field in form.fields else None, error.detail)


class DeviceForm(forms.Form):
    category = forms.ModelChoiceField(queryset=DeviceCategory.objects.filter(is_active=True))
    brand = forms.ModelChoiceField(queryset=Brand.objects.filter(is_active=True),
                                   required=False, empty_label="Not in the list")
    brand_name = forms.CharField(max_length=80, required=False, label="Or type the brand")
    device_model = forms.ModelChoiceField(
        queryset=DeviceModel.objects.filter(is_active=True).select_related("brand"),
        required=False, empty_label="Not in the list", label="Model")
    model_name = forms.CharField(max_length=120, required=False, label="Or type the model")
    serial_or_imei = forms.CharField(max_length=64, required=False, label="Serial number or IMEI")
    purchase_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    proof_of_purchase = forms.FileField(
        required=False, help_text="PDF, JPEG or PNG, at most 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))

    def details(self) -> DeviceDetails:
        data = self.cleaned_data
        return DeviceDetails(
            category_id=data["category"].pk,
            brand_id=data["brand"].pk if data["brand"] else None,
            brand_name=data["brand_name"],
            device_model_id=data["device_model"].pk if data["device_model"] else None,
            model_name=data["model_name"], serial_or_imei=data["serial_or_imei"],
            purchase_date=data["purchase_date"])

    def proof(self) -> UploadedFile | None:
        return self.cleaned_data.get("proof_of_purchase") or None


class TermsForm(forms.Form):
    terms_accepted = forms.BooleanField(required=False,
                                        label="I have read and accept the terms of sale.")
    terms_version = forms.CharField(max_length=40, widget=forms.HiddenInput, required=False)


class PackageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class PackageForm(TermsForm):
    package = PackageChoiceField(queryset=SellableItem.objects.none(),
                                     widget=forms.RadioSelect, empty_label=None)
    fault_description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                        max_length=MAX_FAULT_LENGTH, label="Anything to add?")

    field_order = ["package", "fault_description", "terms_accepted", "terms_version"]

    def __init__(self, *args: Any, packages: list[SellableItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["package"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = SellableItem.objects.filter(pk__in=[item.pk for item in packages])


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class DiagnosisForm(TermsForm):
    fault_description = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}),
                                        max_length=MAX_FAULT_LENGTH, label="What is wrong?")
    photos = MultipleFileField(required=False,
                               help_text=f"Up to {MAX_FAULT_PHOTOS} photos, JPEG or PNG.")

    field_order = ["fault_description", "photos", "terms_accepted", "terms_version"]

    def clean_photos(self) -> list[Any]:
        photos = self.cleaned_data.get("photos") or []
        if len(photos) > MAX_FAULT_PHOTOS:
            raise forms.ValidationError(f"At most {MAX_FAULT_PHOTOS} photos.")
        return photos

    def photo_uploads(self) -> list[PhotoUpload]:
        return [PhotoUpload(photo, photo.name or "") for photo in self.cleaned_data["photos"]]


class VisitForm(TermsForm):
    visit_street = forms.CharField(max_length=200, label="Street")
    visit_postal_code = forms.CharField(max_length=12, label="Postal code")
    visit_city = forms.CharField(max_length=100, label="City")
    fault_description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                        max_length=MAX_FAULT_LENGTH, label="What is wrong?")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tomorrow = timezone.localdate() + timedelta(days=1)
        for number in range(1, SLOT_FIELDS + 1):
            self.fields[f"slot_{number}_date"] = forms.DateField(
                required=number == 1, label=f"Preferred day {number}",
                widget=forms.DateInput(attrs={"type": "date", "min": tomorrow.isoformat()}))
            self.fields[f"slot_{number}_period"] = forms.ChoiceField(
                choices=PERIOD_CHOICES, required=number == 1, label="Time of day")
        self.order_fields(["visit_street", "visit_postal_code", "visit_city",
                           "fault_description"])

    def visit(self) -> VisitRequest:
        data = self.cleaned_data
        slots = tuple(VisitSlot(data[f"slot_{n}_date"], data[f"slot_{n}_period"])
                      for n in range(1, SLOT_FIELDS + 1)
                      if data.get(f"slot_{n}_date") and data.get(f"slot_{n}_period"))
        return VisitRequest(street=data["visit_street"], postal_code=data["visit_postal_code"],
                            city=data["visit_city"], slots=slots)
