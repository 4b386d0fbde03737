"""Two tenants, and two customers of one tenant: nobody sees another's devices, repairs, quotes."""

import pytest
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.customers.models import Customer
from tenant_apps.repairs.errors import NotFound
from tenant_apps.repairs.models import Device, Quote, RepairOrder
from tenant_apps.repairs.selectors import (
    access_device,
    access_quote,
    access_repair_order,
    can_see_proof,
    devices_of,
    repair_orders_of,
)
from tests.conftest import make_user

from .helpers import at_status, new_customer, new_repair, sent_quote

pytestmark = [pytest.mark.django_db, pytest.mark.isolation]


def test_tenant_b_never_sees_tenant_a_repairs(tenant_a, tenant_b):
    with tenant_context(tenant_a):
        repair_a = at_status(new_repair("diagnosis"), "diagnosing")
        quote_a = sent_quote(repair_a)
        ids = (repair_a.device_id, repair_a.pk, quote_a.pk)
        email = repair_a.customer.guest_email
    with tenant_context(tenant_b):
        # ids may repeat across schemas: look for tenant A's rows by what makes them A's
        assert not Device.objects.filter(customer__guest_email=email).exists()
        assert not RepairOrder.objects.filter(customer__guest_email=email).exists()
        assert not Quote.objects.filter(repair_order__customer__guest_email=email).exists()
        customer_b = new_customer("beta")
        for access, object_id in ((access_device, ids[0]), (access_repair_order, ids[1]),
                                  (access_quote, ids[2])):
            with pytest.raises(NotFound):
                access(customer_b, object_id)


def test_references_are_numbered_per_tenant(tenant_a, tenant_b):
    with tenant_context(tenant_a):
        first_a = new_repair("diagnosis").reference
        second_a = new_repair("diagnosis").reference
    with tenant_context(tenant_b):
        first_b = new_repair("diagnosis").reference
    assert first_a == first_b == "R-000001"
    assert second_a == "R-000002"


def test_a_customer_reaches_only_their_own(tenant_a):
    owner_user = make_user(tenant_a, "owner@alpha.test", Role.CUSTOMER)
    other_user = make_user(tenant_a, "other@alpha.test", Role.CUSTOMER)
    staff = make_user(tenant_a, "desk@alpha.test", Role.COUNTER_STAFF)
    with tenant_context(tenant_a):
        owner = Customer.objects.create(user=owner_user)
        other = Customer.objects.create(user=other_user)
        repair = at_status(new_repair("diagnosis"), "diagnosing")
        Device.objects.filter(pk=repair.device_id).update(customer=owner,
                                                          proof_of_purchase="x/p.pdf",
                                                          proof_content_type="application/pdf")
        RepairOrder.objects.filter(pk=repair.pk).update(customer=owner)
        quote = sent_quote(repair)
        draft_repair = at_status(new_repair("diagnosis"), "diagnosing")
        assert access_device(owner, repair.device_id).pk == repair.device_id
        assert access_repair_order(owner, repair.pk).pk == repair.pk
        assert access_quote(owner, quote.pk).pk == quote.pk
        assert list(devices_of(other)) == [] and list(repair_orders_of(other)) == []
        for access, object_id in ((access_device, repair.device_id),
                                  (access_repair_order, repair.pk), (access_quote, quote.pk)):
            with pytest.raises(NotFound):
                access(other, object_id)
        device = Device.objects.get(pk=repair.device_id)
        assert can_see_proof(owner_user, device) and can_see_proof(staff, device)
        assert not can_see_proof(other_user, device)
        assert draft_repair.customer_id != owner.pk
