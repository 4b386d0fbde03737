import pytest

from shared_apps.postoffices.hours import full_week, parse_opening_hours
from shared_apps.postoffices.models import normalise_city


def test_the_hours_text_becomes_spans_per_weekday():
    hours = parse_opening_hours("mon-fri 14:00-18:00,09:00-12:00; sat 09:00-12:00")

    assert hours["mon"] == hours["fri"] == [["09:00", "12:00"], ["14:00", "18:00"]]
    assert hours["sat"] == [["09:00", "12:00"]]
    assert "sun" not in hours
    assert list(full_week(hours)) == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    assert full_week(hours)["sun"] == []
    assert parse_opening_hours("") == {}
    assert parse_opening_hours("Sat,Sun 10:00-12:00") == {
        "sat": [["10:00", "12:00"]], "sun": [["10:00", "12:00"]]}


@pytest.mark.parametrize(("text", "complaint"), [
    ("mon-fri 09:00-12:00; fri 14:00-16:00", "fri is given twice"),
    ("fri-mon 09:00-12:00", "runs backwards"),
    ("mon 12:00-09:00", "closes before it opens"),
    ("mon 09:00-12:00,11:30-13:00", "overlap"),
    ("mon 24:00-25:00", "HH:MM"),
    ("mon", "the days, a space, then the times"),
    ("lundi 09:00-12:00", "not a weekday"),
])
def test_wrong_hours_say_what_is_wrong(text, complaint):
    with pytest.raises(ValueError, match=complaint):
        parse_opening_hours(text)


@pytest.mark.parametrize(("city", "searched_as"), [
    ("Saint-Étienne", "saint etienne"),
    ("SAINT ETIENNE", "saint etienne"),
    ("L'Haÿ-les-Roses", "l hay les roses"),
    ("Œuilly", "oeuilly"),
    ("  Évry -- Courcouronnes ", "evry courcouronnes"),
])
def test_cities_are_searched_without_case_accents_or_punctuation(city, searched_as):
    assert normalise_city(city) == searched_as
