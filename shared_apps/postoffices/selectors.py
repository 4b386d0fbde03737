"""Finding post offices: the checkout's pick-up point search and look-up."""

import re

from django.db.models import QuerySet

from .errors import PostOfficeError, PostOfficeNotFound
from .models import OFFICE_ID_PATTERN, PostOffice, normalise_city

MIN_POSTAL_CODE_QUERY = 2  # a French département, e.g. "75"
MIN_CITY_QUERY = 2
MAX_RESULTS = 50
_POSTAL_CODE_QUERY = re.compile(r"^[0-9A-Z]+$")


def _postal_code_prefix(value: str) -> str:
    prefix = "".join(value.upper().split())
    if not _POSTAL_CODE_QUERY.match(prefix) or len(prefix) > 10:
        raise PostOfficeError("Enter a postal code or its first digits, e.g. 75 or 75011.",
                              code="invalid_postal_code", field="postal_code")
    if len(prefix) < MIN_POSTAL_CODE_QUERY:
        raise PostOfficeError(f"Enter at least {MIN_POSTAL_CODE_QUERY} characters.",
                              code="query_too_short", field="postal_code")
    return prefix


def _city_prefix(value: str) -> str:
    if len(value) > 100:
        raise PostOfficeError("Use at most 100 characters.", code="invalid_city", field="city")
    prefix = normalise_city(value)
    if len(prefix.replace(" ", "")) < MIN_CITY_QUERY:
        raise PostOfficeError(f"Enter at least {MIN_CITY_QUERY} letters of the city.",
                              code="query_too_short", field="city")
    return prefix


def matching_post_offices(*, postal_code: str = "", city: str = "") -> QuerySet[PostOffice]:
    """Active offices whose postal code starts with ``postal_code`` (a full code matches
    exactly) and/or whose city starts with ``city``, ignoring case, accents and punctuation.
    At least one is required; both narrow together. Ordered by postal code or city, then
    name. Raises PostOfficeError naming the input that is missing, too short or invalid."""
    postal_code, city = postal_code.strip(), city.strip()
    if not postal_code and not city:
        raise PostOfficeError("Give a postal_code or a city to search for.",
                              code="required", field="postal_code")
    offices = PostOffice.objects.filter(is_active=True)
    if postal_code:
        offices = offices.filter(postal_code__startswith=_postal_code_prefix(postal_code))
    if city:
        offices = offices.filter(city_search__startswith=_city_prefix(city))
    first = "postal_code" if postal_code else "city_search"
    return offices.order_by(first, "name", "id")


def search_post_offices(*, postal_code: str = "", city: str = "",
                        limit: int = 20) -> list[PostOffice]:
    """The first ``limit`` (at most MAX_RESULTS) offices of matching_post_offices."""
    return list(matching_post_offices(postal_code=postal_code, city=city)
                [:max(1, min(limit, MAX_RESULTS))])


def get_post_office(office_id: str, *, include_inactive: bool = False) -> PostOffice:
    """One office by its id, for the checkout's pick-up choice. An unknown, malformed or (unless
    ``include_inactive``) inactive id raises PostOfficeNotFound."""
    office_id = office_id.strip().upper()
    offices = PostOffice.objects.all() if include_inactive else \
        PostOffice.objects.filter(is_active=True)
    office = offices.filter(id=office_id).first() if re.match(OFFICE_ID_PATTERN, office_id) \
        else None
    if office is None:
        raise PostOfficeNotFound("No such post office.", field="office_id")
    return office
