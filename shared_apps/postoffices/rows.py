"""Reading a post-office CSV file into checked rows, before anything is written."""

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from .errors import InvalidImportFile
from .hours import OpeningHours, parse_opening_hours
from .models import OFFICE_ID_PATTERN, normalise_city

COLUMNS = ("id", "name", "street", "postal_code", "city", "country", "phone", "email",
           "latitude", "longitude", "hours")
_FRENCH_POSTAL_CODE = re.compile(r"^(?!00)[0-9]{5}$")
_OTHER_POSTAL_CODE = re.compile(r"^[0-9A-Z][0-9A-Z -]{1,9}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 .-]{5,24}$")
_COORDINATE_STEP = Decimal("0.00001")


@dataclass(frozen=True)
class PostOfficeRow:
    """One office as the import will store it (field names are the model's)."""

    id: str
    name: str
    street: str
    postal_code: str
    city: str
    city_search: str
    country: str
    phone: str
    email: str
    latitude: Decimal | None
    longitude: Decimal | None
    opening_hours: OpeningHours

    def as_fields(self) -> dict[str, Any]:
        return asdict(self)


def _text(value: str, *, limit: int, required: bool = True) -> str:
    text = " ".join(value.split())
    if required and not text:
        raise ValueError("is required")
    if len(text) > limit:
        raise ValueError(f"use at most {limit} characters")
    return text


def _office_id(value: str) -> str:
    office_id = value.strip().upper()
    if not re.match(OFFICE_ID_PATTERN, office_id):
        raise ValueError("use 6 letters or digits, e.g. 75A011")
    return office_id


def _country(value: str) -> str:
    country = value.strip().upper() or "FR"
    if not re.fullmatch(r"[A-Z]{2}", country):
        raise ValueError("use a two-letter country code such as FR")
    return country


def _postal_code(value: str, country: str) -> str:
    code = " ".join(value.upper().split())
    if country == "FR" and not _FRENCH_POSTAL_CODE.match(code):
        raise ValueError("a French postal code is 5 digits, e.g. 75011")
    if not _OTHER_POSTAL_CODE.match(code):
        raise ValueError("use 2 to 10 letters or digits")
    return code


def _phone(value: str) -> str:
    phone = " ".join(value.split())
    if phone and not _PHONE.match(phone):
        raise ValueError("use digits, spaces, dots or dashes, optionally after a +")
    return phone


def _email(value: str) -> str:
    email = value.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValueError("enter a valid e-mail address") from None
    return email


def _coordinate(value: str, limit: int) -> Decimal | None:
    if not value.strip():
        return None
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        raise ValueError("enter a decimal number such as 48.85910") from None
    if not number.is_finite() or not -limit <= number <= limit:
        raise ValueError(f"enter a number between -{limit} and {limit}")
    return number.quantize(_COORDINATE_STEP)


def _column(record: dict[str, str], name: str, line: int,
            read: Callable[[str], Any]) -> Any:
    try:
        return read(record[name] or "")
    except ValueError as error:
        raise InvalidImportFile(f"line {line}: {name}: {error}", field=name, line=line) from None


def _row(record: dict[str, str], line: int) -> PostOfficeRow:
    country = _column(record, "country", line, _country)
    latitude = _column(record, "latitude", line, lambda v: _coordinate(v, 90))
    longitude = _column(record, "longitude", line, lambda v: _coordinate(v, 180))
    if (latitude is None) != (longitude is None):
        missing = "longitude" if longitude is None else "latitude"
        raise InvalidImportFile(f"line {line}: {missing}: give both coordinates or neither",
                                field=missing, line=line)
    city = _column(record, "city", line, lambda v: _text(v, limit=100))
    if not normalise_city(city):
        raise InvalidImportFile(f"line {line}: city: use letters", field="city", line=line)
    return PostOfficeRow(
        id=_column(record, "id", line, _office_id),
        name=_column(record, "name", line, lambda v: _text(v, limit=120)),
        street=_column(record, "street", line, lambda v: _text(v, limit=200)),
        postal_code=_column(record, "postal_code", line, lambda v: _postal_code(v, country)),
        city=city,
        city_search=normalise_city(city),
        country=country,
        phone=_column(record, "phone", line, _phone),
        email=_column(record, "email", line, _email),
        latitude=latitude,
        longitude=longitude,
        opening_hours=_column(record, "hours", line, parse_opening_hours),
    )


def _check_header(fieldnames: Iterable[str] | None) -> None:
    names = [name.strip() for name in fieldnames or []]
    if sorted(names) != sorted(COLUMNS):
        missing = [name for name in COLUMNS if name not in names]
        extra = [name for name in names if name not in COLUMNS or names.count(name) > 1]
        problems = ([f"missing {', '.join(missing)}"] if missing else []) + (
            [f"unexpected {', '.join(extra)}"] if extra else [])
        raise InvalidImportFile(
            f"line 1: header: {'; '.join(problems) or 'no columns'} "
            f"(expected {','.join(COLUMNS)})", field="header", line=1)


def read_post_office_rows(lines: Iterable[str]) -> list[PostOfficeRow]:
    """Every row of the file, checked; the first wrong row raises InvalidImportFile naming its
    line and column. An id given twice is refused too."""
    reader = csv.DictReader(lines)
    _check_header(reader.fieldnames)
    reader.fieldnames = [name.strip() for name in reader.fieldnames or []]
    rows: dict[str, PostOfficeRow] = {}
    for record in reader:
        line = reader.line_num
        if None in record or any(value is None for value in record.values()):
            raise InvalidImportFile(f"line {line}: row: expected {len(COLUMNS)} columns",
                                    field="row", line=line)
        row = _row(record, line)
        if row.id in rows:
            raise InvalidImportFile(f"line {line}: id: {row.id} appears twice", field="id",
                                    line=line)
        rows[row.id] = row
    return list(rows.values())
