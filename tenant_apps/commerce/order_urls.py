from django.urls import path

from . import order_views

app_name = "orders"
urlpatterns = [
    path("", order_views.order_list, name="list"),
    path("export.csv", order_views.order_export, name="export"),
    path("<int:order_id>/", order_views.order_detail_page, name="detail"),
    path("<int:order_id>/status/", order_views.order_transition, name="transition"),
    path("<int:order_id>/notes/", order_views.order_note, name="note"),
]
