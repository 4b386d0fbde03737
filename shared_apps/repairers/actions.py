"""Every change to the repairer network made by the operator: organisations, skills, zones,
calendars, tenant allow-lists, member invitations, and the postal-code reference data.

Each action validates its whole input before writing anything and raises RepairerError naming
the field at fault, so the console, the command line and the API agree on every rule.
"""

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django_tenants.utils import schema_context

from tenant_apps.accounts.models import Role, User, UserEvent, normalise_email
from tenant_apps.accounts.tokens import encode_uid, password_token_generator
from tenants.models import Tenant
from tenants.urls import absolute_url

from .errors import RepairerError
from .models import (
    Absence,
    OpeningHours,
    PostalCodeLocation,
    Repairer,
    RepairerMember,
    ServiceZone,
    Skill,
    normalise_code,
)

PUBLIC_URLCONF = "config.urls_public"
# What the operator may set on a repairer; the figures are kept by the dispatch actions.
EDITABLE_FIELDS = ("name", "legal_name", "siret", "vat_number", "email", "phone", "address_line",
                   "postal_code", "city", "country", "latitude", "longitude", "does_workshop",
                   "does_on_site", "capacity", "is_active")
POSTAL_CODE_COLUMNS = ["postal_code", "city", "latitude", "longitude"]


def _full_clean(instance: object, *, exclude: list[str] | None = None,
                prefix: str = "") -> None:
    try:
        instance.full_clean(exclude=exclude)  # type: ignore[attr-defined]
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        name = None if field == "__all__" else f"{prefix}{field}"
        raise RepairerError(messages[0], code="invalid", field=name) from None


def _apply(repairer: Repairer, fields: Mapping[str, object]) -> list[str]:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise RepairerError("Unknown field.", code="unknown_field", field=sorted(unknown)[0])
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(repairer, name, value)
    if not (repairer.does_workshop or repairer.does_on_site):
        raise RepairerError("A repairer works in a workshop, on site, or both.",
                            code="invalid", field="does_workshop")
    _full_clean(repairer, exclude=["allowed_tenants"])
    return list(fields)


def create_repairer(**fields: object) -> Repairer:
    """Register a repairer organisation (name and e-mail required)."""
    repairer = Repairer()
    _apply(repairer, fields)
    repairer.save()
    return repairer


def update_repairer(repairer: Repairer, **fields: object) -> Repairer:
    """Change a repairer's profile; nothing is written when a value is invalid."""
    with transaction.atomic():
        locked = Repairer.objects.select_for_update().get(pk=repairer.pk)
        names = _apply(locked, fields)
        if names:
            locked.save(update_fields=names)
    return locked


def set_skills(repairer: Repairer, skills: Iterable[tuple[str, str]]) -> list[Skill]:
    """Replace the repairer's skills by (category, brand) pairs; brand '' means every brand."""
    wanted: dict[tuple[str, str], Skill] = {}
    for index, (category, brand) in enumerate(skills):
        skill = Skill(repairer=repairer, category=normalise_code(category or ""),
                      brand=normalise_code(brand or ""))
        _full_clean(skill, exclude=["repairer"], prefix=f"skills.{index}.")
        wanted[(skill.category, skill.brand)] = skill
    with transaction.atomic():
        Skill.objects.filter(repairer=repairer).delete()
        return Skill.objects.bulk_create(wanted.values())


def _decimal(value: object, field: str, limit: int) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise RepairerError("Enter a number.", code="invalid", field=field) from None
    if not number.is_finite() or abs(number) > limit:
        raise RepairerError(f"Enter a number between -{limit} and {limit}.", code="invalid",
                            field=field)
    return round(number, 5)


