from django.urls import path

from . import views

app_name = "logistics"
urlpatterns = [
    path("orders/<int:order_id>/", views.shipment_create, name="create"),
    path("<int:shipment_id>/status/", views.shipment_transition, name="transition"),
]
