"""Staff clients and many repair orders for the back-office tests."""

from django.test import Client
from django_tenants.utils import tenant_context

from tenant_apps.accounts.models import Role
from tenant_apps.customers.models import Customer
from tenant_apps.repairs.models import Device, RepairOrder, format_reference
from tenants.models import Tenant
from tests.conftest import make_user

from .helpers import travelling_category


def staff_client(client: Client, tenant: Tenant, email: str,
                 role: str = Role.COUNTER_STAFF) -> Client:
    user = make_user(tenant, email, role)
    with tenant_context(tenant):
        client.force_login(user)
    return client


def many_repairs(count: int, *, status: str = "received", start: int = 1000) -> list[RepairOrder]:
    """``count`` diagnosis repairs in the current schema, each with its customer and device."""
    category = travelling_category()
    customers = Customer.objects.bulk_create(
        Customer(guest_email=f"bulk{start + index}@example.test", guest_name=f"Bulk {index}")
        for index in range(count))
    devices = Device.objects.bulk_create(
        Device(customer=customer, category=category, brand_name="Acme", model_name="X1",
               serial_or_imei=f"SN{start + index:08d}")
        for index, customer in enumerate(customers))
    return RepairOrder.objects.bulk_create(
        RepairOrder(reference=format_reference(start + index), device=device,
                    customer=device.customer, path="diagnosis", status=status,
                    fault_description="Does not turn on.")
        for index, device in enumerate(devices))
