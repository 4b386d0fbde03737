"""Tenant API: checkout."""

urlpatterns: list = []
