"""Repairer portal on the public domain (N4): thin views over the dispatch actions.

A repairer sees the public fields of the jobs offered to it, and the customer's name and phone
(plus the address for on-site work) only once it holds the job: shared_apps.dispatch.selectors
decides what is shown.
"""

import calendar
from functools import wraps
from typing import Any, cast
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shared_apps.dispatch import actions as dispatch_actions
from shared_apps.dispatch.errors import DispatchError, InvalidJobTransition
from shared_apps.dispatch.models import Job, JobOffer
from shared_apps.dispatch.selectors import access_job, job_view, jobs_for, offers_for
from shared_apps.dispatch.state import JOB_TRANSITIONS, PROGRESS_STATUSES, JobStatus, OfferStatus
from shared_apps.repairers.models import Repairer
from shared_apps.repairers.selectors import repairer_figures, repairer_for_user
from tenant_apps.accounts import actions as account_actions
from tenant_apps.accounts.errors import AccountError
from tenant_apps.accounts.models import User
from tenant_apps.accounts.views import login_page, set_password_page

from .forms import DeclineForm, ProgressForm, add_dispatch_error, quote_form


def repairer_required(view):  # type: ignore[no-untyped-def]
    """Anonymous visitors go to the portal login; signed-in users who act for no repairer get
    a 403. The view receives the repairer after the request."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not request.user.is_authenticated:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('portal:login')}?{query}")
        repairer = repairer_for_user(request.user)
        if repairer is None:
            return render(request, "portal/forbidden.html", status=403)
        return view(request, repairer, *args, **kwargs)

    return wrapper


def _actor_email(request: HttpRequest) -> str:
    return cast(User, request.user).email


def _check_portal_user(user: User) -> None:
    """Only repairer users with a membership may use the portal; others read as bad
    credentials, and count towards the throttle like any failure."""
    if repairer_for_user(user) is None:
        account_actions.record_login_failure(user.email)
        raise AccountError("E-mail or password is incorrect.", code="invalid_credentials",
                           status=400)


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    return login_page(request, template="portal/login.html", success_url="portal:offers",
                      check_user=_check_portal_user)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("portal:login")


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = account_actions.user_for_password_token(uidb64, token)
    if user is None or not user.is_repairer:
        return render(request, "portal/message.html", {
            "title": "Link not valid", "text": "This link is invalid or has already been used.",
        }, status=400)
    return set_password_page(request, uidb64, token, template="portal/set_password.html",
                             success_url="portal:login")


# --- Offers ---

def _render_offers(request: HttpRequest, repairer: Repairer, *, status: int = 200,
                   failed_offer_id: int | None = None,
                   failed_form: DeclineForm | None = None) -> HttpResponse:
    rows = [
        {"offer": offer, "job": job_view(offer.job, repairer),
         "decline_form": failed_form if offer.pk == failed_offer_id else _decline_form(offer)}
        for offer in offers_for(repairer)
    ]
    return render(request, "portal/offers.html", {"rows": rows, "repairer": repairer},
                  status=status)


def _decline_form(offer: JobOffer, data: Any = None) -> DeclineForm:
    # One decline form per offer on the page: element ids must not repeat.
    return DeclineForm(data, auto_id=f"decline-{offer.pk}-%s")


def _own_offer(repairer: Repairer, offer_id: int) -> JobOffer:
    return get_object_or_404(JobOffer.objects.select_related("job"), pk=offer_id,
                             repairer=repairer)


@require_GET
@repairer_required
def offers(request: HttpRequest, repairer: Repairer) -> HttpResponse:
    return _render_offers(request, repairer)


@require_POST
@repairer_required
def accept_offer(request: HttpRequest, repairer: Repairer, offer_id: int) -> HttpResponse:
    offer = _own_offer(repairer, offer_id)
    try:
        job = dispatch_actions.accept_offer(offer.pk, repairer, actor_email=_actor_email(request))
    except DispatchError as error:
        messages.error(request, error.detail)
        return _render_offers(request, repairer, status=error.status)
    messages.success(request, f"Job {job.order_reference} is yours.")
    return redirect("portal:job", uid=job.uid)


@require_POST
@repairer_required
def decline_offer(request: HttpRequest, repairer: Repairer, offer_id: int) -> HttpResponse:
    offer = _own_offer(repairer, offer_id)
    form = _decline_form(offer, request.POST)
    if not form.is_valid():
        return _render_offers(request, repairer, status=400, failed_offer_id=offer.pk,
                              failed_form=form)
    try:
        dispatch_actions.decline_offer(offer.pk, repairer, reason=form.cleaned_data["reason"],
                                       note=form.cleaned_data["note"],
                                       actor_email=_actor_email(request))
    except DispatchError as error:
        if error.field:
            add_dispatch_error(form, error)
        else:
            messages.error(request, error.detail)
        return _render_offers(request, repairer, status=error.status,
                              failed_offer_id=offer.pk, failed_form=form)
    messages.success(request, f"You declined job {offer.job.order_reference}.")
    return redirect("portal:offers")


# --- Jobs ---

@require_GET
@repairer_required
def jobs(request: HttpRequest, repairer: Repairer) -> HttpResponse:
    rows = [job_view(job, repairer) for job in jobs_for(repairer)]
    return render(request, "portal/jobs.html", {"rows": rows})


def _accessible_job(repairer: Repairer, uid: UUID) -> Job:
    """A job offered to this repairer and not held by another; 404 for anything else, so a
    missing job and someone else's job look the same."""
    job = access_job(repairer, str(uid))
    if job is None or (job.repairer_id is not None and job.repairer_id != repairer.pk):
        raise Http404("Job not found.")
    return job


