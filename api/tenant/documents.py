"""Tenant API: documents."""

urlpatterns: list = []
