"""Customers of one tenant (registered or guest) and their addresses.

A registered customer is the shop-side profile of a customer account (``accounts.User``); a guest
has no account, only a name and an e-mail address. Changes go through ``actions.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Coalesce

from .countries import EU_MEMBER_STATES, HOME_COUNTRY
from .vat import CustomerKind, VatNumberStatus, VatStatus, derive_vat_status


class CustomerQuerySet(models.QuerySet["Customer"]):
    def with_vat_status(self) -> "CustomerQuerySet":
        """Annotate ``effective_vat_status``: the override, else ``derive_vat_status`` in SQL.

        Lets staff filter by VAT status; tests hold it equal to the Python function.
        """
        derived = Case(
            When(Q(user__isnull=True) | ~Q(kind=CustomerKind.PROFESSIONAL)
                 | Q(billing_country=HOME_COUNTRY), then=Value(VatStatus.NATIONAL.value)),
            When(billing_country__in=EU_MEMBER_STATES, vat_number_status=VatNumberStatus.VALID,
                 then=Value(VatStatus.INTRA_EU.value)),
            When(billing_country__in=EU_MEMBER_STATES, then=Value(VatStatus.NATIONAL.value)),
            default=Value(VatStatus.EXTRA_EU.value),
            output_field=models.CharField(),
        )
        return self.annotate(effective_vat_status=Coalesce("vat_status_override", derived))


class Customer(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.PROTECT, related_name="customer")
    # Guests only: a registered customer's name and e-mail are those of their account.
    guest_email = models.EmailField(max_length=254, blank=True)
    guest_name = models.CharField(max_length=150, blank=True)

    kind = models.CharField(max_length=20, choices=CustomerKind.choices,
                            default=CustomerKind.INDIVIDUAL)
    company_name = models.CharField(max_length=200, blank=True)
    siret = models.CharField(max_length=14, blank=True)
    vat_number = models.CharField(max_length=20, blank=True)
    vat_number_status = models.CharField(max_length=20, choices=VatNumberStatus.choices,
                                         default=VatNumberStatus.NOT_CHECKED)
    vat_number_checked_at = models.DateTimeField(null=True, blank=True)
    billing_country = models.CharField(max_length=2, default=HOME_COUNTRY)

    vat_status_override = models.CharField(max_length=20, choices=VatStatus.choices, null=True,
                                           blank=True)
    vat_status_override_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                               on_delete=models.SET_NULL, related_name="+")
    vat_status_override_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CustomerQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(guest_email=""),
                name="customer_guest_has_email",
            ),
            models.CheckConstraint(
                condition=Q(kind=CustomerKind.PROFESSIONAL) | Q(vat_number="", siret="",
                                                                company_name=""),
                name="customer_individual_has_no_company",
            ),
            models.CheckConstraint(
                condition=Q(vat_number="", vat_number_status=VatNumberStatus.NOT_CHECKED)
                | (~Q(vat_number="") & ~Q(vat_number_status=VatNumberStatus.NOT_CHECKED)),
                name="customer_vat_number_status_matches_number",
            ),
            models.CheckConstraint(
                condition=Q(vat_status_override__isnull=True)
                | Q(vat_status_override__in=VatStatus.values),
                name="customer_vat_status_override_known",
            ),
        ]
        indexes = [models.Index(fields=["kind", "billing_country"])]

    def __str__(self) -> str:
        return self.company_name or self.name or self.email

    @property
    def is_guest(self) -> bool:
        return self.user_id is None

    @property
    def email(self) -> str:
        return self.user.email if self.user is not None else self.guest_email

    @property
    def name(self) -> str:
        return self.user.full_name if self.user is not None else self.guest_name

    @property
    def is_professional(self) -> bool:
        return self.kind == CustomerKind.PROFESSIONAL

    @property
    def derived_vat_status(self) -> VatStatus:
        return derive_vat_status(self.kind, self.billing_country, self.vat_number_status,
                                 is_guest=self.is_guest)

    @property
    def vat_status(self) -> VatStatus:
        """What checkout charges: the staff override when set, else the derived status."""
        if self.vat_status_override:
            return VatStatus(self.vat_status_override)
        return self.derived_vat_status


class AddressKind(models.TextChoices):
    HOME = "home", "Home"
    BILLING = "billing", "Billing"
    OTHER = "other", "Other"


class Address(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="addresses")
    kind = models.CharField(max_length=10, choices=AddressKind.choices, default=AddressKind.HOME)
    recipient_name = models.CharField(max_length=150, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    street = models.CharField(max_length=200)
    postal_code = models.CharField(max_length=12)
    city = models.CharField(max_length=100)
    country = models.CharField(max_length=2, default=HOME_COUNTRY)
    is_default_delivery = models.BooleanField(default=False)
    is_default_billing = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_default_delivery", "-is_default_billing", "id"]
        constraints = [
            models.UniqueConstraint(fields=["customer"], condition=Q(is_default_delivery=True),
                                    name="address_one_default_delivery_per_customer"),
            models.UniqueConstraint(fields=["customer"], condition=Q(is_default_billing=True),
                                    name="address_one_default_billing_per_customer"),
        ]

    def __str__(self) -> str:
        return f"{self.street}, {self.postal_code} {self.city} {self.country}"


class CustomerEvent(models.Model):
    """Audit trail of customer changes."""

    class Kind(models.TextChoices):
        CREATED = "created", "Created"
        DETAILS_CHANGED = "details_changed", "Details changed"
        VAT_NUMBER_CHECKED = "vat_number_checked", "VAT number checked"
        VAT_STATUS_OVERRIDDEN = "vat_status_overridden", "VAT status overridden"

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    actor_email = models.EmailField(blank=True)
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} ({self.customer_id})"
