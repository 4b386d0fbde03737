"""Back-office forms of the catalogue. They only parse input: the actions validate the rules and
their field errors are put back on the form (add_validation_error)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import fields_for_model

from tenant_apps.pricing.tax import VatRate

from .models import (
    WARRANTY_PLAN_MONTHS,
    Brand,
    DeviceCategory,
    DeviceModel,
    ItemKind,
    SellableItem,
)

ENTRY_MODES = [("incl", "Including VAT"), ("excl", "Excluding VAT")]
COMMON_ITEM_FIELDS = ["name", "description", "vat_rate", "price"]
KIND_FORM_FIELDS: dict[str, list[str]] = {
    ItemKind.REPAIR_PACKAGE: ["category", "device_model", "warranty_months"],
    ItemKind.FEE: ["fee_kind"],
    ItemKind.WARRANTY_PLAN: ["warranty_months"],
    ItemKind.PRODUCT: [],
}


def add_validation_error(form: forms.Form, error: ValidationError) -> None:
    """Put an action's field errors on the form's fields; others go on top, with their name."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        if name in form.fields:
            form.add_error(name, errors)
        else:
            for message in ValidationError(errors).messages:
                form.add_error(None, f"{name}: {message}")


def _model_fields(model: type, names: list[str]) -> dict[str, forms.Field]:
    return dict(fields_for_model(model, fields=names))


class ModelFieldsForm(forms.Form):
    """A plain form whose fields are the model's (types, choices, sizes), nothing more."""

    model: type
    field_names: list[str] = []

    def __init__(self, *args: Any, include_active: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = [*self.field_names, *(["is_active"] if include_active else [])]
        self.fields.update(_model_fields(self.model, names))


class CategoryForm(ModelFieldsForm):
    model = DeviceCategory
    field_names = ["name", "slug", "can_travel"]


class BrandForm(ModelFieldsForm):
    model = Brand
    field_names = ["name", "slug"]


class DeviceModelForm(ModelFieldsForm):
    model = DeviceModel
    field_names = ["category", "brand", "name"]


class ItemForm(forms.Form):
    """The fields of one kind of item. The stock is set at creation, then only adjusted."""

    def __init__(self, *args: Any, kind: str, is_creation: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        names = [*COMMON_ITEM_FIELDS, *KIND_FORM_FIELDS[kind]]
        if kind == ItemKind.PRODUCT and is_creation:
            names.append("stock")
        if not is_creation:
            names.append("is_active")
        fields = _model_fields(SellableItem, names)
        fields["price"].help_text = "In euros, e.g. 9.90."
        if kind == ItemKind.WARRANTY_PLAN:
            fields["warranty_months"] = forms.TypedChoiceField(
                choices=[(m, f"{m} months") for m in WARRANTY_PLAN_MONTHS], coerce=int)
        if kind == ItemKind.FEE:
            fields["fee_kind"].required = True
        if "stock" in fields:
            fields["stock"].required = True
        for name in ("category", "device_model"):
            if name in fields:
                fields[name].required = False
        self.fields.update(fields)
        self.fields["price_entry"] = forms.ChoiceField(choices=ENTRY_MODES, label="Price entered")
        self.order_fields([*COMMON_ITEM_FIELDS, "price_entry"])

    def item_fields(self) -> dict[str, Any]:
        """The cleaned values, named as the item's fields."""
        values = dict(self.cleaned_data)
        values["price_includes_vat"] = values.pop("price_entry") == "incl"
        if "description" in values and values["description"] is None:
            values["description"] = ""
        return values


def item_initial(item: SellableItem) -> dict[str, Any]:
    names = [*COMMON_ITEM_FIELDS, *KIND_FORM_FIELDS[item.kind], "is_active"]
    initial: dict[str, Any] = {name: getattr(item, name) for name in names}
    initial["price_entry"] = "incl" if item.price_includes_vat else "excl"
    return initial


class StockForm(forms.Form):
    delta = forms.IntegerField(
        label="Units to add (negative to remove)", min_value=-1_000_000, max_value=1_000_000)


class CatalogSettingsForm(forms.Form):
    price_entry = forms.ChoiceField(choices=ENTRY_MODES, label="New prices are entered")
    default_vat_rate = forms.ChoiceField(choices=VatRate.choices, label="Default VAT rate")
