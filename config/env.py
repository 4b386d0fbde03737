"""Typed, validated reading of settings from the environment.

Every setting the deployment can change is read here, so a bad value fails at start-up with a
message naming the variable instead of surfacing later as an odd runtime error.
"""

import os
from decimal import Decimal, InvalidOperation
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def get_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None:
        if default is None:
            raise ImproperlyConfigured(f"The environment variable {name} is required.")
        return default
    return value


def get_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}.")


def get_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}.")
    return number


def get_decimal(name: str, default: str, *, minimum: Decimal | None = None,
                maximum: Decimal | None = None) -> Decimal:
    value = os.environ.get(name, default)
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        raise ImproperlyConfigured(f"{name} must be a decimal number, got {value!r}.") from None
    if not number.is_finite() or (minimum is not None and number < minimum) or (
            maximum is not None and number > maximum):
        raise ImproperlyConfigured(
            f"{name} must be a number from {minimum} to {maximum}, got {value!r}.")
    return number


def get_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def get_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, got {value!r}.")
    return value


def parse_database_url(url: str) -> dict[str, object]:
    """Turn postgres://user:pass@host:port/name into a Django DATABASES entry."""
    parsed = urlparse(url)
    if parsed.scheme not in ("postgres", "postgresql"):
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with postgres:// or postgresql://, got {parsed.scheme!r}."
        )
    name = parsed.path.lstrip("/")
    if not name:
        raise ImproperlyConfigured("DATABASE_URL must name a database (postgres://host/NAME).")
    try:
        port = parsed.port
    except ValueError:
        raise ImproperlyConfigured(
            "DATABASE_URL has an invalid port (expected a number from 1 to 65535)."
        ) from None
    return {
        "ENGINE": "django_tenants.postgresql_backend",
        "NAME": unquote(name),
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(port or ""),
    }


def get_redis_url(name: str = "REDIS_URL") -> str | None:
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    if urlparse(value).scheme not in ("redis", "rediss", "unix"):
        raise ImproperlyConfigured(f"{name} must be a redis:// or rediss:// URL, got {value!r}.")
    return value


def get_choices(name: str, default: list[str], choices: tuple[str, ...]) -> list[str]:
    """A comma-separated subset of ``choices``, in the order given."""
    values = get_list(name, default)
    unknown = [value for value in values if value not in choices]
    if unknown:
        raise ImproperlyConfigured(
            f"{name} may only list {', '.join(choices)}, got {', '.join(unknown)}.")
    return values
