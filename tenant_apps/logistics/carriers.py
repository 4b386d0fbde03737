"""Carriers: who moves a parcel, how a tracking number of theirs looks, where it can be followed.

A carrier is anything with a ``code``, a ``label``, a ``family``, ``tracking_url(number)`` and
``validate_tracking_number(number)``. The ``manual`` family covers carriers whose numbers staff
type in and whose tracking pages customers open themselves. The ``simulated`` family is the demo
carrier: it issues its own numbers and plays believable tracking events (simulation.py); an
API-backed family would register its carriers with ``register`` the same way.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol
from urllib.parse import quote

from .errors import InvalidTrackingNumber, UnknownCarrier

MANUAL = "manual"
SIMULATED = "simulated"


class Carrier(Protocol):
    @property
    def code(self) -> str:
        """Stored on shipments: never renamed."""
        ...

    @property
    def label(self) -> str: ...

    @property
    def family(self) -> str: ...

    def tracking_url(self, tracking_number: str) -> str:
        """The public page following this parcel, or "" when the carrier has none."""
        ...

    def validate_tracking_number(self, tracking_number: str) -> str:
        """The number, normalised; raises InvalidTrackingNumber when it cannot be one."""
        ...


def normalise_tracking_number(tracking_number: str) -> str:
    """Upper case without the spaces and dashes people type between groups of digits."""
    return re.sub(r"[\s\-.]", "", tracking_number or "").upper()


# Anything looking like a parcel number: letters and digits only, of a plausible length.
GENERIC_NUMBER = re.compile(r"^[A-Z0-9]{6,30}$")
# UPU S10, used by postal operators and Chronopost for international parcels: "CB123456789FR".
UPU_S10 = r"[A-Z]{2}\d{9}[A-Z]{2}"


@dataclass(frozen=True)
class ManualCarrier:
    """A carrier whose numbers staff enter by hand; ``url_template`` holds ``{number}``."""

    code: str
    label: str
    pattern: re.Pattern[str] = GENERIC_NUMBER
    url_template: str = ""
    example: str = ""
    family: str = MANUAL

    def tracking_url(self, tracking_number: str) -> str:
        if not self.url_template or not tracking_number:
            return ""
        return self.url_template.format(number=quote(tracking_number, safe=""))

    def validate_tracking_number(self, tracking_number: str) -> str:
        number = normalise_tracking_number(tracking_number)
        if not number:
            raise InvalidTrackingNumber("Enter the tracking number.", code="required")
        if not self.pattern.fullmatch(number):
            hint = f" (e.g. {self.example})" if self.example else ""
            raise InvalidTrackingNumber(
                f"This is not a {self.label} tracking number{hint}.")
        return number


@dataclass(frozen=True)
class SimulatedCarrier:
    """The demo carrier: numbers "SIM" + 10 digits that it issues itself, no public tracking page
    (its events show on the customer's repair timeline), parcels moved by a scheduled task."""

    code: str = SIMULATED
    label: str = "Demo Express"
    prefix: str = "SIM"
    digits: int = 10
    family: str = SIMULATED
    # Time between two tracking steps: a parcel arrives some ten minutes after its label.
    step_interval: timedelta = timedelta(minutes=2)

    def tracking_url(self, tracking_number: str) -> str:
        return ""

    def new_tracking_number(self) -> str:
        return self.prefix + "".join(secrets.choice("0123456789") for _ in range(self.digits))

    def validate_tracking_number(self, tracking_number: str) -> str:
        number = normalise_tracking_number(tracking_number)
        if not number:
            raise InvalidTrackingNumber("Enter the tracking number.", code="required")
        if not re.fullmatch(rf"{self.prefix}\d{{{self.digits}}}", number):
            raise InvalidTrackingNumber(
                f"This is not a {self.label} tracking number (e.g. {self.prefix}0123456789).")
        return number


_REGISTRY: dict[str, Carrier] = {}


def register(carrier: Carrier) -> Carrier:
    """Make a carrier selectable; codes are unique and stored on shipments, so never renamed."""
    if carrier.code in _REGISTRY:
        raise ValueError(f"Carrier {carrier.code!r} is already registered.")
    _REGISTRY[carrier.code] = carrier
    return carrier


def carrier_for(code: str) -> Carrier:
    carrier = _REGISTRY.get(code or "")
    if carrier is None:
        raise UnknownCarrier()
    return carrier


def known_carrier(code: str) -> Carrier | None:
    """The carrier of a stored shipment, or None when its code is no longer registered."""
    return _REGISTRY.get(code)


def carriers(*, family: str | None = None) -> list[Carrier]:
    return [carrier for carrier in _REGISTRY.values()
            if family is None or carrier.family == family]


def carrier_choices(*, family: str | None = None) -> list[tuple[str, str]]:
    return [(carrier.code, carrier.label) for carrier in carriers(family=family)]


COLISSIMO = register(ManualCarrier(
    code="colissimo", label="La Poste Colissimo",
    # Domestic "6A12345678901" (a digit, a letter, 11 digits) or international UPU S10.
    pattern=re.compile(rf"^(\d[A-Z]\d{{11}}|{UPU_S10})$"),
    url_template="https://www.laposte.fr/outils/suivre-vos-envois?code={number}",
    example="6A12345678901",
))
CHRONOPOST = register(ManualCarrier(
    code="chronopost", label="Chronopost",
    # "XY123456789FR" (UPU S10) or the 13 to 14 digit domestic numbers.
    pattern=re.compile(rf"^({UPU_S10}|\d{{13,14}})$"),
    url_template="https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT={number}",
    example="XY123456789FR",
))
OTHER = register(ManualCarrier(code="other", label="Other carrier"))
SIMULATED_CARRIER = SimulatedCarrier()
register(SIMULATED_CARRIER)
