"""Read models of the platform's payment data."""

from django.db.models import QuerySet

from tenants.models import Tenant

from .models import ConnectedAccount, StripeEvent


def connected_account(tenant: Tenant | None) -> ConnectedAccount | None:
    if tenant is None:
        return None
    return ConnectedAccount.objects.filter(tenant=tenant).first()


def account_owner(account_id: str) -> Tenant | None:
    """The tenant whose connected account this is, or None."""
    if not account_id:
        return None
    row = ConnectedAccount.objects.select_related("tenant").filter(account_id=account_id).first()
    return row.tenant if row else None


def recent_events(limit: int = 100) -> QuerySet[StripeEvent]:
    return StripeEvent.objects.defer("payload").order_by("-received_at", "-id")[:limit]
