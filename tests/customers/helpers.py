"""Shared by the customer tests: customers made straight in a schema, a stubbed VIES."""

from django_tenants.utils import tenant_context

from tenant_apps.customers import vies
from tenant_apps.customers.models import Address, Customer
from tenant_apps.customers.vat import CustomerKind, VatNumberStatus
from tenants.models import Tenant
from tests.conftest import make_user


def make_customer(tenant: Tenant, email: str, **fields: object) -> Customer:
    user = make_user(tenant, email)
    with tenant_context(tenant):
        return Customer.objects.create(user=user, **fields)


def make_professional(tenant: Tenant, email: str, *, country: str = "DE",
                      vat_number: str = "DE136695976",
                      status: str = VatNumberStatus.PENDING) -> Customer:
    return make_customer(tenant, email, kind=CustomerKind.PROFESSIONAL, company_name="Pro GmbH",
                         billing_country=country, vat_number=vat_number,
                         vat_number_status=status)


def make_address(tenant: Tenant, customer: Customer, **fields: object) -> Address:
    values: dict[str, object] = {"street": "1 rue de la Paix", "postal_code": "75002",
                                 "city": "Paris", "country": "FR"}
    values.update(fields)
    with tenant_context(tenant):
        return Address.objects.create(customer=customer, **values)


class FakeVies:
    """Stands in for vies.check_vat: answers from a queue and remembers each question."""

    def __init__(self, *answers: vies.ViesResult):
        self.answers = list(answers)
        self.calls: list[tuple[str, str]] = []

    def __call__(self, country: str, number: str) -> vies.ViesResult:
        self.calls.append((country, number))
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
