"""Users. The table exists in every tenant schema (customers and store staff of that tenant) and in
the public schema (platform operators): the same e-mail can belong to unrelated tenants."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    CUSTOMER = "customer", "Customer"
    COUNTER_STAFF = "counter_staff", "Counter staff"
    MANAGER = "manager", "Manager"
    OPERATOR = "operator", "Platform operator"
    REPAIRER = "repairer", "Repairer"


STAFF_ROLES = frozenset({Role.COUNTER_STAFF, Role.MANAGER})


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: object) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normalise_email(email), **fields)
        user.set_password(password)  # None gives an unusable password
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> "User":
        fields.update(role=Role.OPERATOR, is_superuser=True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email=normalise_email(username or ""))


def normalise_email(email: str) -> str:
    return email.strip().lower()


class User(AbstractBaseUser, PermissionsMixin):
    # Always stored lower-cased (normalise_email), so uniqueness is case-insensitive.
    email = models.EmailField(max_length=254, unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CUSTOMER)
    is_active = models.BooleanField(default=True)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []  # type: ignore[misc]

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    @property
    def is_staff(self) -> bool:
        """Store staff of the current tenant, or a platform operator in the public schema."""
        return self.role in STAFF_ROLES or self.role == Role.OPERATOR

    @property
    def is_store_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER

    @property
    def is_operator(self) -> bool:
        return self.role == Role.OPERATOR

    @property
    def is_repairer(self) -> bool:
        return self.role == Role.REPAIRER

    @property
    def is_email_verified(self) -> bool:
        return self.email_verified_at is not None


class UserEvent(models.Model):
    """Audit trail of account changes."""

    class Kind(models.TextChoices):
        SIGNED_UP = "signed_up", "Signed up"
        EMAIL_VERIFIED = "email_verified", "E-mail verified"
        INVITED = "invited", "Invited"
        PASSWORD_SET = "password_set", "Password set"
        PASSWORD_RESET_REQUESTED = "password_reset_requested", "Password reset requested"
        DEACTIVATED = "deactivated", "Deactivated"
        REACTIVATED = "reactivated", "Reactivated"
        LOGIN_THROTTLED = "login_throttled", "Login throttled"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    actor_email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} ({self.user_id})"
