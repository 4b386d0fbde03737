"""Tenant API: customers."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
