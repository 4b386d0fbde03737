"""The customer's timeline page of a repair order: for its signed-in owner, or for whoever holds
the signed link e-mailed to them. Someone else's repair and a bad link are the same 404."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from .models import RepairOrder, is_reference_shaped
from .state import QuoteStatus
from .timeline import (
    build_timeline,
    customer_quotes,
    repair_from_token,
    status_words,
    timeline_repairs,
)


def _optional_path(name: str, **kwargs: object) -> str:
    """A page of the customer's repair pages, or "" when they are not installed."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _render(request: HttpRequest, repair: RepairOrder, *, guest: bool) -> HttpResponse:
    quotes = customer_quotes(repair)
    entries = build_timeline(repair, page_path=request.path, guest=guest, quotes=quotes)
    live = next((quote for quote in quotes if quote.status == QuoteStatus.SENT), None)
    response = render(request, "repairs/timeline/detail.html", {
        "repair": repair, "device": repair.device, "status_words": status_words(repair.status),
        "entries": entries, "quotes": quotes, "guest": guest, "live_quote": live,
        "answer_path": _optional_path("repairs:quote", quote_id=live.pk) if live else "",
        "repair_path": _optional_path("repairs:repair", repair_id=repair.pk),
    })
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    # The signed link is in the URL: carriers' tracking pages must not receive it.
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
def owner_timeline(request: HttpRequest, reference: str) -> HttpResponse:
    """The signed-in customer's own repair, by reference."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.path})}")
    repair = (timeline_repairs().filter(reference=reference, customer__user=request.user).first()
              if is_reference_shaped(reference) else None)
    if repair is None:
        raise Http404("No such repair.")
    return _render(request, repair, guest=False)


@require_GET
def signed_timeline(request: HttpRequest, token: str) -> HttpResponse:
    """The repair a signed link names, without logging in."""
    repair = repair_from_token(token)
    if repair is None:
        raise Http404("This link is not valid or has expired.")
    return _render(request, repair, guest=True)