def _next_progress_statuses(job: Job, repairer: Repairer) -> list[JobStatus]:
    if job.repairer_id != repairer.pk:
        return []
    allowed = JOB_TRANSITIONS.get(job.status, frozenset()) & PROGRESS_STATUSES
    return [status for status in JobStatus if status in allowed]


def _render_job(request: HttpRequest, repairer: Repairer, job: Job, *, status: int = 200,
                form: ProgressForm | None = None) -> HttpResponse:
    next_statuses = _next_progress_statuses(job, repairer)
    live_offer = job.offers.filter(repairer=repairer, status=OfferStatus.OFFERED).first()
    context: dict[str, Any] = {
        "job": job_view(job, repairer),
        "status_label": JobStatus(job.status).label,
        "buttons": [s for s in next_statuses if s != JobStatus.DIAGNOSED],
        "quote_form": (form or quote_form()) if JobStatus.DIAGNOSED in next_statuses else None,
        "live_offer": live_offer,
        "decline_form": _decline_form(live_offer) if live_offer else None,
    }
    return render(request, "portal/job.html", context, status=status)


@require_GET
@repairer_required
def job_detail(request: HttpRequest, repairer: Repairer, uid: UUID) -> HttpResponse:
    return _render_job(request, repairer, _accessible_job(repairer, uid))


@require_POST
@repairer_required
def report_progress(request: HttpRequest, repairer: Repairer, uid: UUID) -> HttpResponse:
    job = _accessible_job(repairer, uid)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        if "status" in form.errors or JobStatus.DIAGNOSED not in _next_progress_statuses(
                job, repairer):
            # The quote form is not on the page to show these next to their field.
            messages.error(request, " ".join(
                f"{name}: {' '.join(str(error) for error in errors)}"
                for name, errors in form.errors.items()))
        return _render_job(request, repairer, job, status=400, form=form)
    data = form.cleaned_data
    try:
        dispatch_actions.report_progress(
            job, repairer, data["status"], actor_email=_actor_email(request),
            quote_amount=data["quote_amount"], quote_note=data["quote_note"],
        )
    except InvalidJobTransition as error:
        messages.error(request, error.detail)
        return _render_job(request, repairer, job, status=error.status)
    except DispatchError as error:
        if error.status == 404:
            raise Http404("Job not found.") from None
        add_dispatch_error(form, error)
        return _render_job(request, repairer, job, status=error.status, form=form)
    messages.success(request, f"Job {job.order_reference}: {JobStatus(data['status']).label}.")
    return redirect("portal:job", uid=job.uid)


@require_GET
@repairer_required
def profile(request: HttpRequest, repairer: Repairer) -> HttpResponse:
    context = {
        "repairer": repairer,
        "figures": repairer_figures(repairer),
        "skills": repairer.skills.order_by("category", "brand"),
        "zones": repairer.zones.all(),
        "opening_hours": [(calendar.day_name[span.weekday], span.opens_at, span.closes_at)
                          for span in repairer.opening_hours.all()],
    }
    return render(request, "portal/profile.html", context)
