from django.urls import path

from . import backoffice_views

app_name = "payments_admin"
urlpatterns = [
    path("", backoffice_views.payment_list, name="list"),
    path("<int:payment_id>/refund/", backoffice_views.refund, name="refund"),
]
