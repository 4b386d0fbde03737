"""Review: text messages go only to numbers a provider can dial."""

import pytest

from tenants import sms


@pytest.mark.parametrize(("typed", "number"), [
    ("06 12 34 56 78", "0612345678"),
    ("+33 6 12 34 56 78", "+33612345678"),
    ("+33 (0)6 12 34 56 78", "+33612345678"),
    ("0033 (0) 6 12 34 56 78", "+33612345678"),
    ("+1 (212) 555-0100", "+12125550100"),
])
def test_numbers_people_type_are_normalised(typed, number):
    assert sms.normalise_phone(typed) == number


@pytest.mark.parametrize("typed", [
    "+0612345678",  # no country code starts with 0
    "000612345678",  # the same, written with 00
    "+",
    "612345678",  # neither international nor national (trunk prefix 0)
    "٠٦١٢٣٤٥٦٧٨",  # digits of another script: no provider dials them
    "06 12 34 56 78\x00",
    "+33 6 12 34 56 78 90 12 34 56",
])
def test_numbers_no_provider_can_dial_are_refused(typed):
    assert sms.normalise_phone(typed) == ""
    with pytest.raises(sms.InvalidSms) as refused:
        sms.send_sms(typed, "Ready")
    assert refused.value.field == "to"
