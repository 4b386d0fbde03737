"""Typed API errors: every 4xx body is {"code": ..., "detail": ..., "fields": {...}}.

``code`` is a stable machine-readable string, ``detail`` a sentence for people, ``fields`` maps each
offending input (dotted for nested ones, e.g. ``brand.primary_color``) to its messages.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.fields import get_error_detail
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from tenants.errors import DomainError

NON_FIELD = "non_field_errors"
# Domain error codes that mean "this clashes with something that already exists".
CONFLICT_CODES = frozenset({"slug_taken", "domain_taken", "email_taken"})


def _first_code(detail: Any) -> str:
    if isinstance(detail, list) and detail:
        return _first_code(detail[0])
    if isinstance(detail, Mapping) and detail:
        return _first_code(next(iter(detail.values())))
    return getattr(detail, "code", None) or "invalid"


def _messages(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [message for item in value for message in _messages(item)]
    return [str(value)]


def _fields(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """Flatten nested serializer errors into {"a.b": [...], "items.0.c": [...]}."""
    if isinstance(detail, list | tuple) and any(isinstance(i, Mapping | list) for i in detail):
        nested: dict[str, list[str]] = {}
        for index, item in enumerate(detail):
            if item:
                nested.update(_fields(item, f"{prefix}{index}."))
        return nested
    if not isinstance(detail, Mapping):
        return {(prefix.rstrip(".") or NON_FIELD): _messages(detail)}
    fields: dict[str, list[str]] = {}
    for name, value in detail.items():
        fields.update(_fields(value, f"{prefix}{name}."))
    return fields


def _status_of(error: DomainError) -> int:
    if error.status:
        return error.status
    if error.code in CONFLICT_CODES:
        return status.HTTP_409_CONFLICT
    return status.HTTP_400_BAD_REQUEST


def domain_error_response(error: DomainError) -> Response:
    body: dict[str, Any] = {"code": error.code, "detail": error.detail, "fields": {}}
    if error.field:
        body["fields"] = {error.field: [error.detail]}
    set_rollback()
    return Response(body, status=_status_of(error))


def _validation_detail(fields: dict[str, list[str]]) -> str:
    if len(fields) == 1:
        name, messages = next(iter(fields.items()))
        return messages[0] if name == NON_FIELD else f"{name}: {messages[0]}"
    return "Some fields are invalid."


def _as_api_exception(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        detail = get_error_detail(exc)
        return exceptions.ValidationError(
            detail if isinstance(detail, dict) else {NON_FIELD: detail}
        )
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def typed_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return domain_error_response(exc)
    exc = _as_api_exception(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _fields(exc.detail)
        response.data = {
            "code": _first_code(exc.detail),
            "detail": _validation_detail(fields),
            "fields": fields,
        }
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail
        response.data = {
            "code": getattr(detail, "code", None) or exc.default_code,
            "detail": " ".join(_messages(detail)) if isinstance(detail, list) else str(detail),
            "fields": {},
        }
    return response
