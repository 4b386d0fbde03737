"""Customer account pages of the storefront: thin views over accounts.actions."""

from collections.abc import Callable
from typing import cast

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from tenants.context import current_tenant

from . import actions
from .errors import AccountError
from .forms import (
    LoginForm,
    PasswordResetRequestForm,
    SetPasswordForm,
    SignUpForm,
    add_account_error,
)
from .models import User


def _next_url(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()},
                                                     require_https=request.is_secure()):
        return candidate
    return default


def start_session(request: HttpRequest, user: User, *, backend: str | None = None) -> None:
    """Log the user in; on a storefront, the cart they filled as a visitor becomes theirs."""
    login(request, user, backend=backend)
    if current_tenant() is not None:
        # Imported here: accounts is below commerce, and the public domain has no carts.
        from tenant_apps.commerce.session import merge_session_cart

        merge_session_cart(request, user)


def login_page(request: HttpRequest, *, template: str, success_url: str,
               staff_only: bool = False,
               check_user: Callable[[User], None] | None = None) -> HttpResponse:
    """The one login page behind every audience: storefront, back office, console, portal.

    ``check_user`` may refuse a user whose password was right but who has no business here,
    by raising AccountError.
    """
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.log_in(request, form.cleaned_data["email"],
                                  form.cleaned_data["password"], staff_only=staff_only)
            if check_user is not None:
                check_user(user)
        except AccountError as error:
            add_account_error(form, error)
            status = error.status
        else:
            start_session(request, user)
            return redirect(_next_url(request, success_url))
    elif request.method == "POST":
        status = 400
    next_url = request.POST.get("next") or request.GET.get("next", "")
    return render(request, template, {"form": form, "next": next_url}, status=status)


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    return login_page(request, template="accounts/login.html", success_url="accounts:account")


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("storefront:home")


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.sign_up_customer(
                form.cleaned_data["email"], form.cleaned_data["password"],
                full_name=form.cleaned_data["full_name"],
            )
        except AccountError as error:
            add_account_error(form, error)
            status = error.status
        else:
            start_session(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Welcome! We sent you a link to confirm your e-mail.")
            return redirect(_next_url(request, "accounts:account"))
    elif request.method == "POST":
        status = 400
    next_url = request.POST.get("next") or request.GET.get("next", "")
    return render(request, "accounts/signup.html", {"form": form, "next": next_url},
                  status=status)


@require_http_methods(["GET"])
def verify_email_view(request: HttpRequest, token: str) -> HttpResponse:
    try:
        actions.verify_email(token)
    except AccountError as error:
        return render(request, "accounts/message.html",
                      {"title": "Link not valid", "text": error.detail}, status=400)
    return render(request, "accounts/message.html", {
        "title": "E-mail confirmed", "text": "Thank you, your e-mail address is confirmed.",
    })


@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            actions.request_password_reset(form.cleaned_data["email"])
            return render(request, "accounts/message.html", {
                "title": "Check your inbox",
                "text": "If an account exists for this address, we sent it a link to choose a "
                        "new password.",
            })
        return render(request, "accounts/password_reset.html", {"form": form}, status=400)
    return render(request, "accounts/password_reset.html", {"form": form})


@require_http_methods(["GET", "POST"])
def password_reset_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    return set_password_page(request, uidb64, token, template="accounts/set_password.html",
                             success_url="accounts:login")


def set_password_page(request: HttpRequest, uidb64: str, token: str, *, template: str,
                      success_url: str) -> HttpResponse:
    """Shared by password resets and staff invitations: both end in choosing a password."""
    if actions.user_for_password_token(uidb64, token) is None:
        return render(request, "accounts/message.html", {
            "title": "Link not valid",
            "text": "This link is invalid or has already been used.",
        }, status=400)
    form = SetPasswordForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_password_with_token(uidb64, token, form.cleaned_data["password"])
        except AccountError as error:
            add_account_error(form, error)
            status = error.status
        else:
            messages.success(request, "Your password is set. You can log in now.")
            return redirect(success_url)
    elif request.method == "POST":
        status = 400
    return render(request, template, {"form": form}, status=status)


def _repairs_of(user: User) -> list:  # type: ignore[type-arg]
    """Repairs are matched by e-mail address: only a verified address may see them."""
    from tenant_apps.network.selectors import repair_timelines_for

    return repair_timelines_for(user.email) if user.is_email_verified else []


@login_required
@require_http_methods(["GET"])
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account.html",
                  {"repairs": _repairs_of(cast(User, request.user))})
