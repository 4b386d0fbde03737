from django.urls import path  # noqa: F401

app_name = "repairs_admin"
urlpatterns: list = []
