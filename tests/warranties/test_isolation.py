"""Tenant A's warranties, claims and invoices do not exist on tenant B."""

import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.test import Client
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.customers.models import Customer
from tenant_apps.warranties.actions import file_claim
from tenant_apps.warranties.models import WarrantyClaim
from tests.catalog.helpers import logged_in
from tests.conftest import make_user

from .helpers import commercial, new_device

pytestmark = pytest.mark.django_db


def test_tenant_a_warranty_is_invisible_on_b(client_b, tenant_a, tenant_b):
    email = "both@example.test"
    user_a = make_user(tenant_a, email, Role.CUSTOMER)
    user_b = make_user(tenant_b, email, Role.CUSTOMER)
    with tenant_context(tenant_a):
        warranty = commercial(new_device(Customer.objects.create(user=user_a)))
        claim = file_claim(warranty, "Broken.")
        invoice_name = warranty.purchase_invoice.name
    assert invoice_name.startswith(f"{tenant_a.schema_name}/")
    with tenant_context(tenant_b):
        Customer.objects.create(user=user_b)
        clerk_b = make_user(tenant_b, "clerk@beta.test", Role.COUNTER_STAFF)
        with pytest.raises(SuspiciousFileOperation):  # another tenant's prefix
            default_storage.open(invoice_name)
    customer_b = logged_in(client_b, tenant_b, user_b)
    assert customer_b.get(f"/warranty/{warranty.pk}/claim/").status_code == 404
    assert customer_b.get(f"/warranty/{warranty.pk}/invoice/").status_code == 404
    assert customer_b.get("/api/warranties/").json() == []
    assert customer_b.post(f"/api/warranties/{warranty.pk}/claims/", {"description": "x"},
                           content_type="application/json").status_code == 404
    staff_b = logged_in(Client(HTTP_HOST="beta.localhost"), tenant_b, clerk_b)
    assert staff_b.get(f"/backoffice/warranty/claims/{claim.pk}/").status_code == 404
    assert staff_b.post(f"/backoffice/warranty/claims/{claim.pk}/accept/").status_code == 404
    assert staff_b.post(f"/api/staff/warranty-claims/{claim.pk}/accept/").status_code == 404
    assert staff_b.get(f"/warranty/{warranty.pk}/invoice/").status_code == 404
    assert staff_b.get("/api/staff/warranty-claims/").json() == []
    assert f'data-claim="{claim.pk}"' not in staff_b.get("/backoffice/warranty/").content.decode()
    with tenant_context(tenant_a):
        assert WarrantyClaim.objects.get(pk=claim.pk).status == "submitted"