def add_zone(repairer: Repairer, *, kind: str, postal_prefix: str = "",
             latitude: object = None, longitude: object = None,
             radius_km: object = None) -> ServiceZone:
    """Add a postal-code prefix zone, or a radius (1-500 km) around a point."""
    if kind == ServiceZone.Kind.POSTAL_PREFIX:
        zone = ServiceZone(repairer=repairer, kind=kind,
                           postal_prefix=(postal_prefix or "").strip().upper())
        if not zone.postal_prefix:
            raise RepairerError("Enter a postal-code prefix.", code="required",
                                field="postal_prefix")
    elif kind == ServiceZone.Kind.RADIUS:
        if latitude in (None, "") or longitude in (None, ""):
            raise RepairerError("A radius zone needs a centre.", code="required",
                                field="latitude" if latitude in (None, "") else "longitude")
        try:
            radius = int(str(radius_km).strip())
        except ValueError:
            raise RepairerError("Enter a whole number of kilometres.", code="invalid",
                                field="radius_km") from None
        zone = ServiceZone(repairer=repairer, kind=kind,
                           latitude=_decimal(latitude, "latitude", 90),
                           longitude=_decimal(longitude, "longitude", 180),
                           radius_km=radius)
    else:
        raise RepairerError("Choose a postal-code prefix or a radius.", code="invalid",
                            field="kind")
    _full_clean(zone, exclude=["repairer"])
    zone.save()
    return zone


def remove_zone(repairer: Repairer, zone_id: int) -> None:
    if not ServiceZone.objects.filter(repairer=repairer, pk=zone_id).delete()[0]:
        raise RepairerError("Zone not found.", code="not_found", field="zone", status=404)


def set_opening_hours(repairer: Repairer, spans: Iterable[tuple[int, time, time]]
                      ) -> list[OpeningHours]:
    """Replace the week's opening spans. Spans of one weekday may not overlap."""
    rows: list[OpeningHours] = []
    for index, (weekday, opens_at, closes_at) in enumerate(spans):
        field = f"opening_hours.{index}"
        if not isinstance(weekday, int) or not 0 <= weekday <= 6:
            raise RepairerError("Weekday goes from 0 (Monday) to 6 (Sunday).", code="invalid",
                                field=f"{field}.weekday")
        if not isinstance(opens_at, time) or not isinstance(closes_at, time):
            raise RepairerError("Enter opening and closing times.", code="invalid", field=field)
        if closes_at <= opens_at:
            raise RepairerError("Closing time must come after opening time.",
                                code="invalid_span", field=f"{field}.closes_at")
        rows.append(OpeningHours(repairer=repairer, weekday=weekday, opens_at=opens_at,
                                 closes_at=closes_at))
    ordered = sorted(rows, key=lambda row: (row.weekday, row.opens_at))
    for before, after in zip(ordered, ordered[1:], strict=False):
        if before.weekday == after.weekday and after.opens_at < before.closes_at:
            raise RepairerError(
                f"Two spans overlap on day {after.weekday} ({after.opens_at:%H:%M}).",
                code="overlapping_spans", field="opening_hours")
    with transaction.atomic():
        OpeningHours.objects.filter(repairer=repairer).delete()
        return OpeningHours.objects.bulk_create(ordered)


def add_absence(repairer: Repairer, *, starts_on: date, ends_on: date,
                reason: str = "") -> Absence:
    """Days off, both included: no offer reaches the repairer then."""
    for name, value in (("starts_on", starts_on), ("ends_on", ends_on)):
        if not isinstance(value, date):
            raise RepairerError("Enter a date.", code="invalid", field=name)
    if ends_on < starts_on:
        raise RepairerError("The absence cannot end before it starts.", code="invalid_span",
                            field="ends_on")
    absence = Absence(repairer=repairer, starts_on=starts_on, ends_on=ends_on,
                      reason=(reason or "").strip())
    _full_clean(absence, exclude=["repairer"])
    absence.save()
    return absence


def remove_absence(repairer: Repairer, absence_id: int) -> None:
    if not Absence.objects.filter(repairer=repairer, pk=absence_id).delete()[0]:
        raise RepairerError("Absence not found.", code="not_found", field="absence", status=404)


def set_allowed_tenants(repairer: Repairer, *, serves_all_tenants: bool,
                        tenants: Iterable[Tenant] = ()) -> Repairer:
    """Either every tenant, or only the listed ones (which must be real, customer-facing)."""
    chosen = list(tenants)
    allowed = set(Tenant.objects.customer_facing().values_list("pk", flat=True))
    if any(tenant.pk not in allowed for tenant in chosen):
        raise RepairerError("Unknown tenant.", code="invalid", field="tenants")
    if not serves_all_tenants and not chosen:
        raise RepairerError("Choose at least one tenant, or serve every tenant.",
                            code="required", field="tenants")
    with transaction.atomic():
        repairer.serves_all_tenants = serves_all_tenants
        repairer.save(update_fields=["serves_all_tenants"])
        repairer.allowed_tenants.set([] if serves_all_tenants else chosen)
    return repairer


