from django.urls import path

from . import checkout_backoffice_views

app_name = "checkout_admin"
urlpatterns = [
    path("", checkout_backoffice_views.overview, name="overview"),
    path("settings/", checkout_backoffice_views.edit_settings, name="settings"),
    path("options/new/", checkout_backoffice_views.option_create, name="option_create"),
    path("options/<int:option_id>/", checkout_backoffice_views.option_edit, name="option_edit"),
]
