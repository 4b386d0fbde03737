from django.urls import path  # noqa: F401

app_name = "warranty_admin"
urlpatterns: list = []
