"""Tenant file storage: keys live under the current schema's prefix and nothing outside it can be
reached (TENANCY.md 4)."""

import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django_tenants.utils import tenant_context

from tenants.storage import TenantFileSystemStorage

pytestmark = [pytest.mark.django_db, pytest.mark.isolation]


@pytest.fixture
def storage(tmp_path):
    return TenantFileSystemStorage(location=tmp_path, base_url="/media/")


def test_files_are_written_under_the_current_schema(storage, tmp_path, tenant_a, tenant_b):
    with tenant_context(tenant_a):
        name_a = storage.save("quotes/q1.pdf", ContentFile(b"alpha quote"))
    with tenant_context(tenant_b):
        name_b = storage.save("quotes/q1.pdf", ContentFile(b"beta quote"))
    assert name_a.startswith(f"{tenant_a.schema_name}/quotes/")
    assert name_b.startswith(f"{tenant_b.schema_name}/quotes/")
    assert (tmp_path / name_a).read_bytes() == b"alpha quote"
    assert (tmp_path / name_b).read_bytes() == b"beta quote"


def test_a_name_saved_with_another_tenants_prefix_stays_in_the_current_tenant(
    storage, tenant_a, tenant_b
):
    with tenant_context(tenant_a):
        name = storage.save(f"{tenant_b.schema_name}/planted.txt", ContentFile(b"x"))
    assert name.startswith(f"{tenant_a.schema_name}/")


@pytest.mark.parametrize("operation", ["open", "exists", "size", "url", "delete", "path"])
def test_another_tenants_file_cannot_be_reached(storage, tenant_a, tenant_b, operation):
    with tenant_context(tenant_a):
        name_a = storage.save("secret.txt", ContentFile(b"alpha only"))
    with tenant_context(tenant_b), pytest.raises(SuspiciousFileOperation):
        getattr(storage, operation)(name_a)
    with tenant_context(tenant_a):
        assert storage.exists(name_a)


@pytest.mark.parametrize("trick", [
    "../{b}/secret.txt",
    "{a}/../{b}/secret.txt",
    "{a}/./../{b}/secret.txt",
    "..\\{b}\\secret.txt",
    "{a}\\..\\{b}\\secret.txt",
    "/{b}/secret.txt",
    "../../etc/passwd",
    "{a}/../../etc/passwd",
])
def test_dot_dot_tricks_are_refused(storage, tenant_a, tenant_b, trick):
    with tenant_context(tenant_b):
        storage.save("secret.txt", ContentFile(b"beta only"))
    name = trick.format(a=tenant_a.schema_name, b=tenant_b.schema_name)
    with tenant_context(tenant_a):
        with pytest.raises(SuspiciousFileOperation):
            storage.open(name)
        with pytest.raises(SuspiciousFileOperation):
            storage.save(name, ContentFile(b"overwrite"))


def test_brand_row_pointing_at_another_tenants_logo_cannot_read_it(tenant_a, tenant_b, storage):
    with tenant_context(tenant_a):
        name_a = storage.save("brand/logo.png", ContentFile(b"alpha logo"))
    with tenant_context(tenant_b), pytest.raises(SuspiciousFileOperation):
        storage.open(name_a).read()
