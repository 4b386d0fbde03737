"""The customer's repair pages, under /repairs/."""

from django.urls import path

from . import views

app_name = "repairs"
urlpatterns = [
    path("", views.device_list, name="devices"),
    path("devices/new/", views.device_new, name="device_new"),
    path("devices/<int:device_id>/", views.device_detail, name="device"),
    path("devices/<int:device_id>/proof/", views.device_proof, name="device_proof"),
    path("devices/<int:device_id>/repair/", views.repair_options, name="repair_options"),
    path("devices/<int:device_id>/repair/package/", views.repair_package,
         name="repair_package"),
    path("devices/<int:device_id>/repair/diagnosis/", views.repair_diagnosis,
         name="repair_diagnosis"),
    path("devices/<int:device_id>/repair/visit/", views.repair_visit, name="repair_visit"),
    path("<int:repair_id>/", views.repair_detail, name="repair"),
    path("quotes/<int:quote_id>/", views.quote_detail, name="quote"),
    path("quotes/<int:quote_id>/accept/", views.quote_accept, name="quote_accept"),
    path("quotes/<int:quote_id>/decline/", views.quote_decline, name="quote_decline"),
]
