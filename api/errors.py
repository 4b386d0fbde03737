"""Typed API errors: every 4xx body is {"code": ..., "detail": ..., "fields": {...}}."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from tenant_apps.accounts.errors import AccountError
from tenants.errors import InvalidTenantTransition, TenantError


def _first_code(detail: Any) -> str:
    if isinstance(detail, list) and detail:
        return _first_code(detail[0])
    if isinstance(detail, dict) and detail:
        return _first_code(next(iter(detail.values())))
    return getattr(detail, "code", None) or "invalid"


def _fields(detail: Any) -> dict[str, list[str]]:
    if not isinstance(detail, dict):
        return {}
    fields: dict[str, list[str]] = {}
    for name, value in detail.items():
        if isinstance(value, dict):
            for sub_name, messages in _fields(value).items():
                fields[f"{name}.{sub_name}"] = messages
        else:
            values = value if isinstance(value, list) else [value]
            fields[name] = [str(item) for item in values]
    return fields


def domain_error_response(error: TenantError | AccountError) -> Response:
    status_code = getattr(error, "status", None) or (
        status.HTTP_409_CONFLICT if isinstance(error, InvalidTenantTransition) else 400
    )
    body: dict[str, Any] = {"code": error.code, "detail": error.detail, "fields": {}}
    if error.field:
        body["fields"] = {error.field: [error.detail]}
    return Response(body, status=status_code)


def typed_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, TenantError | AccountError):
        return domain_error_response(exc)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "code": _first_code(exc.detail),
            "detail": "Some fields are invalid.",
            "fields": _fields(exc.detail) or {"non_field_errors": [str(exc.detail)]},
        }
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail
        response.data = {
            "code": getattr(detail, "code", None) or exc.default_code,
            "detail": str(detail),
            "fields": {},
        }
    return response
