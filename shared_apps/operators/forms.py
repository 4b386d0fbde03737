"""Console forms. They check shapes only; the tenant actions validate the values and name the
field at fault, so the console, the command line and the platform API agree on every rule."""

from django import forms

from tenants.actions import TenantRequest
from tenants.errors import TenantError
from tenants.models import LabelMode, TenantKind

_COLOR_ATTRS = {"placeholder": "#RRGGBB", "pattern": "#[0-9a-fA-F]{6}"}


class OnboardingForm(forms.Form):
    name = forms.CharField(max_length=120)
    slug = forms.CharField(max_length=40, help_text="Lowercase letters, digits and hyphens.")
    domain = forms.CharField(max_length=253, help_text="Host name, e.g. repairs.example.com.")
    kind = forms.ChoiceField(choices=TenantKind.choices)
    label_mode = forms.ChoiceField(choices=LabelMode.choices, label="Label mode")
    admin_email = forms.EmailField(max_length=254, label="First manager e-mail")
    legal_name = forms.CharField(max_length=160, required=False, label="Legal name")
    primary_color = forms.CharField(max_length=7, required=False, label="Primary colour",
                                    widget=forms.TextInput(attrs=_COLOR_ATTRS))
    accent_color = forms.CharField(max_length=7, required=False, label="Accent colour",
                                   widget=forms.TextInput(attrs=_COLOR_ATTRS))
    support_email = forms.EmailField(max_length=254, required=False, label="Support e-mail")
    grey_label_line = forms.CharField(max_length=120, required=False, label="Grey-label line",
                                      help_text="Shown in grey label mode only.")

    BRAND_FIELDS = ("legal_name", "primary_color", "accent_color", "support_email",
                    "grey_label_line")

    def tenant_request(self) -> TenantRequest:
        data = self.cleaned_data
        return TenantRequest(
            name=data["name"], slug=data["slug"], domain=data["domain"],
            admin_email=data["admin_email"], kind=data["kind"], label_mode=data["label_mode"],
            # Left blank, a brand field keeps the model's default.
            brand={name: data[name] for name in self.BRAND_FIELDS if data.get(name)},
        )


class AddDomainForm(forms.Form):
    domain = forms.CharField(max_length=253, label="New domain",
                             help_text="Host name, e.g. shop.example.com.")


def add_tenant_error(form: forms.Form, error: TenantError) -> None:
    """Put a tenant action's error on the field it names ("brand.x" is field x)."""
    field = (error.field or "").removeprefix("brand.")
    form.add_error(field if field in form.fields else None, error.detail)
