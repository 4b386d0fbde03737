"""URLs served on the platform's public domain: operator console and platform API."""

from django.urls import include, path

urlpatterns = [
    path("", include("shared_apps.operators.urls")),
    path("repairers/", include("shared_apps.portal.urls")),
    path("payments/", include("shared_apps.payments_platform.urls")),
    path("api/", include("api.platform.urls")),
]
