"""Every change to an account: sign-up, verification, passwords, staff invitations, throttling.

No password ever leaves the server: invitations and resets carry a set-password link instead.
"""

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from tenants.context import current_tenant
from tenants.mail import send_branded_email
from tenants.urls import tenant_url

from .errors import AccountError
from .models import STAFF_ROLES, Role, User, UserEvent, normalise_email
from .tokens import (
    encode_uid,
    make_verification_token,
    password_token_generator,
    user_from_uid,
    user_from_verification_token,
)

TENANT_URLCONF = "config.urls_tenant"


def _link(view_name: str, **kwargs: str) -> str:
    tenant = current_tenant()
    if tenant is None:
        raise AccountError("Accounts with links live on a tenant domain.", code="no_tenant")
    return tenant_url(tenant, reverse(view_name, urlconf=TENANT_URLCONF, kwargs=kwargs))


def _clean_email(email: str) -> str:
    email = normalise_email(email or "")
    try:
        validate_email(email)
    except ValidationError:
        raise AccountError("Enter a valid e-mail address.", code="invalid_email",
                           field="email") from None
    return email


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise AccountError(" ".join(error.messages), code="weak_password",
                           field="password") from None


def sign_up_customer(email: str, password: str, *, full_name: str = "") -> User:
    """Create a customer account on the current tenant and send the e-mail verification link."""
    email = _clean_email(email)
    candidate = User(email=email, full_name=full_name.strip()[:150], role=Role.CUSTOMER)
    _check_password(password, candidate)
    with transaction.atomic():
        if User.objects.filter(email__iexact=email).exists():
            raise AccountError("An account already exists with this e-mail.",
                               code="email_taken", field="email", status=409)
        candidate.set_password(password)
        try:
            with transaction.atomic():
                candidate.save()
        except IntegrityError:  # the same e-mail signed up a moment ago
            raise AccountError("An account already exists with this e-mail.",
                               code="email_taken", field="email", status=409) from None
        UserEvent.objects.create(user=candidate, kind=UserEvent.Kind.SIGNED_UP)
        send_verification_email(candidate)
    return candidate


def send_verification_email(user: User) -> None:
    link = _link("accounts:verify_email", token=make_verification_token(user))
    send_branded_email("verify_email", user.email, {"link": link, "name": user.full_name})


def verify_email(token: str) -> User:
    user = user_from_verification_token(token)
    if user is None:
        raise AccountError("This verification link is invalid or has expired.",
                           code="invalid_token", field="token")
    with transaction.atomic():
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
            UserEvent.objects.create(user=user, kind=UserEvent.Kind.EMAIL_VERIFIED)
    return user


def request_password_reset(email: str) -> None:
    """Send a reset link if an active account has this e-mail; say nothing either way."""
    user = User.objects.filter(email__iexact=normalise_email(email or ""), is_active=True).first()
    if user is None:
        return
    # One e-mail per account per few minutes: the form cannot be used to flood an inbox.
    if not cache.add(f"password-reset:{user.pk}", 1, settings.PASSWORD_RESET_EMAIL_INTERVAL):
        return
    with transaction.atomic():
        UserEvent.objects.create(user=user, kind=UserEvent.Kind.PASSWORD_RESET_REQUESTED)
        link = _link("accounts:password_reset_confirm", uidb64=encode_uid(user),
                     token=password_token_generator.make_token(user))
        send_branded_email("password_reset", user.email, {"link": link, "name": user.full_name})


def user_for_password_token(uidb64: str, token: str) -> User | None:
    user = user_from_uid(uidb64)
    if user is None or not password_token_generator.check_token(user, token):
        return None
    return user


def set_password_with_token(uidb64: str, token: str, password: str) -> User:
    """Complete a reset or an invitation. Setting a password proves the e-mail address."""
    user = user_for_password_token(uidb64, token)
    if user is None:
        raise AccountError("This link is invalid or has already been used.",
                           code="invalid_token", field="token")
    _check_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        fields = ["password"]
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
            fields.append("email_verified_at")
        user.save(update_fields=fields)
        UserEvent.objects.create(user=user, kind=UserEvent.Kind.PASSWORD_SET)
        clear_login_failures(user.email)
    return user


