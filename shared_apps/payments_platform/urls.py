from django.urls import path

from . import views

app_name = "payments_platform"
urlpatterns = [
    # Stripe posts here (Connect endpoint): signed, stored once, routed by event.account.
    path("webhooks/stripe/", views.stripe_webhook, name="stripe_webhook"),
    path("accounts/", views.account_list, name="accounts"),
    path("accounts/<slug:slug>/", views.account_set, name="account_set"),
    path("events/", views.event_list, name="events"),
]
