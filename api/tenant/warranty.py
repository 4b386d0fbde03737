"""Tenant API: warranty."""

urlpatterns: list = []