def invite_repairer_member(repairer: Repairer, email: str, *, invited_by: User | None) -> User:
    """Create a repairer user in the public schema with no password and e-mail it a
    set-password link on the public domain (sent after commit)."""
    email = normalise_email(email or "")
    try:
        validate_email(email)
    except ValidationError:
        raise RepairerError("Enter a valid e-mail address.", code="invalid_email",
                            field="email") from None
    with schema_context("public"), transaction.atomic():
        if User.objects.filter(email=email).exists():
            raise RepairerError("An account already exists with this e-mail.",
                                code="email_taken", field="email", status=409)
        user = User.objects.create_user(email, None, role=Role.REPAIRER)
        RepairerMember.objects.create(repairer=repairer, user=user)
        UserEvent.objects.create(user=user, kind=UserEvent.Kind.INVITED,
                                 actor_email=invited_by.email if invited_by else "")
        path = reverse("portal:accept_invitation", urlconf=PUBLIC_URLCONF, kwargs={
            "uidb64": encode_uid(user), "token": password_token_generator.make_token(user)})
        link = absolute_url(settings.PUBLIC_DOMAIN, path)
        message = (f"You have been invited to act for {repairer.name} on the "
                   f"{settings.PLATFORM_NAME} repairer portal.\n\n"
                   f"Choose your password here: {link}\n\n"
                   "The link works once and expires in a few days.\n")
        subject = f"Your access to the {settings.PLATFORM_NAME} repairer portal"
        transaction.on_commit(lambda: send_mail(subject, message, None, [email]))
    return user


@dataclass(frozen=True)
class PostalCodeRow:
    postal_code: str
    city: str
    latitude: Decimal
    longitude: Decimal


def _postal_code_row(record: dict[str, str], line: int) -> PostalCodeRow:
    def fail(field: str, detail: str) -> RepairerError:
        return RepairerError(f"line {line}: {field}: {detail}", code="invalid_row", field=field)

    code = (record.get("postal_code") or "").strip().upper()
    city = (record.get("city") or "").strip()
    if not code or len(code) > 10 or not code.isalnum():
        raise fail("postal_code", "use up to 10 letters or digits")
    if not city or len(city) > 100:
        raise fail("city", "enter a city of up to 100 characters")
    coordinates = {}
    for field, limit in (("latitude", 90), ("longitude", 180)):
        try:
            coordinates[field] = _decimal(record.get(field) or "", field, limit)
        except RepairerError as error:
            raise fail(field, error.detail.lower()) from None
    return PostalCodeRow(code, city, coordinates["latitude"], coordinates["longitude"])


def import_postal_codes(lines: Iterable[str]) -> int:
    """Load postal-code centroids from CSV text (postal_code,city,latitude,longitude).

    Every row is checked first; one bad row rejects the whole file, naming its line number.
    Known postal codes are updated. Returns the number of rows imported.
    """
    reader = csv.DictReader(lines)
    if reader.fieldnames is None or [name.strip() for name in reader.fieldnames] != \
            POSTAL_CODE_COLUMNS:
        raise RepairerError(f"line 1: the header must be {','.join(POSTAL_CODE_COLUMNS)}",
                            code="invalid_header", field="header")
    rows: dict[str, PostalCodeRow] = {}
    for record in reader:
        line = reader.line_num
        if None in record or any(value is None for value in record.values()):
            raise RepairerError(f"line {line}: expected {len(POSTAL_CODE_COLUMNS)} columns",
                                code="invalid_row", field="row")
        row = _postal_code_row(record, line)
        if row.postal_code in rows:
            raise RepairerError(f"line {line}: postal_code: {row.postal_code} appears twice",
                                code="invalid_row", field="postal_code")
        rows[row.postal_code] = row
    with transaction.atomic():
        PostalCodeLocation.objects.bulk_create(
            [PostalCodeLocation(postal_code=row.postal_code, city=row.city,
                                latitude=row.latitude, longitude=row.longitude)
             for row in rows.values()],
            update_conflicts=True, unique_fields=["postal_code"],
            update_fields=["city", "latitude", "longitude"],
        )
    return len(rows)

