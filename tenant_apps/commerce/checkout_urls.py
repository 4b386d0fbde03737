from django.urls import path

from . import checkout_views

app_name = "checkout"
urlpatterns = [
    path("", checkout_views.start, name="start"),
    path("who/", checkout_views.who, name="who"),
    path("delivery/", checkout_views.delivery, name="delivery"),
    path("payment/", checkout_views.payment, name="payment"),
    path("review/", checkout_views.review, name="review"),
    path("place/", checkout_views.place, name="place"),
]
