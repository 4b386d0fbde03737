"""Review: the purchase invoice is served as an attachment; a claim's visit day is bounded."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.customers.models import Customer
from tenant_apps.repairs.actions import MAX_SLOT_DAYS_AHEAD
from tenant_apps.warranties.actions import file_claim
from tenant_apps.warranties.errors import WarrantyError
from tenant_apps.warranties.models import WarrantyClaim
from tests.conftest import make_user

from .helpers import MINIMAL_PDF, commercial, new_device, visit

pytestmark = pytest.mark.django_db
HOST_A = "alpha.localhost"


def test_the_invoice_is_an_attachment_never_sniffed(tenant_a):
    owner = make_user(tenant_a, "inv@example.test", Role.CUSTOMER)
    staff = make_user(tenant_a, "inv-desk@alpha.test", Role.COUNTER_STAFF)
    with tenant_context(tenant_a):
        warranty = commercial(new_device(Customer.objects.create(user=owner)))
    for user in (owner, staff):
        client = Client(HTTP_HOST=HOST_A)
        with tenant_context(tenant_a):
            client.force_login(user)
        response = client.get(f"/warranty/{warranty.pk}/invoice/")
        assert response.status_code == 200 and response.content == MINIMAL_PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"] == (
            f'attachment; filename="invoice-{warranty.pk}.pdf"')


def test_a_visit_day_years_ahead_is_refused(tenant_a):
    today = timezone.localdate()
    with tenant_context(tenant_a):
        warranty = commercial(new_device(travels=False))
        for day in (today.replace(year=9999, month=12, day=31),
                    today + timedelta(days=MAX_SLOT_DAYS_AHEAD + 1)):
            with pytest.raises(WarrantyError) as refused:
                file_claim(warranty, "Leaks.", visit=visit(day))
            assert refused.value.field == "visit_date"
        assert not WarrantyClaim.objects.exists()
        assert file_claim(warranty, "Leaks.",
                          visit=visit(today + timedelta(days=MAX_SLOT_DAYS_AHEAD))).pk


def test_the_api_names_the_visit_date(tenant_a, client_a):
    owner = make_user(tenant_a, "far-claim@example.test", Role.CUSTOMER)
    with tenant_context(tenant_a):
        warranty = commercial(new_device(Customer.objects.create(user=owner), travels=False))
        client_a.force_login(owner)
    response = client_a.post(f"/api/warranties/{warranty.pk}/claims/", {
        "description": "Leaks.", "visit_street": "1 rue A", "visit_postal_code": "75001",
        "visit_city": "Paris", "visit_date": "9999-12-31", "visit_period": "morning"},
        content_type="application/json")
    assert response.status_code == 400 and set(response.json()["fields"]) == {"visit_date"}
