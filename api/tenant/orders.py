"""Tenant API: orders."""

urlpatterns: list = []
