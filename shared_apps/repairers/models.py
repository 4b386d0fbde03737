"""The repairer network (N1, N2), in the public schema: one identity per repairer across every
tenant it serves."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q

from tenants.models import Tenant, validate_siret, vat_number_validator

slug_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9_-]{0,39}$", "Use lowercase letters, digits, '-' or '_'.", code="invalid_slug"
)
postal_prefix_validator = RegexValidator(
    r"^[0-9A-Z]{1,10}$", "Use the first digits of a postal code, e.g. 75 or 750.",
    code="invalid_postal_prefix",
)


def normalise_code(value: str) -> str:
    """Category and brand codes are compared in this form: 'Washing machine' becomes
    'washing-machine'."""
    return "-".join(value.strip().lower().replace("_", " ").split())


class Repairer(models.Model):
    """A subcontracting repair organisation (an independent shop, a manufacturer's service)."""

    name = models.CharField(max_length=160)
    legal_name = models.CharField(max_length=160, blank=True)
    siret = models.CharField(max_length=17, blank=True, validators=[validate_siret])
    vat_number = models.CharField(max_length=15, blank=True, validators=[vat_number_validator])
    email = models.EmailField()
    phone = models.CharField(max_length=30, blank=True)
    address_line = models.CharField(max_length=200, blank=True)
    postal_code = models.CharField(max_length=10, blank=True)
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=2, default="FR")
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True,
                                   validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True,
                                    validators=[MinValueValidator(-180), MaxValueValidator(180)])
    does_workshop = models.BooleanField(default=True)
    does_on_site = models.BooleanField(default=False)
    capacity = models.PositiveIntegerField(default=5, validators=[MinValueValidator(1)])
    serves_all_tenants = models.BooleanField(default=True)
    allowed_tenants = models.ManyToManyField(Tenant, blank=True, related_name="repairers")
    is_active = models.BooleanField(default=True)
    # Figures kept up to date by the dispatch actions (F() updates), read by routing.
    active_jobs = models.PositiveIntegerField(default=0)
    offers_received = models.PositiveIntegerField(default=0)
    offers_accepted = models.PositiveIntegerField(default=0)
    jobs_completed = models.PositiveIntegerField(default=0)
    turnaround_hours_total = models.DecimalField(max_digits=12, decimal_places=2,
                                                 default=Decimal("0"))
    warranty_returns = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(active_jobs__gte=0), name="repairer_load_positive"),
        ]
        indexes = [models.Index(fields=["is_active"], condition=Q(is_active=True),
                                name="repairer_active_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def acceptance_rate(self) -> float | None:
        if not self.offers_received:
            return None
        return self.offers_accepted / self.offers_received

    @property
    def average_turnaround_hours(self) -> float | None:
        if not self.jobs_completed:
            return None
        return float(self.turnaround_hours_total) / self.jobs_completed

    @property
    def warranty_return_share(self) -> float | None:
        if not self.jobs_completed:
            return None
        return self.warranty_returns / self.jobs_completed

    @property
    def has_free_capacity(self) -> bool:
        return self.active_jobs < self.capacity


class Skill(models.Model):
    """A device category the repairer handles, for one brand or (brand '') for every brand."""

    repairer = models.ForeignKey(Repairer, on_delete=models.CASCADE, related_name="skills")
    category = models.CharField(max_length=40, validators=[slug_validator])
    brand = models.CharField(max_length=40, blank=True, validators=[slug_validator])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["repairer", "category", "brand"],
                                               name="skill_unique")]
        indexes = [models.Index(fields=["category", "brand"])]

    def __str__(self) -> str:
        return f"{self.category}/{self.brand or '*'}"


class ServiceZone(models.Model):
    """Where a repairer works: postal codes starting with a prefix, or a radius around a point."""

    class Kind(models.TextChoices):
        POSTAL_PREFIX = "postal_prefix", "Postal-code prefix"
        RADIUS = "radius", "Radius around a point"

    repairer = models.ForeignKey(Repairer, on_delete=models.CASCADE, related_name="zones")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    postal_prefix = models.CharField(max_length=10, blank=True,
                                     validators=[postal_prefix_validator])
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    radius_km = models.PositiveIntegerField(null=True, blank=True,
                                            validators=[MinValueValidator(1),
                                                        MaxValueValidator(500)])

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="postal_prefix") & ~Q(postal_prefix=""))
                | (Q(kind="radius") & Q(latitude__isnull=False) & Q(longitude__isnull=False)
                   & Q(radius_km__isnull=False)),
                name="zone_kind_fields",
            )
        ]
        indexes = [
            models.Index(fields=["postal_prefix"]),
            # Routing computes a distance for every radius zone: this index holds them all, so
            # the prefix zones (most rows) are not read for it.
            models.Index(fields=["latitude", "longitude", "radius_km", "repairer"],
                         condition=Q(kind="radius"), name="zone_radius_idx"),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.POSTAL_PREFIX:
            return f"{self.postal_prefix}*"
        return f"{self.radius_km} km around {self.latitude},{self.longitude}"


class OpeningHours(models.Model):
    """One opening span of one weekday (0 = Monday), in the platform's time zone."""

    repairer = models.ForeignKey(Repairer, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(validators=[MaxValueValidator(6)])
    opens_at = models.TimeField()
    closes_at = models.TimeField()

    class Meta:
        ordering = ["weekday", "opens_at"]
        constraints = [models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")),
                                              name="opening_span_positive")]
        indexes = [models.Index(fields=["weekday", "opens_at", "closes_at"])]

    def __str__(self) -> str:
        return f"day {self.weekday} {self.opens_at:%H:%M}-{self.closes_at:%H:%M}"


class Absence(models.Model):
    """Days off: the repairer gets no offer from starts_on to ends_on, both included."""

    repairer = models.ForeignKey(Repairer, on_delete=models.CASCADE, related_name="absences")
    starts_on = models.DateField()
    ends_on = models.DateField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["starts_on"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")),
                                              name="absence_span_positive")]

    def __str__(self) -> str:
        return f"away {self.starts_on} to {self.ends_on}"


class RepairerMember(models.Model):
    """A public-schema user who acts for a repairer in the portal and the API."""

    repairer = models.ForeignKey(Repairer, on_delete=models.CASCADE, related_name="members")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="repairer_membership")

    def __str__(self) -> str:
        return f"{self.user} @ {self.repairer}"


class PostalCodeLocation(models.Model):
    """Reference data: where a postal code lies, for radius zones and distances."""

    postal_code = models.CharField(max_length=10, unique=True)
    city = models.CharField(max_length=100)
    latitude = models.DecimalField(max_digits=8, decimal_places=5)
    longitude = models.DecimalField(max_digits=8, decimal_places=5)

    def __str__(self) -> str:
        return f"{self.postal_code} {self.city}"
