from django.urls import path, re_path

from . import views
from .models import ItemKind

app_name = "catalog"
KINDS = "|".join(ItemKind.values)
SECTIONS = "|".join(views.SECTIONS)

urlpatterns = [
    path("", views.item_list, name="items"),
    re_path(rf"^items/new/(?P<kind>{KINDS})/$", views.item_create, name="item_create"),
    path("items/<int:item_id>/", views.item_edit, name="item_edit"),
    path("items/<int:item_id>/deactivate/", views.item_deactivate, name="item_deactivate"),
    path("items/<int:item_id>/stock/", views.item_stock, name="item_stock"),
    path("settings/", views.catalog_settings, name="settings"),
    re_path(rf"^(?P<section>{SECTIONS})/$", views.reference_list, name="reference_list"),
    re_path(rf"^(?P<section>{SECTIONS})/new/$", views.reference_create, name="reference_create"),
    re_path(rf"^(?P<section>{SECTIONS})/(?P<record_id>[0-9]+)/$", views.reference_edit,
            name="reference_edit"),
]
