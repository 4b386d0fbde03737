"""The platform's side of payments (public schema): tenants' Stripe accounts, received events."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from tenants.models import Tenant

account_id_validator = RegexValidator(r"^acct_[A-Za-z0-9]{6,60}$",
                                      "A Stripe account id looks like acct_1AbC...",
                                      code="invalid_account")


class ConnectedAccount(models.Model):
    """The Stripe connected account a tenant is paid into (direct charges, statement in its
    name). ``charges_enabled`` follows Stripe's ``account.updated`` events."""

    tenant = models.OneToOneField(Tenant, on_delete=models.CASCADE,
                                  related_name="stripe_account")
    account_id = models.CharField(max_length=64, unique=True, validators=[account_id_validator])
    charges_enabled = models.BooleanField(default=False)
    details_submitted = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["tenant__name"]

    def __str__(self) -> str:
        return f"{self.account_id} ({self.tenant_id})"


class EventOutcome(models.TextChoices):
    PROCESSED = "processed", "Processed"
    DUPLICATE = "duplicate", "Already processed"
    IGNORED = "ignored", "Nothing to do"
    UNKNOWN_ACCOUNT = "unknown_account", "Unknown connected account"
    UNKNOWN_PAYMENT = "unknown_payment", "Unknown payment"
    RETRY = "retry", "Waiting for an earlier event"
    PLATFORM_EVENT = "platform_event", "Platform event"
    ACCOUNT_UPDATED = "account_updated", "Account updated"


class StripeEvent(models.Model):
    """Every verified event Stripe sent, stored once by its id and processed once."""

    event_id = models.CharField(max_length=255, unique=True)
    account = models.CharField(max_length=64, blank=True, db_index=True)
    type = models.CharField(max_length=100)
    created = models.DateTimeField(null=True, blank=True)  # when Stripe created it
    payload = models.JSONField()
    received_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=30, choices=EventOutcome.choices, blank=True)
    # The tenant it was routed to (schema name), for the operators' table.
    schema_name = models.CharField(max_length=63, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.event_id} {self.type}"
