from django.urls import path

from . import views

app_name = "warranty"
urlpatterns = [
    path("", views.warranty_list, name="list"),
    path("new/", views.warranty_create, name="create"),
    path("<int:warranty_id>/claim/", views.claim_create, name="claim"),
    path("<int:warranty_id>/invoice/", views.invoice, name="invoice"),
]
