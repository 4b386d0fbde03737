from django.urls import path  # noqa: F401

app_name = "documents_admin"
urlpatterns: list = []
