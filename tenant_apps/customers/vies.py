"""The EU's VIES service: is this VAT number registered? valid, invalid, or no answer now.

One HTTP call to the public REST endpoint, with a short timeout. Anything but a clear "valid" or
"invalid" (network error, timeout, a member state's service down, VIES overloaded, a malformed
reply) is ``UNAVAILABLE``: the caller keeps the number pending and asks again later.
"""

import enum
import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

VIES_URL = "https://ec.europa.eu/taxation_customs/vies/rest-api/ms/{country}/vat/{number}"
VIES_TIMEOUT_SECONDS = 10


class ViesResult(enum.Enum):
    VALID = "valid"
    INVALID = "invalid"
    UNAVAILABLE = "unavailable"


def check_vat(country: str, number: str) -> ViesResult:
    """Ask VIES about ``number`` (without its prefix) in ``country`` (the VAT prefix, e.g. EL)."""
    url = VIES_URL.format(country=urllib.parse.quote(country, safe=""),
                          number=urllib.parse.quote(number, safe=""))
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=VIES_TIMEOUT_SECONDS) as response:  # noqa: S310
            payload = json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, TimeoutError, OSError, ValueError):
        # HTTPError is a URLError: VIES answers errors such as MS_UNAVAILABLE with 5xx too.
        return ViesResult.UNAVAILABLE
    return interpret(payload)


def interpret(payload: Any) -> ViesResult:
    """Read VIES's answer: ``userError`` says VALID or INVALID, or names why it could not tell."""
    if not isinstance(payload, dict):
        return ViesResult.UNAVAILABLE
    user_error = payload.get("userError")
    is_valid = payload.get("isValid")
    if user_error == "VALID" and is_valid is True:
        return ViesResult.VALID
    if user_error == "INVALID" and is_valid is False:
        return ViesResult.INVALID
    return ViesResult.UNAVAILABLE
