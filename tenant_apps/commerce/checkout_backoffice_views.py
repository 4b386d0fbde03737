"""Checkout settings in the back office: staff read them, managers change them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from tenant_apps.backoffice.views import manager_required, staff_required
from tenants.lookups import is_database_id

from .checkout_actions import (
    OPTION_FIELDS,
    create_delivery_option,
    ensure_checkout,
    new_option_defaults,
    update_checkout_settings,
    update_delivery_option,
)
from .checkout_forms import CheckoutSettingsForm, DeliveryOptionForm, option_initial
from .checkout_models import DeliveryOption


def _add_errors(form: DeliveryOptionForm | CheckoutSettingsForm, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


@staff_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "commerce/checkout/admin_overview.html", {
        "settings": ensure_checkout(),
        "options": list(DeliveryOption.objects.all()),
    })


@manager_required
@require_http_methods(["GET", "POST"])
def edit_settings(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        form = CheckoutSettingsForm(initial=CheckoutSettingsForm.initial_of(ensure_checkout()))
        return render(request, "commerce/checkout/admin_settings.html", {"form": form})
    form = CheckoutSettingsForm(request.POST)
    if form.is_valid():
        try:
            update_checkout_settings(**form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Checkout settings saved.")
            return redirect("checkout_admin:overview")
    return render(request, "commerce/checkout/admin_settings.html", {"form": form}, status=400)


def _render_option(request: HttpRequest, form: DeliveryOptionForm, *,
                   option: DeliveryOption | None = None, status: int = 200) -> HttpResponse:
    return render(request, "commerce/checkout/admin_option.html",
                  {"form": form, "option": option}, status=status)


@manager_required
@require_http_methods(["GET", "POST"])
def option_create(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _render_option(request, DeliveryOptionForm(
            initial=option_initial(new_option_defaults())))
    form = DeliveryOptionForm(request.POST)
    if form.is_valid():
        try:
            option = create_delivery_option(form.option_fields())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{option.label} created.")
            return redirect("checkout_admin:overview")
    return _render_option(request, form, status=400)


def _access_option(option_id: int) -> DeliveryOption:
    option = (DeliveryOption.objects.filter(pk=option_id).first()
              if is_database_id(option_id) else None)
    if option is None:
        raise Http404("No such delivery option.")
    return option


@manager_required
@require_http_methods(["GET", "POST"])
def option_edit(request: HttpRequest, option_id: int) -> HttpResponse:
    option = _access_option(option_id)
    if request.method == "GET":
        values = {name: getattr(option, name) for name in OPTION_FIELDS}
        return _render_option(request, DeliveryOptionForm(initial=option_initial(values)),
                              option=option)
    form = DeliveryOptionForm(request.POST)
    if form.is_valid():
        try:
            update_delivery_option(option, form.option_fields())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['label']} saved.")
            return redirect("checkout_admin:overview")
    return _render_option(request, form, option=option, status=400)
