"""Pieces shared by both API sides: strict input parsing and the documented error body."""

from collections.abc import Mapping
from typing import Any

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

# Sent by HTML forms posting to the API with a session; never an input of ours.
_IGNORED_INPUTS = frozenset({"csrfmiddlewaretoken"})


# Refuses unknown or read-only input fields by name instead of silently dropping them. (A comment,
# not a docstring: serializers inherit docstrings, and the schema would show this one everywhere.)
class StrictInputMixin:
    fields: Any

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(set(data) - writable - _IGNORED_INPUTS)
            if unknown:
                raise serializers.ValidationError(
                    {name: ["This field is unknown or cannot be changed."] for name in unknown},
                    code="unknown_field",
                )
        return super().to_internal_value(data)  # type: ignore[misc]


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx answer."""

    # Declared in get_fields because ``fields`` is a Serializer property.

    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            "code": serializers.CharField(help_text="Stable machine-readable error code."),
            "detail": serializers.CharField(help_text="What went wrong, for people."),
            "fields": serializers.DictField(
                child=serializers.ListField(child=serializers.CharField()),
                help_text="Messages per offending input; dotted names for nested inputs.",
            ),
        }


_ERROR_MEANINGS = {
    400: "Invalid input; `fields` names each offending field.",
    401: "Missing or unknown credentials.",
    403: "Authenticated, but not allowed.",
    404: "No such object here.",
    409: "Conflicts with the current state or with existing data.",
    429: "Too many attempts; try again later.",
}


def error_responses(*status_codes: int) -> dict[int, OpenApiResponse]:
    """OpenAPI responses for the given error statuses, all with the typed error body."""
    return {
        code: OpenApiResponse(response=ErrorSerializer, description=_ERROR_MEANINGS[code])
        for code in status_codes
    }
