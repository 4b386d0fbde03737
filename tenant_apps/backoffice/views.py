"""Back office of a tenant: staff only; brand and staff pages for managers only.

Thin views: parse with a form, authorise with a decorator, call an action, render.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from tenant_apps.accounts import actions
from tenant_apps.accounts.errors import AccountError
from tenant_apps.accounts.forms import add_account_error
from tenant_apps.accounts.models import STAFF_ROLES, Role, User
from tenant_apps.accounts.views import login_page, set_password_page
from tenant_apps.documents.seller import missing_identity
from tenants.actions import update_brand
from tenants.context import current_tenant
from tenants.models import Brand

from .forms import BrandForm, InviteStaffForm, logo_data_uri


def acting_user(request: HttpRequest) -> User:
    """The signed-in staff member; only called behind staff_required."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionError("A signed-in user is required.")
    return user


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "backoffice/forbidden.html", status=403)


def staff_required(view):  # type: ignore[no-untyped-def]
    """Anonymous visitors go to the staff login; logged-in customers get a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not request.user.is_authenticated:
            query = urlencode({"next": request.path})
            return redirect(f"{reverse('backoffice:login')}?{query}")
        if not request.user.is_store_staff:
            return _forbidden(request)
        return view(request, *args, **kwargs)

    return wrapper


def manager_required(view):  # type: ignore[no-untyped-def]
    """Staff only, and of those, managers only: counter staff get a 403."""

    @wraps(view)
    @staff_required
    def wrapper(request: HttpRequest, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not acting_user(request).is_manager:
            return _forbidden(request)
        return view(request, *args, **kwargs)

    return wrapper


# --- Sign-in ---------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    return login_page(request, template="backoffice/login.html",
                      success_url="backoffice:dashboard", staff_only=True)


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
    figures = {
        "customers": User.objects.filter(role=Role.CUSTOMER).count(),
        "staff": User.objects.filter(role__in=STAFF_ROLES, is_active=True).count(),
    }
    return render(request, "backoffice/dashboard.html", {
        "figures": figures, "missing_identity": missing_identity(),
    })


# --- Brand -----------------------------------------------------------------------------------

def _saved_brand() -> Brand:
    """A fresh copy of the tenant's brand: the form may change it without touching the page's."""
    tenant = current_tenant()
    brand = None if tenant is None else (
        Brand.objects.select_related("tenant").filter(tenant_id=tenant.pk).first()
    )
    if brand is None:
        raise Http404("This tenant has no brand yet.")
    return brand


def _logo_url(brand: Brand) -> str:
    if not brand.logo:
        return ""
    version = int(brand.updated_at.timestamp()) if brand.updated_at else 0
    return f"{reverse('storefront:brand_logo')}?v={version}"


@manager_required
@require_http_methods(["GET", "POST"])
def brand_settings(request: HttpRequest) -> HttpResponse:
    """Edit the brand. "Preview" re-renders with the submitted values; "Save" stores them."""
    saved = _saved_brand()
    if request.method == "GET":
        return _render_brand_page(request, BrandForm(instance=saved), saved, _logo_url(saved))
    form = BrandForm(request.POST, request.FILES, instance=_saved_brand())
    if not form.is_valid():
        return _render_brand_page(request, form, saved, _logo_url(saved), status=400)
    if request.POST.get("intent") == "preview":
        upload = form.uploaded_logo()
        if upload is not None:
            logo = logo_data_uri(upload)
        else:
            logo = "" if form.cleaned_data.get("remove_logo") else _logo_url(form.instance)
        return _render_brand_page(request, form, form.instance, logo, is_preview=True)
    changes = form.changes()
    if changes:
        update_brand(saved, changes, actor_email=acting_user(request).email)
        messages.success(request, "Brand saved.")
    else:
        messages.info(request, "Nothing changed.")
    return redirect("backoffice:brand")


def _render_brand_page(request: HttpRequest, form: BrandForm, preview: Brand, logo_url: str, *,
                       status: int = 200, is_preview: bool = False) -> HttpResponse:
    swatches = [
        ("Primary", preview.primary_color), ("Accent", preview.accent_color),
        ("Background", preview.background_color), ("Text", preview.text_color),
    ]
    return render(request, "backoffice/brand.html", {
        "form": form, "preview": preview, "preview_logo_url": logo_url, "swatches": swatches,
        "is_preview": is_preview,
    }, status=status)


# --- Staff -----------------------------------------------------------------------------------

def _render_staff_page(request: HttpRequest, form: InviteStaffForm, *,
                       status: int = 200) -> HttpResponse:
    staff = User.objects.filter(role__in=STAFF_ROLES).order_by("email")
    return render(request, "backoffice/staff.html", {"staff": staff, "form": form},
                  status=status)


@manager_required
@require_http_methods(["GET"])
def staff_list(request: HttpRequest) -> HttpResponse:
    return _render_staff_page(request, InviteStaffForm())


@manager_required
@require_POST
def invite(request: HttpRequest) -> HttpResponse:
    form = InviteStaffForm(request.POST)
    if not form.is_valid():
        return _render_staff_page(request, form, status=400)
    try:
        user = actions.invite_staff(form.cleaned_data["email"], role=form.cleaned_data["role"],
                                    invited_by=acting_user(request))
    except AccountError as error:
        add_account_error(form, error)
        return _render_staff_page(request, form, status=error.status)
    messages.success(request, f"Invitation sent to {user.email}.")
    return redirect("backoffice:staff")


def _access_staff_member(user_id: int) -> User:
    """A staff member of this tenant; customers and unknown ids are the same 404."""
    member = User.objects.filter(pk=user_id, role__in=STAFF_ROLES).first()
    if member is None:
        raise Http404("No such staff member.")
    return member


def _set_active(request: HttpRequest, user_id: int, *, active: bool) -> HttpResponse:
    member = _access_staff_member(user_id)
    try:
        actions.set_user_active(member, active=active, actor=acting_user(request))
    except AccountError as error:
        messages.error(request, error.detail)
        return _render_staff_page(request, InviteStaffForm(), status=error.status)
    verb = "reactivated" if active else "deactivated"
    messages.success(request, f"{member.email} {verb}.")
    return redirect("backoffice:staff")


@manager_required
@require_POST
def deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    return _set_active(request, user_id, active=False)


@manager_required
@require_POST
def reactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    return _set_active(request, user_id, active=True)
