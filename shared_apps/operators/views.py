"""Operator console on the public domain."""

from functools import wraps

from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from tenant_apps.accounts import actions
from tenant_apps.accounts.errors import AccountError
from tenant_apps.accounts.forms import LoginForm, add_account_error
from tenants.models import Tenant


def operator_required(view):  # type: ignore[no-untyped-def]
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not request.user.is_authenticated:
            return redirect(f"{reverse('console:login')}?next={request.path}")
        if not request.user.is_operator:
            return render(request, "console/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.log_in(request, form.cleaned_data["email"],
                                  form.cleaned_data["password"], staff_only=True)
        except AccountError as error:
            add_account_error(form, error)
            status = error.status
        else:
            login(request, user)
            return redirect("console:tenants")
    elif request.method == "POST":
        status = 400
    return render(request, "console/login.html", {"form": form}, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("console:login")


@operator_required
@require_http_methods(["GET"])
def tenant_list(request: HttpRequest) -> HttpResponse:
    tenants = Tenant.objects.customer_facing().prefetch_related("domains")
    return render(request, "console/tenants.html", {"tenants": tenants})
