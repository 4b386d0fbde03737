from django.urls import path

from . import customer_order_views

app_name = "my_orders"
urlpatterns = [
    path("", customer_order_views.order_list, name="list"),
    path("<str:token>/", customer_order_views.order_detail, name="detail"),
]
