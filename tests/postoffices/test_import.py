from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from shared_apps.postoffices.actions import SAMPLE_FILE, import_sample
from shared_apps.postoffices.models import PostOffice
from tests.postoffices.helpers import GOOD_ROWS, HEADER, office_line, write_csv

pytestmark = pytest.mark.django_db


def _snapshot() -> list[tuple]:
    return list(PostOffice.objects.order_by("id").values_list(
        "id", "name", "street", "postal_code", "city", "city_search", "phone", "latitude",
        "longitude", "opening_hours", "is_active"))


def test_the_sample_file_imports_25_offices(tenant_a, capsys):
    call_command("import_post_offices", str(SAMPLE_FILE))

    assert PostOffice.objects.filter(is_active=True).count() == 25
    assert "25 created" in capsys.readouterr().out
    saint_etienne = PostOffice.objects.get(postal_code="42000")
    assert saint_etienne.city == "Saint-Étienne"
    assert saint_etienne.city_search == "saint etienne"
    assert saint_etienne.opening_hours["mon"] == [["09:00", "12:15"], ["13:30", "18:00"]]
    assert "sun" not in saint_etienne.opening_hours
    louvre = PostOffice.objects.get(id="P75001")
    assert louvre.opening_hours["sun"] == [["10:00", "18:00"]]
    assert Decimal("48.8") < louvre.latitude < Decimal("48.9")
    assert PostOffice.objects.get(id="E91000").latitude is None


def test_import_sample_is_idempotent():
    first = import_sample()
    before = _snapshot()

    second = import_sample()

    assert (first.created, first.updated) == (25, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 25)
    assert _snapshot() == before


def test_a_reimport_updates_changed_offices_and_keeps_the_others(tmp_path):
    call_command("import_post_offices", str(write_csv(tmp_path, GOOD_ROWS)))
    changed = GOOD_ROWS.replace("Paris Roquette", "Paris Bastille")

    call_command("import_post_offices", str(write_csv(tmp_path, changed + office_line(
        "T69001", "69001", "Lyon"))))

    assert dict(PostOffice.objects.values_list("id", "name")) == {
        "T75011": "Paris Bastille", "T42000": "Saint-Étienne Ville", "T69001": "Bureau"}


def test_missing_offices_stay_active_unless_asked_then_are_deactivated_not_deleted(tmp_path):
    call_command("import_post_offices", str(write_csv(tmp_path, GOOD_ROWS)))
    only_paris = write_csv(tmp_path, GOOD_ROWS.splitlines(keepends=True)[0])

    call_command("import_post_offices", str(only_paris))
    assert PostOffice.objects.filter(is_active=True).count() == 2

    call_command("import_post_offices", str(only_paris), "--deactivate-missing")
    assert dict(PostOffice.objects.values_list("id", "is_active")) == {
        "T75011": True, "T42000": False}

    # listed again: it comes back
    call_command("import_post_offices", str(write_csv(tmp_path, GOOD_ROWS)))
    assert PostOffice.objects.filter(is_active=True).count() == 2


@pytest.mark.parametrize(("bad_line", "column"), [
    ("T69001,,1 rue de la Poste,69001,Lyon,FR,,,,,", "name"),
    ("T69001,Lyon,1 rue de la Poste,6901,Lyon,FR,,,,,", "postal_code"),
    ("T69001,Lyon,1 rue de la Poste,69 001,Lyon,FR,,,,,", "postal_code"),
    ("T69001,Lyon,1 rue de la Poste,69001,Lyon,FR,,,,,mon-fri 18:00-09:00", "hours"),
    ("T69001,Lyon,1 rue de la Poste,69001,Lyon,FR,,,,,someday 09:00-12:00", "hours"),
    ('T69001,Lyon,1 rue de la Poste,69001,Lyon,FR,,,,,"mon 09:00-12:00,11:00-14:00"', "hours"),
    ("T69001,Lyon,1 rue de la Poste,69001,Lyon,FR,,,,,mon 9h-12h", "hours"),
    ("T69001,Lyon,1 rue de la Poste,69001,Lyon,FR,,,north,4.83,", "latitude"),
    ("T69001,Lyon,1 rue de la Poste,69001,Lyon,FR,,,45.76,181,", "longitude"),
    ("T69001,Lyon,1 rue de la Poste,69001,Lyon,FR,,,45.76,,", "longitude"),
    ("T-6901,Lyon,1 rue de la Poste,69001,Lyon,FR,,,,,", "id"),
    ("T75011,Lyon,1 rue de la Poste,69001,Lyon,FR,,,,,", "id"),  # the same id twice
    ("T69001,Lyon,1 rue de la Poste,69001,Lyon,FR,,not-an-email,,,", "email"),
    ("T69001,Lyon,1 rue de la Poste,69001,Lyon,FR,call me,,,,", "phone"),
    ("T69001,Lyon,1 rue de la Poste,69001,Lyon,FRA,,,,,", "country"),
    ("T69001,Lyon,1 rue de la Poste,69001,Lyon,FR,,,,", "expected 11 columns"),
])
def test_a_bad_row_names_its_line_and_column_and_nothing_is_imported(tmp_path, bad_line,
                                                                     column):
    # given: offices already imported, and a file that would change them before the bad row
    call_command("import_post_offices", str(write_csv(tmp_path, GOOD_ROWS)))
    before = _snapshot()
    path = write_csv(tmp_path, GOOD_ROWS.replace("Roquette", "Bastille") + bad_line + "\n"
                     + office_line("T59000", "59000", "Lille"), name="bad.csv")

    with pytest.raises(CommandError) as caught:
        call_command("import_post_offices", str(path), "--deactivate-missing")

    message = str(caught.value)
    assert "line 4" in message
    assert column in message
    assert "nothing imported" in message
    assert _snapshot() == before


def test_a_wrong_header_an_unreadable_file_or_a_missing_file_is_refused(tmp_path):
    wrong_header = tmp_path / "wrong.csv"
    wrong_header.write_text("id,name,town\nT75011,Paris,Paris\n", encoding="utf-8")
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes((HEADER + GOOD_ROWS).encode("latin-1"))

    with pytest.raises(CommandError, match="line 1: header: missing street"):
        call_command("import_post_offices", str(wrong_header))
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("import_post_offices", str(latin1))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_post_offices", str(tmp_path / "missing.csv"))
    assert not PostOffice.objects.exists()
