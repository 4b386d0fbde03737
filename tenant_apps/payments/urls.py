from django.urls import path

from . import views

app_name = "payments"
urlpatterns = [
    # The demo provider's hosted payment page (a fake: "Pay" or "Fail").
    path("dummy/<str:token>/", views.dummy_page, name="dummy"),
    # The one page where an order gets paid: GET shows the amount and the method, POST starts
    # the payment at the provider. Checkout ends here; order pages and e-mails link here.
    path("<str:token>/", views.pay_page, name="pay"),
]
