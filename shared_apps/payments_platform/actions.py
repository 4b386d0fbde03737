"""Operators link a tenant to its Stripe connected account."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tenants.errors import DomainError
from tenants.models import Tenant

from .models import ConnectedAccount, account_id_validator


class AccountError(DomainError):
    code = "invalid_account"
    status = 400


def set_connected_account(tenant: Tenant, account_id: str, *,
                          charges_enabled: bool) -> ConnectedAccount | None:
    """Link (or, with an empty id, unlink) ``tenant``'s connected account.

    ``charges_enabled`` is normally kept by Stripe's ``account.updated`` events; operators set it
    by hand for an account onboarded before the webhook was in place.
    """
    account_id = (account_id or "").strip()
    if not account_id:
        ConnectedAccount.objects.filter(tenant=tenant).delete()
        return None
    try:
        account_id_validator(account_id)
    except ValidationError as error:
        raise AccountError(error.messages[0], field="account_id") from None
    try:
        with transaction.atomic():
            account, _ = ConnectedAccount.objects.update_or_create(
                tenant=tenant, defaults={"account_id": account_id,
                                         "charges_enabled": charges_enabled})
    except IntegrityError:
        raise AccountError("This account belongs to another tenant.", code="account_taken",
                           field="account_id", status=409) from None
    return account
