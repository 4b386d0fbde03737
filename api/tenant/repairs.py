"""Tenant API: repairs."""

urlpatterns: list = []
