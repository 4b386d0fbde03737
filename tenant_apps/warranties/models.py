"""A tenant's warranties on customers' devices, and the claims filed under them (R8).

Three kinds, kept apart (``state.WarrantyKind``): a commercial warranty the customer registers
with its purchase invoice (3, 6 or 12 months), the warranty a completed repair carries (the
package's months), and the legal conformity guarantee (two years from the sale, proven by the
invoice), which the law imposes on the seller and is never counted as a commercial warranty.
Every change goes through ``actions``.
"""

from datetime import date

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from tenant_apps.catalog.models import SellableItem
from tenant_apps.repairs.models import Device, RepairOrder

from .state import (
    COMMERCIAL_KINDS,
    COMMERCIAL_MONTHS,
    LEGAL_CONFORMITY_MONTHS,
    ClaimStatus,
    WarrantyKind,
    WarrantyStatus,
)

VISIT_PERIODS = (("morning", "Morning"), ("afternoon", "Afternoon"))


class WarrantyQuerySet(models.QuerySet["Warranty"]):
    def commercial(self) -> "WarrantyQuerySet":
        """Warranties the retailer grants (bought or carried by a repair): not the legal one."""
        return self.filter(kind__in=sorted(COMMERCIAL_KINDS))

    def legal_conformity(self) -> "WarrantyQuerySet":
        return self.filter(kind=WarrantyKind.LEGAL_CONFORMITY)

    def active_on(self, day: date) -> "WarrantyQuerySet":
        return self.filter(voided_at__isnull=True, starts_on__lte=day, ends_on__gte=day)


class Warranty(models.Model):
    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="warranties")
    kind = models.CharField(max_length=20, choices=WarrantyKind.choices)
    months = models.PositiveSmallIntegerField()
    starts_on = models.DateField()
    ends_on = models.DateField()  # the last day covered
    # Commercial and legal ones: the purchase invoice, checked by content, under a random name
    # in the tenant's prefix; served only to the device's owner and staff.
    purchase_invoice = models.FileField(upload_to="warranties/invoices/", blank=True,
                                        max_length=200)
    invoice_content_type = models.CharField(max_length=40, blank=True)
    # Where it comes from: the warranty plan bought, or the repair that completed.
    plan = models.ForeignKey(SellableItem, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    repair_order = models.ForeignKey(RepairOrder, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="warranties")
    registered_by_email = models.EmailField(max_length=254, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(max_length=500, blank=True)
    voided_by_email = models.EmailField(max_length=254, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = WarrantyQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=WarrantyKind.values),
                                   name="warranties_kind_known"),
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")),
                                   name="warranties_ends_after_start"),
            models.CheckConstraint(
                condition=~Q(kind=WarrantyKind.COMMERCIAL) | (
                    Q(months__in=COMMERCIAL_MONTHS) & Q(repair_order__isnull=True)
                    & ~Q(purchase_invoice="")),
                name="warranties_commercial_shape"),
            models.CheckConstraint(
                condition=~Q(kind=WarrantyKind.LEGAL_CONFORMITY) | (
                    Q(months=LEGAL_CONFORMITY_MONTHS) & Q(repair_order__isnull=True)
                    & Q(plan__isnull=True) & ~Q(purchase_invoice="")),
                name="warranties_legal_shape"),
            models.CheckConstraint(
                condition=~Q(kind=WarrantyKind.REPAIR) | (
                    Q(repair_order__isnull=False) & Q(plan__isnull=True) & Q(months__gte=1)),
                name="warranties_repair_shape"),
            models.CheckConstraint(
                condition=Q(purchase_invoice="", invoice_content_type="")
                | (~Q(purchase_invoice="") & ~Q(invoice_content_type="")),
                name="warranties_invoice_typed"),
            models.CheckConstraint(
                condition=Q(voided_at__isnull=True, void_reason="")
                | (Q(voided_at__isnull=False) & ~Q(void_reason="")),
                name="warranties_void_has_reason"),
            # A completed repair carries one warranty, however often its completion is heard.
            models.UniqueConstraint(fields=["repair_order"],
                                    condition=Q(kind=WarrantyKind.REPAIR),
                                    name="warranties_one_per_repair"),
            models.UniqueConstraint(fields=["device"],
                                    condition=Q(kind=WarrantyKind.LEGAL_CONFORMITY,
                                                voided_at__isnull=True),
                                    name="warranties_one_legal_per_device"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.device_id} until {self.ends_on}"

    def status_on(self, day: date) -> WarrantyStatus:
        if self.voided_at is not None:
            return WarrantyStatus.VOID
        if day > self.ends_on:
            return WarrantyStatus.EXPIRED
        return WarrantyStatus.ACTIVE

    @property
    def status(self) -> WarrantyStatus:
        return self.status_on(timezone.localdate())

    @property
    def is_legal_conformity(self) -> bool:
        return self.kind == WarrantyKind.LEGAL_CONFORMITY


class WarrantyClaim(models.Model):
    warranty = models.ForeignKey(Warranty, on_delete=models.PROTECT, related_name="claims")
    description = models.TextField(max_length=4000)
    status = models.CharField(max_length=20, choices=ClaimStatus.choices,
                              default=ClaimStatus.SUBMITTED)
    # A device that cannot travel is repaired on site: where, and the day the customer prefers.
    visit_street = models.CharField(max_length=200, blank=True)
    visit_postal_code = models.CharField(max_length=12, blank=True)
    visit_city = models.CharField(max_length=100, blank=True)
    visit_date = models.DateField(null=True, blank=True)
    visit_period = models.CharField(max_length=10, choices=VISIT_PERIODS, blank=True)
    filed_by_email = models.EmailField(max_length=254, blank=True)
    rejection_reason = models.CharField(max_length=1000, blank=True)
    decided_by_email = models.EmailField(max_length=254, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # The no-charge repair an accepted claim opened.
    repair_order = models.OneToOneField(RepairOrder, null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="warranty_claim")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="warranties_claim_queue")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ClaimStatus.values),
                                   name="warranties_claim_status_known"),
            models.UniqueConstraint(fields=["warranty"],
                                    condition=Q(status=ClaimStatus.SUBMITTED),
                                    name="warranties_one_open_claim"),
            models.CheckConstraint(
                condition=(Q(status=ClaimStatus.ACCEPTED) & Q(repair_order__isnull=False))
                | (~Q(status=ClaimStatus.ACCEPTED) & Q(repair_order__isnull=True)),
                name="warranties_accepted_claim_has_repair"),
            models.CheckConstraint(
                condition=~Q(status=ClaimStatus.REJECTED) | ~Q(rejection_reason=""),
                name="warranties_rejected_claim_has_reason"),
        ]

    def __str__(self) -> str:
        return f"Claim {self.pk} on warranty {self.warranty_id}"


class ClaimEvent(models.Model):
    """A claim's history: its filing and every decision, never edited."""

    claim = models.ForeignKey(WarrantyClaim, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=ClaimStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ClaimStatus.choices)
    actor_email = models.EmailField(max_length=254, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status}"
