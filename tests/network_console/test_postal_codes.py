from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from shared_apps.operators.demo_network import SAMPLE_POSTAL_CODES
from shared_apps.repairers.models import PostalCodeLocation

pytestmark = pytest.mark.django_db

HEADER = "postal_code,city,latitude,longitude\n"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "codes.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_sample_file_imports_every_row(tenant_a, tenant_b, capsys):
    call_command("import_postal_codes", str(SAMPLE_POSTAL_CODES))

    assert PostalCodeLocation.objects.count() == 40
    paris = PostalCodeLocation.objects.get(postal_code="75011")
    assert paris.city == "Paris"
    assert Decimal("48.8") < paris.latitude < Decimal("48.9")
    assert PostalCodeLocation.objects.get(postal_code="06000").city == "Nice"
    assert "40 postal codes imported" in capsys.readouterr().out


def test_importing_again_updates_known_codes(tenant_a, tenant_b, tmp_path):
    call_command("import_postal_codes",
                 str(_write(tmp_path, HEADER + "75011,Paris,48.85910,2.37930\n")))
    call_command("import_postal_codes",
                 str(_write(tmp_path, HEADER + "75011,Paris 11e,48.86000,2.38000\n"
                            "33000,Bordeaux,44.84090,-0.57930\n")))

    assert dict(PostalCodeLocation.objects.values_list("postal_code", "city")) == {
        "75011": "Paris 11e", "33000": "Bordeaux"}


@pytest.mark.parametrize(("bad_line", "field"), [
    ("69001,Lyon,north,4.83480", "latitude"),
    ("69001,Lyon,45.76780,181", "longitude"),
    ("69-001,Lyon,45.76780,4.83480", "postal_code"),
    ("69001,,45.76780,4.83480", "city"),
    ("75011,Paris,48.85910,2.37930", "postal_code"),  # the same code twice
    ("69001,Lyon,45.76780", "expected 4 columns"),
])
def test_a_bad_row_is_reported_with_its_line_and_nothing_is_imported(tenant_a, tenant_b,
                                                                     tmp_path, bad_line, field):
    path = _write(tmp_path, HEADER + "75011,Paris,48.85910,2.37930\n"
                  "33000,Bordeaux,44.84090,-0.57930\n" + bad_line + "\n"
                  "59000,Lille,50.63150,3.05720\n")

    with pytest.raises(CommandError) as caught:
        call_command("import_postal_codes", str(path))

    assert "line 4" in str(caught.value)
    assert field in str(caught.value)
    assert "nothing imported" in str(caught.value)
    assert not PostalCodeLocation.objects.exists()


def test_a_wrong_header_or_a_missing_file_is_refused(tenant_a, tenant_b, tmp_path):
    with pytest.raises(CommandError, match="line 1: the header must be"):
        call_command("import_postal_codes",
                     str(_write(tmp_path, "code,town,lat,lon\n75011,Paris,48.8,2.3\n")))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_postal_codes", str(tmp_path / "missing.csv"))
    assert not PostalCodeLocation.objects.exists()
