from django.urls import path

from . import backoffice_views as views

app_name = "documents_admin"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("export.csv", views.document_export, name="export"),
    path("seller/", views.seller_settings, name="seller"),
    path("orders/<int:order_id>/order-form.pdf", views.order_form, name="order_form"),
]
