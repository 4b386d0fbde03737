from django.urls import path

from . import customer_views

app_name = "shipping"
urlpatterns = [
    path("<int:shipment_id>/label.pdf", customer_views.label, name="label"),
]
