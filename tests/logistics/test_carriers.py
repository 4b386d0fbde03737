"""Carriers: which tracking numbers each accepts, and the tracking links they give."""

import pytest

from tenant_apps.logistics.carriers import (
    MANUAL,
    ManualCarrier,
    carrier_choices,
    carrier_for,
    register,
)
from tenant_apps.logistics.errors import InvalidTrackingNumber, UnknownCarrier


@pytest.mark.parametrize("typed, stored", [
    ("6A12345678901", "6A12345678901"),
    (" 6a 1234 5678 901 ", "6A12345678901"),
    ("CB123456789FR", "CB123456789FR"),
])
def test_colissimo_accepts_its_numbers_normalised(typed, stored):
    assert carrier_for("colissimo").validate_tracking_number(typed) == stored


@pytest.mark.parametrize("typed", ["", "   ", "hello", "6A1234567890", "6A123456789012",
                                   "AA12345678901", "=HYPERLINK(1)", "6A1234567890<"])
def test_colissimo_refuses_junk_naming_the_field(typed):
    with pytest.raises(InvalidTrackingNumber) as refused:
        carrier_for("colissimo").validate_tracking_number(typed)
    assert refused.value.field == "tracking_number" and refused.value.status == 400


def test_chronopost_and_other_numbers():
    assert carrier_for("chronopost").validate_tracking_number("xy123456789fr") == "XY123456789FR"
    assert carrier_for("chronopost").validate_tracking_number("1234567890123") == "1234567890123"
    with pytest.raises(InvalidTrackingNumber):
        carrier_for("chronopost").validate_tracking_number("6A12345678901")
    assert carrier_for("other").validate_tracking_number("ups-1z999") == "UPS1Z999"
    with pytest.raises(InvalidTrackingNumber):
        carrier_for("other").validate_tracking_number("<script>")


def test_tracking_links():
    assert carrier_for("colissimo").tracking_url("6A12345678901") == (
        "https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901")
    assert carrier_for("chronopost").tracking_url("XY123456789FR") == (
        "https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT=XY123456789FR")
    assert carrier_for("other").tracking_url("UPS1Z999") == ""


def test_unknown_carriers_are_refused_and_codes_are_unique():
    with pytest.raises(UnknownCarrier) as refused:
        carrier_for("pigeon")
    assert refused.value.field == "carrier"
    with pytest.raises(ValueError):
        register(ManualCarrier(code="colissimo", label="Again"))
    assert {"colissimo", "chronopost", "other"} <= dict(carrier_choices(family=MANUAL)).keys()
