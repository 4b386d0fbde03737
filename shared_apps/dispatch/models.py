"""Jobs sent by tenants to the repairer network, the offers made for them, and their history."""

import uuid
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from shared_apps.repairers.models import Repairer, slug_validator
from tenants.models import Tenant

from .state import JobStatus, OfferStatus

postal_code_validator = RegexValidator(
    r"^[0-9A-Z]{2,10}$", "Enter a postal code of 2-10 letters or digits, e.g. 75011.",
    code="invalid_postal_code",
)


class DispatchSettings(models.Model):
    """The operator's routing settings: one row (pk=1). Weights need not add up to one."""

    offer_expiry_minutes = models.PositiveIntegerField(
        default=30, validators=[MinValueValidator(1), MaxValueValidator(7 * 24 * 60)])
    reminder_minutes_before_expiry = models.PositiveIntegerField(default=10)
    broadcast_size = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="How many repairers receive an offer at once; the first to accept wins.")
    weight_proximity = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal("0.35"))
    weight_load = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal("0.20"))
    weight_acceptance = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal("0.20"))
    weight_turnaround = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal("0.15"))
    weight_quality = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal("0.10"))
    stuck_after_hours = models.PositiveIntegerField(default=72)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="dispatch_settings_single")]

    def __str__(self) -> str:
        return "Dispatch settings"

    @classmethod
    def current(cls) -> "DispatchSettings":
        settings, _ = cls.objects.get_or_create(pk=1)
        return settings


class TenantDispatchSettings(models.Model):
    """A tenant's own overrides of the platform's dispatch settings."""

    tenant = models.OneToOneField(Tenant, on_delete=models.CASCADE,
                                  related_name="dispatch_settings")
    offer_expiry_minutes = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(7 * 24 * 60)])

    def __str__(self) -> str:
        return f"Dispatch settings of {self.tenant}"


class Job(models.Model):
    """A repair job routed from a tenant's repair order to the network.

    Customer fields are stored for the repairer that accepts the job and never shown before:
    selectors decide what a repairer sees (the address only for on-site work).
    """

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="jobs")
    order_reference = models.CharField(max_length=64)
    category = models.CharField(max_length=40, validators=[slug_validator])
    brand = models.CharField(max_length=40, blank=True, validators=[slug_validator])
    model = models.CharField(max_length=120, blank=True)
    fault_summary = models.TextField(max_length=2000)
    postal_code = models.CharField(max_length=10, validators=[postal_code_validator])
    is_on_site = models.BooleanField(default=False)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.NEW)
    repairer = models.ForeignKey(Repairer, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="jobs")
    customer_name = models.CharField(max_length=150, blank=True)
    customer_phone = models.CharField(max_length=30, blank=True)
    customer_email = models.EmailField(blank=True)
    customer_address = models.CharField(max_length=300, blank=True)
    quote_amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    quote_currency = models.CharField(max_length=3, default="EUR")
    quote_note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "order_reference"],
                                    name="job_unique_order_per_tenant"),
        ]
        indexes = [models.Index(fields=["status", "status_changed_at"])]

    def __str__(self) -> str:
        return f"{self.order_reference} ({self.status})"


class JobOffer(models.Model):
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="offers")
    repairer = models.ForeignKey(Repairer, on_delete=models.CASCADE, related_name="offers")
    status = models.CharField(max_length=20, choices=OfferStatus.choices,
                              default=OfferStatus.OFFERED)
    score = models.FloatField(default=0)
    offered_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(max_length=40, blank=True)
    decline_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-offered_at", "-id"]
        constraints = [
            # A job is never offered twice to the same repairer.
            models.UniqueConstraint(fields=["job", "repairer"], name="offer_once_per_repairer"),
        ]
        indexes = [
            models.Index(fields=["expires_at"], condition=Q(status="offered"),
                         name="offer_live_expiry_idx"),
            models.Index(fields=["repairer", "status"]),
        ]

    def __str__(self) -> str:
        return f"offer {self.pk} of {self.job_id} to {self.repairer_id} ({self.status})"


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", "No capacity right now"
    NO_SKILL = "no_skill", "Not our speciality"
    NO_PARTS = "no_parts", "Parts unavailable"
    TOO_FAR = "too_far", "Too far"
    OTHER = "other", "Other"


class JobEvent(models.Model):
    """Audit row of everything that happened to a job."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30)
    repairer = models.ForeignKey(Repairer, null=True, blank=True, on_delete=models.SET_NULL)
    actor_email = models.EmailField(blank=True)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} on {self.job_id}"
