from django.urls import path

from . import views

app_name = "logistics"
urlpatterns = [
    path("", views.shipment_list, name="list"),
    path("orders/<int:order_id>/", views.shipment_create, name="create"),
    path("<int:shipment_id>/status/", views.shipment_transition, name="transition"),
    path("<int:shipment_id>/advance/", views.shipment_advance, name="advance"),
]
