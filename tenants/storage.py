"""File storage whose keys always live under the current tenant's prefix (TENANCY.md 4).

New files are written as ``<schema>/<key>``; reading, listing or deleting a name outside the
current tenant's prefix raises, so no code path can reach another tenant's files.
"""

import posixpath

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage
from storages.backends.s3 import S3Storage

from .context import current_schema
from .schema_names import validate_schema_name


def current_prefix() -> str:
    schema = current_schema()
    validate_schema_name(schema)
    return schema


def _normalise(name: str) -> str:
    # A ".." part is refused even when it would stay inside the tenant's prefix: a key naming
    # another tenant's folder is a probe, not a file name, and must not be silently rewritten.
    slashed = name.replace("\\", "/")
    cleaned = posixpath.normpath(slashed)
    if cleaned.startswith(("/", "..")) or ".." in slashed.split("/"):
        raise SuspiciousFileOperation(f"Refused file name {name!r}.")
    return cleaned


class TenantPrefixMixin:
    def _prefixed(self, name: str) -> str:
        cleaned = _normalise(name)
        prefix = current_prefix()
        if cleaned.split("/", 1)[0] == prefix:
            return cleaned
        return f"{prefix}/{cleaned}"

    def _checked(self, name: str) -> str:
        cleaned = _normalise(name)
        if cleaned.split("/", 1)[0] != current_prefix():
            raise SuspiciousFileOperation(
                f"{name!r} is outside the current tenant's files ({current_prefix()})."
            )
        return cleaned

    def generate_filename(self, filename):  # type: ignore[no-untyped-def]
        return super().generate_filename(self._prefixed(filename))  # type: ignore[misc]

    def save(self, name, content, max_length=None):  # type: ignore[no-untyped-def]
        return super().save(self._prefixed(name), content, max_length)  # type: ignore[misc]

    def open(self, name, mode="rb"):  # type: ignore[no-untyped-def]
        return super().open(self._checked(name), mode)  # type: ignore[misc]

    def delete(self, name):  # type: ignore[no-untyped-def]
        return super().delete(self._checked(name))  # type: ignore[misc]

    def exists(self, name):  # type: ignore[no-untyped-def]
        return super().exists(self._checked(name))  # type: ignore[misc]

    def size(self, name):  # type: ignore[no-untyped-def]
        return super().size(self._checked(name))  # type: ignore[misc]

    def url(self, name):  # type: ignore[no-untyped-def]
        return super().url(self._checked(name))  # type: ignore[misc]


class TenantFileSystemStorage(TenantPrefixMixin, FileSystemStorage):
    def path(self, name):  # type: ignore[no-untyped-def]
        return super().path(self._checked(name))


class TenantS3Storage(TenantPrefixMixin, S3Storage):
    pass
