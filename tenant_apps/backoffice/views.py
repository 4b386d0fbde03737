"""Back office of a tenant: staff only."""

from functools import wraps

from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from tenant_apps.accounts import actions
from tenant_apps.accounts.errors import AccountError
from tenant_apps.accounts.forms import LoginForm, add_account_error
from tenant_apps.accounts.views import set_password_page


def staff_required(view):  # type: ignore[no-untyped-def]
    """Anonymous visitors go to the staff login; logged-in customers get a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not request.user.is_authenticated:
            return redirect(f"{reverse('backoffice:login')}?next={request.path}")
        if not request.user.is_store_staff:
            return render(request, "backoffice/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def manager_required(view):  # type: ignore[no-untyped-def]
    @wraps(view)
    @staff_required
    def wrapper(request: HttpRequest, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not request.user.is_manager:
            return render(request, "backoffice/forbidden.html", status=403)
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
            return redirect("backoffice:dashboard")
    elif request.method == "POST":
        status = 400
    return render(request, "backoffice/login.html", {"form": form}, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("backoffice:login")


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    return set_password_page(request, uidb64, token, template="backoffice/set_password.html",
                             success_url="backoffice:login")


@staff_required
@require_http_methods(["GET"])
def dashboard(request: HttpRequest) -> HttpResponse:
    from tenant_apps.accounts.models import Role, User

    figures = {
        "customers": User.objects.filter(role=Role.CUSTOMER).count(),
        "staff": User.objects.exclude(role=Role.CUSTOMER).filter(is_active=True).count(),
    }
    return render(request, "backoffice/dashboard.html", {"figures": figures})
