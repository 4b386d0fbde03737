"""Tenant API: payments."""

urlpatterns: list = []
