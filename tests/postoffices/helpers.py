"""Shared by the post-office tests: CSV files written on the fly."""

from pathlib import Path

from shared_apps.postoffices.rows import COLUMNS

HEADER = ",".join(COLUMNS) + "\n"
GOOD_ROWS = (
    'T75011,Paris Roquette,14 rue de la Roquette,75011,Paris,FR,01 99 00 10 11,,'
    '48.85530,2.37290,"mon-fri 09:00-12:00,14:00-18:00; sat 09:00-12:00"\n'
    'T42000,Saint-Étienne Ville,8 avenue de la Libération,42000,Saint-Étienne,,,,'
    '45.43620,4.38820,mon-fri 09:00-18:00\n'
)


def write_csv(tmp_path: Path, body: str, name: str = "offices.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def office_line(office_id: str, postal_code: str, city: str, name: str = "Bureau") -> str:
    return (f"{office_id},{name},1 rue de la Poste,{postal_code},{city},FR,,,,,"
            "mon-fri 09:00-17:00\n")