def invite_staff(email: str, *, role: str, invited_by: User | None) -> User:
    """Create a staff account with no password and e-mail it a set-password link."""
    if role not in STAFF_ROLES:
        raise AccountError("Choose manager or counter staff.", code="invalid_role", field="role")
    email = _clean_email(email)
    with transaction.atomic():
        if User.objects.filter(email__iexact=email).exists():
            raise AccountError("An account already exists with this e-mail.",
                               code="email_taken", field="email", status=409)
        user = User.objects.create_user(email, None, role=role)
        UserEvent.objects.create(user=user, kind=UserEvent.Kind.INVITED,
                                 actor_email=invited_by.email if invited_by else "")
        link = _link("backoffice:accept_invitation", uidb64=encode_uid(user),
                     token=password_token_generator.make_token(user))
        send_branded_email("staff_invitation", user.email, {
            "link": link, "role": Role(role).label,
            "inviter": invited_by.email if invited_by else "",
        })
    return user


def update_profile(user: User, *, full_name: str | None = None, phone: str | None = None) -> User:
    """Change one's own name or phone; only the given fields are written."""
    changes = {"full_name": full_name, "phone": phone}
    fields = [name for name, value in changes.items() if value is not None]
    if not fields:
        return user
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        for name in fields:
            setattr(locked, name, str(changes[name]).strip())
        locked.save(update_fields=fields)
    return locked


def set_user_active(user: User, *, active: bool, actor: User) -> User:
    """Deactivate or reactivate a staff account; nobody can deactivate themselves."""
    if user.pk == actor.pk:
        raise AccountError("You cannot change your own access.", code="self_deactivation",
                           field="user", status=409)
    with transaction.atomic():
        # Lock the actor too: two managers deactivating each other at once must not both win.
        rows = {row.pk: row for row in User.objects.select_for_update().filter(
            pk__in=[user.pk, actor.pk]).order_by("pk")}
        acting = rows.get(actor.pk)
        if acting is None or not acting.is_active or not acting.is_manager:
            raise AccountError("Only an active manager can change staff access.",
                               code="forbidden", status=403)
        locked = rows[user.pk]
        if locked.is_active == active:
            return locked
        locked.is_active = active
        locked.save(update_fields=["is_active"])
        UserEvent.objects.create(
            user=locked, actor_email=actor.email,
            kind=UserEvent.Kind.REACTIVATED if active else UserEvent.Kind.DEACTIVATED,
        )
    # An inactive user's open sessions stop authenticating at once: ModelBackend.get_user
    # refuses inactive users on every request.
    return locked


# --- Login throttling: counted per tenant (the default cache prefixes keys with the schema) ---

def _failure_key(email: str) -> str:
    return f"login-failures:{normalise_email(email)}"


def record_login_failure(email: str) -> int:
    """Count one attempt atomically and return the count (add then incr: no lost updates)."""
    key = _failure_key(email)
    if cache.add(key, 1, settings.LOGIN_THROTTLE_SECONDS):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:
        cache.set(key, 1, settings.LOGIN_THROTTLE_SECONDS)
        return 1


def clear_login_failures(email: str) -> None:
    cache.delete(_failure_key(email))


def log_in(request: HttpRequest, email: str, password: str, *, staff_only: bool = False) -> User:
    """Check credentials with per-tenant throttling; the caller starts the session."""
    email = normalise_email(email or "")
    # The attempt is counted before the password is checked, so parallel guesses cannot all
    # read a count under the limit; a successful login clears the count.
    if record_login_failure(email) > settings.LOGIN_THROTTLE_ATTEMPTS:
        raise AccountError("Too many failed attempts. Try again later.", code="throttled",
                           status=429)
    user = authenticate(request, username=email, password=password)
    if user is None or (staff_only and not user.is_staff):
        raise AccountError("E-mail or password is incorrect.", code="invalid_credentials",
                           status=400)
    clear_login_failures(email)
    return user
