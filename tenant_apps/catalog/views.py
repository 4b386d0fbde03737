"""Back office of the catalogue: staff read the lists, managers change them.

Thin views: parse with a form, authorise with a decorator, call an action, render.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tenant_apps.backoffice.views import manager_required, staff_required

from . import actions, selectors
from .errors import CatalogError
from .forms import (
    BrandForm,
    CatalogSettingsForm,
    CategoryForm,
    DeviceModelForm,
    ItemForm,
    ModelFieldsForm,
    StockForm,
    add_validation_error,
    item_initial,
)
from .models import Brand, DeviceCategory, DeviceModel, ItemKind, SellableItem


def _actor_email(request: HttpRequest) -> str:
    return str(getattr(request.user, "email", ""))


# --- Items -------------------------------------------------------------------------------------

@staff_required
@require_http_methods(["GET"])
def item_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    status = 200
    error = ""
    if kind and kind not in ItemKind.values:
        error, kind, status = "kind: choose one of the listed kinds.", "", 400
    rows = selectors.priced(selectors.items(kind or None, active_only=False))
    return render(request, "catalog/items.html", {
        "rows": rows, "kinds": ItemKind.choices, "kind": kind, "filter_error": error,
    }, status=status)


def _access_item(item_id: int) -> SellableItem:
    item = SellableItem.objects.with_scope().filter(pk=item_id).first()
    if item is None:
        raise Http404("No such item.")
    return item


def _render_item_form(request: HttpRequest, form: ItemForm, *, item: SellableItem | None = None,
                      stock_form: StockForm | None = None, status: int = 200) -> HttpResponse:
    if item is not None and item.kind == ItemKind.PRODUCT and stock_form is None:
        stock_form = StockForm()
    return render(request, "catalog/item_form.html", {
        "form": form, "item": item, "stock_form": stock_form,
        "kind_label": ItemKind(form.kind).label,
    }, status=status)


@manager_required
@require_http_methods(["GET", "POST"])
def item_create(request: HttpRequest, kind: str) -> HttpResponse:
    if request.method == "GET":
        settings = selectors.catalog_settings()
        initial = {"price_entry": "incl" if settings.prices_include_vat else "excl",
                   "vat_rate": settings.default_vat_rate}
        return _render_item_form(request, ItemForm(kind=kind, is_creation=True, initial=initial))
    form = ItemForm(request.POST, kind=kind, is_creation=True)
    if form.is_valid():
        try:
            item = actions.create_item(kind=kind, actor_email=_actor_email(request),
                                       **form.item_fields())
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, f"{item.name} created.")
            return redirect("catalog:items")
    return _render_item_form(request, form, status=400)


@manager_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _access_item(item_id)
    if request.method == "GET":
        form = ItemForm(kind=item.kind, is_creation=False, initial=item_initial(item))
        return _render_item_form(request, form, item=item)
    form = ItemForm(request.POST, kind=item.kind, is_creation=False)
    if form.is_valid():
        try:
            actions.update_item(item, form.item_fields(), actor_email=_actor_email(request))
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, f"{item.name} saved.")
            return redirect("catalog:items")
    return _render_item_form(request, form, item=_access_item(item_id), status=400)


@manager_required
@require_POST
def item_deactivate(request: HttpRequest, item_id: int) -> HttpResponse:
    item = actions.deactivate_item(_access_item(item_id), actor_email=_actor_email(request))
    messages.success(request, f"{item.name} is no longer for sale.")
    return redirect("catalog:items")


@manager_required
@require_POST
def item_stock(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _access_item(item_id)
    stock_form = StockForm(request.POST)
    status = 400
    if stock_form.is_valid():
        try:
            stock = actions.adjust_stock(item, stock_form.cleaned_data["delta"],
                                         actor_email=_actor_email(request))
        except CatalogError as error:
            stock_form.add_error("delta", error.detail)
            status = error.status or 400
        else:
            messages.success(request, f"{item.name}: {stock} in stock.")
            return redirect("catalog:item_edit", item_id=item.pk)
    form = ItemForm(kind=item.kind, is_creation=False, initial=item_initial(item))
    return _render_item_form(request, form, item=item, stock_form=stock_form, status=status)


# --- Reference data: categories, brands, models ------------------------------------------------

@dataclass(frozen=True)
class Section:
    title: str
    singular: str
    form: type[ModelFieldsForm]
    list_rows: Callable[[], Any]
    create: Callable[..., models.Model]
    update: Callable[..., models.Model]


SECTIONS = {
    "categories": Section("Device categories", "category", CategoryForm,
                          lambda: DeviceCategory.objects.all(),
                          actions.create_category, actions.update_category),
    "brands": Section("Brands", "brand", BrandForm, lambda: Brand.objects.all(),
                      actions.create_brand, actions.update_brand),
    "models": Section("Device models", "model", DeviceModelForm,
                      lambda: DeviceModel.objects.select_related("category", "brand"),
                      actions.create_device_model, actions.update_device_model),
}


def _section(name: str) -> Section:
    if name not in SECTIONS:
        raise Http404("No such section.")
    return SECTIONS[name]


@staff_required
@require_http_methods(["GET"])
def reference_list(request: HttpRequest, section: str) -> HttpResponse:
    current = _section(section)
    return render(request, "catalog/reference_list.html", {
        "section": current, "section_name": section, "rows": current.list_rows(),
        "sections": SECTIONS,
    })


def _render_reference_form(request: HttpRequest, section: str, form: ModelFieldsForm, *,
                           record: models.Model | None = None, status: int = 200) -> HttpResponse:
    return render(request, "catalog/reference_form.html", {
        "section": _section(section), "section_name": section, "form": form, "record": record,
    }, status=status)


@manager_required
@require_http_methods(["GET", "POST"])
def reference_create(request: HttpRequest, section: str) -> HttpResponse:
    current = _section(section)
    if request.method == "GET":
        return _render_reference_form(request, section, current.form())
    form = current.form(request.POST)
    if form.is_valid():
        try:
            current.create(**form.cleaned_data, actor_email=_actor_email(request))
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['name']} created.")
            return redirect("catalog:reference_list", section=section)
    return _render_reference_form(request, section, form, status=400)


@manager_required
@require_http_methods(["GET", "POST"])
def reference_edit(request: HttpRequest, section: str, record_id: str) -> HttpResponse:
    current = _section(section)
    record = current.list_rows().filter(pk=int(record_id)).first()
    if record is None:
        raise Http404("No such record.")
    if request.method == "GET":
        initial = {name: getattr(record, name) for name in current.form(include_active=True).fields}
        form = current.form(include_active=True, initial=initial)
        return _render_reference_form(request, section, form, record=record)
    form = current.form(request.POST, include_active=True)
    if form.is_valid():
        try:
            current.update(record, form.cleaned_data, actor_email=_actor_email(request))
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['name']} saved.")
            return redirect("catalog:reference_list", section=section)
    return _render_reference_form(request, section, form, record=record, status=400)


# --- Settings ----------------------------------------------------------------------------------

@manager_required
@require_http_methods(["GET", "POST"])
def catalog_settings(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        saved = selectors.catalog_settings()
        form = CatalogSettingsForm(initial={
            "price_entry": "incl" if saved.prices_include_vat else "excl",
            "default_vat_rate": saved.default_vat_rate,
        })
        return render(request, "catalog/settings.html", {"form": form})
    form = CatalogSettingsForm(request.POST)
    if not form.is_valid():
        return render(request, "catalog/settings.html", {"form": form}, status=400)
    actions.update_catalog_settings(
        prices_include_vat=form.cleaned_data["price_entry"] == "incl",
        default_vat_rate=form.cleaned_data["default_vat_rate"],
    )
    messages.success(request, "Catalogue settings saved.")
    return redirect("catalog:settings")
