"""Who may read which document, and the back office's filtered register."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.http import Http404

from tenant_apps.accounts.models import User
from tenant_apps.commerce.order_models import Order, is_token_shaped
from tenants.lookups import is_database_id

from .models import IssuedDocument


def may_read_order_documents(user: User | object, order: Order) -> bool:
    """Staff of the tenant, or the signed-in customer the order belongs to."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    if user.is_store_staff:
        return True
    return order.customer.user_id is not None and order.customer.user_id == user.pk


def access_document(user: User | object, document_id: int) -> IssuedDocument:
    """A document the user may read; missing and forbidden are the same 404."""
    document = (IssuedDocument.objects.select_related("order__customer")
                .filter(pk=document_id).first() if is_database_id(document_id) else None)
    if document is None or not may_read_order_documents(user, document.order):
        raise Http404("No such document.")
    return document


def access_document_by_token(token: str, document_id: int) -> IssuedDocument:
    """A document of the order whose public token is given (guests' links)."""
    if not is_token_shaped(token) or not is_database_id(document_id):
        raise Http404("No such document.")
    document = (IssuedDocument.objects.select_related("order")
                .filter(pk=document_id, order__public_token=token).first())
    if document is None:
        raise Http404("No such document.")
    return document


def access_order_documents(user: User | object, order_id: int) -> QuerySet[IssuedDocument]:
    """The documents of an order the user may read, oldest first."""
    order = (Order.objects.select_related("customer").filter(pk=order_id).first()
             if is_database_id(order_id) else None)
    if order is None or not may_read_order_documents(user, order):
        raise Http404("No such order.")
    return order_documents(order)


def order_documents(order: Order) -> QuerySet[IssuedDocument]:
    return (IssuedDocument.objects.filter(order=order).select_related("credits")
            .order_by("issued_at", "id"))


@dataclass(frozen=True)
class DocumentFilters:
    kind: str = ""
    issued_from: date | None = None
    issued_to: date | None = None


def search_documents(filters: DocumentFilters) -> QuerySet[IssuedDocument]:
    """The register: documents by kind and issue date, in number order within a day."""
    documents = IssuedDocument.objects.select_related("order", "credits")\
        .order_by("-issued_on", "-issued_at", "-id")
    if filters.kind:
        documents = documents.filter(kind=filters.kind)
    if filters.issued_from is not None:
        documents = documents.filter(issued_on__gte=filters.issued_from)
    if filters.issued_to is not None:
        documents = documents.filter(issued_on__lte=filters.issued_to)
    return documents
