"""Read models of the customers app: the staff list and the lookups that authorise."""

from django.db.models import Q
from django.http import Http404

from .models import Address, Customer, CustomerQuerySet


def search_customers(query: str = "", *, kind: str = "", vat_status: str = "") -> CustomerQuerySet:
    """Customers matching a name, e-mail or company fragment, with their effective VAT status.

    One query whatever the number of rows: the account comes by join, the VAT status is computed
    in SQL.
    """
    customers = Customer.objects.select_related("user").with_vat_status()
    query = query.strip()
    if query:
        customers = customers.filter(
            Q(user__email__icontains=query) | Q(user__full_name__icontains=query)
            | Q(guest_email__icontains=query) | Q(guest_name__icontains=query)
            | Q(company_name__icontains=query)
        )
    if kind:
        customers = customers.filter(kind=kind)
    if vat_status:
        customers = customers.filter(Q(effective_vat_status=vat_status))
    return customers.order_by("-created_at", "-id")


def access_customer(customer_id: int) -> Customer:
    customer = Customer.objects.select_related("user", "vat_status_override_by").filter(
        pk=customer_id).first()
    if customer is None:
        raise Http404("No such customer.")
    return customer


def access_address(customer: Customer, address_id: int) -> Address:
    """One of ``customer``'s addresses; someone else's and unknown ids are the same 404."""
    address = Address.objects.filter(pk=address_id, customer=customer).first()
    if address is None:
        raise Http404("No such address.")
    return address
