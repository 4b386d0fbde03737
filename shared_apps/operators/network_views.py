"""Operator console for the repairer network: repairers and their calendars, jobs by status,
stuck jobs, the operator's queue, and the dispatch settings. Views parse, call an action, and
show the action's error on the field it names."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from shared_apps.dispatch import actions as dispatch_actions
from shared_apps.dispatch.errors import DispatchError
from shared_apps.dispatch.models import DispatchSettings
from shared_apps.dispatch.state import JobStatus
from shared_apps.repairers import actions as repairer_actions
from shared_apps.repairers.errors import RepairerError
from shared_apps.repairers.models import Repairer

from . import network_selectors as selectors
from .network_actions import set_tenant_offer_expiry, update_dispatch_settings
from .network_forms import (
    AbsenceForm,
    AllowedTenantsForm,
    DispatchSettingsForm,
    InviteMemberForm,
    OpeningHoursForm,
    RepairerForm,
    SkillsForm,
    TenantExpiryForm,
    ZoneForm,
    add_action_error,
)
from .selectors import console_tenants
from .views import _operator_email, _render_detail, operator_required

PROFILE_FIELDS = list(RepairerForm.base_fields)


@operator_required
@require_http_methods(["GET"])
def repairer_list(request: HttpRequest) -> HttpResponse:
    return render(request, "console/repairers.html", {"rows": selectors.repairer_rows()})


@operator_required
@require_http_methods(["GET", "POST"])
def repairer_create(request: HttpRequest) -> HttpResponse:
    form = RepairerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                repairer = repairer_actions.create_repairer(**form.cleaned_data)
            except RepairerError as error:
                add_action_error(form, error.field, error.detail)
                status = error.status
            else:
                messages.success(request, f"{repairer.name} joined the network.")
                return redirect("console:repairer", pk=repairer.pk)
    return render(request, "console/repairer_form.html", {"form": form}, status=status)


def _repairer_or_404(pk: int) -> Repairer:
    repairer = selectors.repairer_for_console(pk)
    if repairer is None:
        raise Http404("No such repairer.")
    return repairer


def _render_repairer(request: HttpRequest, repairer: Repairer, *, status: int = 200,
                     **bound: forms.Form) -> HttpResponse:
    context: dict[str, Any] = {
        "repairer": repairer,
        "profile_form": RepairerForm(initial={name: getattr(repairer, name)
                                              for name in PROFILE_FIELDS}),
        "skills_form": SkillsForm(initial={"skills": "\n".join(
            f"{skill.category}/{skill.brand or '*'}" for skill in repairer.skills.all())}),
        "zone_form": ZoneForm(),
        "hours_form": OpeningHoursForm(
            initial=OpeningHoursForm.initial_for(repairer.opening_hours.all())),
        "absence_form": AbsenceForm(),
        "tenants_form": AllowedTenantsForm(initial={
            "serves_all_tenants": repairer.serves_all_tenants,
            "tenants": list(repairer.allowed_tenants.all())}),
        "invite_form": InviteMemberForm(),
    }
    context.update(bound)
    return render(request, "console/repairer_detail.html", context, status=status)


@operator_required
@require_http_methods(["GET"])
def repairer_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_repairer(request, _repairer_or_404(pk))


def _change_repairer(request: HttpRequest, pk: int, form_key: str, form: forms.Form,
                     perform: Callable[[Repairer, dict[str, Any]], object], done: str,
                     ) -> HttpResponse:
    repairer = _repairer_or_404(pk)
    status = 400
    if form.is_valid():
        try:
            perform(repairer, form.cleaned_data)
        except RepairerError as error:
            if isinstance(form, OpeningHoursForm) and error.field and \
                    error.field.startswith("opening_hours."):
                index = int(error.field.split(".")[1])
                form.add_error(form.span_fields[index], error.detail)
            else:
                add_action_error(form, error.field, error.detail)
            status = error.status
        else:
            messages.success(request, done)
            return redirect("console:repairer", pk=repairer.pk)
    return _render_repairer(request, _repairer_or_404(pk), status=status, **{form_key: form})


@operator_required
@require_POST
def repairer_profile(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_repairer(request, pk, "profile_form", RepairerForm(request.POST),
                            lambda r, data: repairer_actions.update_repairer(r, **data),
                            "Profile saved.")


@operator_required
@require_POST
def repairer_skills(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_repairer(request, pk, "skills_form", SkillsForm(request.POST),
                            lambda r, data: repairer_actions.set_skills(r, data["skills"]),
                            "Skills saved.")


@operator_required
@require_POST
def repairer_zones(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_repairer(request, pk, "zone_form", ZoneForm(request.POST),
                            lambda r, data: repairer_actions.add_zone(r, **data), "Zone added.")


@operator_required
@require_POST
def repairer_hours(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_repairer(request, pk, "hours_form", OpeningHoursForm(request.POST),
                            lambda r, data: repairer_actions.set_opening_hours(r, data["spans"]),
                            "Opening hours saved.")


@operator_required
@require_POST
def repairer_absences(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_repairer(request, pk, "absence_form", AbsenceForm(request.POST),
                            lambda r, data: repairer_actions.add_absence(r, **data),
                            "Absence added.")


@operator_required
@require_POST
def repairer_tenants(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_repairer(request, pk, "tenants_form", AllowedTenantsForm(request.POST),
                            lambda r, data: repairer_actions.set_allowed_tenants(r, **data),
                            "Tenants saved.")


@operator_required
@require_POST
def repairer_members(request: HttpRequest, pk: int) -> HttpResponse:
    def invite(repairer: Repairer, data: dict[str, Any]) -> object:
        return repairer_actions.invite_repairer_member(repairer, data["email"],
                                                       invited_by=request.user)  # type: ignore[arg-type]

    return _change_repairer(request, pk, "invite_form", InviteMemberForm(request.POST), invite,
                            "Invitation sent.")


def _remove(request: HttpRequest, pk: int, remove: Callable[[Repairer], None],
            done: str) -> HttpResponse:
    repairer = get_object_or_404(Repairer, pk=pk)
    try:
        remove(repairer)
    except RepairerError as error:
        raise Http404(error.detail) from None
    messages.success(request, done)
    return redirect("console:repairer", pk=repairer.pk)


@operator_required
@require_POST
def repairer_zone_remove(request: HttpRequest, pk: int, zone_id: int) -> HttpResponse:
    return _remove(request, pk, lambda r: repairer_actions.remove_zone(r, zone_id),
                   "Zone removed.")


@operator_required
@require_POST
def repairer_absence_remove(request: HttpRequest, pk: int, absence_id: int) -> HttpResponse:
    return _remove(request, pk, lambda r: repairer_actions.remove_absence(r, absence_id),
                   "Absence removed.")


def _render_jobs(request: HttpRequest, *, title: str, jobs: list, view: str,  # type: ignore[type-arg]
                 status_filter: str = "", status: int = 200) -> HttpResponse:
    return render(request, "console/jobs.html", {
        "title": title, "jobs": jobs, "view": view, "status_filter": status_filter,
        "counts": selectors.status_counts(), "statuses": JobStatus.choices,
    }, status=status)


@operator_required
@require_http_methods(["GET"])
def job_list(request: HttpRequest) -> HttpResponse:
    status_filter = request.GET.get("status", "")
    if status_filter and status_filter not in JobStatus.values:
        messages.error(request, f"status: choose one of {', '.join(JobStatus.values)}.")
        return _render_jobs(request, title="Jobs", jobs=[], view="all", status=400)
    return _render_jobs(request, title="Jobs", jobs=selectors.jobs_by_status(status_filter),
                        view="all", status_filter=status_filter)


@operator_required
@require_http_methods(["GET"])
def stuck_job_list(request: HttpRequest) -> HttpResponse:
    return _render_jobs(request, title="Stuck jobs", jobs=selectors.stuck_jobs(), view="stuck")


@operator_required
@require_http_methods(["GET"])
def unassigned_job_list(request: HttpRequest) -> HttpResponse:
    return _render_jobs(request, title="Unassigned jobs", jobs=selectors.unassigned_jobs(),
                        view="unassigned")


def _job_or_404(uid: str):  # type: ignore[no-untyped-def]
    job = selectors.job_for_console(uid)
    if job is None:
        raise Http404("No such job.")
    return job


def _render_job(request: HttpRequest, job, *, status: int = 200) -> HttpResponse:  # type: ignore[no-untyped-def]
    return render(request, "console/job_detail.html", {"detail": selectors.job_detail(job)},
                  status=status)


@operator_required
@require_http_methods(["GET"])
def job_view(request: HttpRequest, uid: str) -> HttpResponse:
    return _render_job(request, _job_or_404(uid))


@operator_required
@require_POST
def job_route_again(request: HttpRequest, uid: str) -> HttpResponse:
    job = _job_or_404(uid)
    try:
        offers = dispatch_actions.reroute_unassigned(job, actor_email=_operator_email(request))
    except DispatchError as error:
        messages.error(request, error.detail)
        return _render_job(request, job, status=error.status)
    if offers:
        messages.success(request, f"Offered to {len(offers)} repairer(s).")
    else:
        messages.warning(request, "Still no repairer can take this job.")
    return redirect("console:job", uid=job.uid)


@operator_required
@require_POST
def job_cancel(request: HttpRequest, uid: str) -> HttpResponse:
    job = _job_or_404(uid)
    try:
        dispatch_actions.cancel_job(job, actor_email=_operator_email(request))
    except DispatchError as error:
        messages.error(request, error.detail)
        return _render_job(request, job, status=error.status)
    messages.success(request, "Job cancelled.")
    return redirect("console:job", uid=job.uid)


@operator_required
@require_http_methods(["GET", "POST"])
def dispatch_settings(request: HttpRequest) -> HttpResponse:
    current = DispatchSettings.current()
    form = DispatchSettingsForm(request.POST or None, initial={
        name: getattr(current, name) for name in DispatchSettingsForm.base_fields})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                update_dispatch_settings(**form.cleaned_data)
            except DispatchError as error:
                add_action_error(form, error.field, error.detail)
                status = error.status
            else:
                messages.success(request, "Dispatch settings saved.")
                return redirect("console:dispatch_settings")
    return render(request, "console/dispatch_settings.html", {"form": form}, status=status)


@operator_required
@require_POST
def tenant_dispatch(request: HttpRequest, slug: str) -> HttpResponse:
    tenant = get_object_or_404(console_tenants(), slug=slug)
    form = TenantExpiryForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            set_tenant_offer_expiry(tenant, form.cleaned_data["offer_expiry_minutes"])
        except DispatchError as error:
            add_action_error(form, error.field, error.detail)
            status = error.status
        else:
            messages.success(request, "Offer expiry saved.")
            return redirect("console:tenant", slug=tenant.slug)
    return _render_detail(request, tenant, expiry_form=form, status=status)
