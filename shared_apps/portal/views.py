"""Repairer portal on the public domain."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def offers(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/offers.html")
