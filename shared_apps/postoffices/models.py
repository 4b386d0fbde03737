"""Post offices (C3): reference data in the public schema, read by every tenant's checkout as
pick-up points. Written only by the import (actions.import_post_offices)."""

import re
import unicodedata

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from .hours import validate_opening_hours

OFFICE_ID_PATTERN = r"^[0-9A-Z]{6}$"
office_id_validator = RegexValidator(
    OFFICE_ID_PATTERN, "Use 6 capital letters or digits, e.g. 75A011.", code="invalid_office_id"
)
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})
_SEPARATORS = re.compile(r"[^a-z0-9]+")


def normalise_city(value: str) -> str:
    """The form cities are searched in: lower-case ASCII words separated by one space.
    "Saint-Étienne" and "SAINT ETIENNE" both become "saint etienne"."""
    decomposed = unicodedata.normalize("NFKD", value.casefold().translate(_LIGATURES))
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(filter(None, _SEPARATORS.split(without_accents)))


class PostOffice(models.Model):
    # The external identifier is the key: orders keep pointing at the same office across
    # re-imports and databases, which an auto-increment key would not guarantee.
    id = models.CharField(primary_key=True, max_length=6, validators=[office_id_validator])
    name = models.CharField(max_length=120)
    street = models.CharField(max_length=200)
    postal_code = models.CharField(max_length=10)
    city = models.CharField(max_length=100)
    # normalise_city(city), filled by the import: accent- and case-insensitive prefix search
    # through a plain b-tree index, without the unaccent extension.
    city_search = models.CharField(max_length=100, editable=False)
    country = models.CharField(max_length=2, default="FR")
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True,
                                   validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True,
                                    validators=[MinValueValidator(-180), MaxValueValidator(180)])
    # JSON rather than a related model: hours are always read whole with their office (no extra
    # query per search), replaced whole by each import, and never queried by time of day.
    opening_hours = models.JSONField(default=dict, blank=True,
                                     validators=[validate_opening_hours])
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["postal_code", "name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(id__regex=OFFICE_ID_PATTERN),
                                   name="postoffice_id_format"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="postoffice_coordinates_together"),
        ]
        # Searches read active offices by prefix: pattern_ops indexes serve LIKE 'abc%'
        # whatever the database collation.
        indexes = [
            models.Index(fields=["postal_code"], opclasses=["varchar_pattern_ops"],
                         condition=Q(is_active=True), name="postoffice_postal_code_idx"),
            models.Index(fields=["city_search"], opclasses=["varchar_pattern_ops"],
                         condition=Q(is_active=True), name="postoffice_city_search_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.postal_code} {self.city})"
