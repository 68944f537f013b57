"""Broken copies of the open data: each is refused with one exact Dutch message, exit status 2, and
the database stays exactly as the session load left it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.areas.helpers import broken_copy, db_state, replace_cell

pytestmark = pytest.mark.django_db

KWB22 = "kwb/kwb_gemeente_2022.csv"
KWB24 = "kwb/kwb_gemeente_2024.csv"
WIJK = "kwb/kwb_wijk_2024.csv"
GEMEENTEN = "gemeenten/gemeenten_2025.csv"
INKOMEN = "inkomen/inkomen_gemeente_wijk_2020.csv"


def _header_rename(old: str, new: str) -> Callable[[bytes], bytes]:
    def change(content: bytes) -> bytes:
        head, rest = content.split(b"\n", 1)
        names = head.decode().split(",")
        names[names.index(old)] = new
        return ",".join(names).encode() + b"\n" + rest

    return change


def _duplicate_line(line: int) -> Callable[[bytes], bytes]:
    def change(content: bytes) -> bytes:
        lines = content.split(b"\n")
        return b"\n".join([*lines[:line], lines[line - 1], *lines[line:]])

    return change


def _cell(line: int, column: str, value: str) -> Callable[[bytes], bytes]:
    return lambda content: replace_cell(content, line=line, column=column, value=value)


def _latin1_line(data_dir: Path) -> int:
    """The first line of the municipality list with a non-ASCII character (e.g. "Fryslân")."""
    lines = (data_dir / GEMEENTEN).read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, start=1) if not line.isascii())


CASES: list[tuple[str, str, Callable[[bytes], bytes], str]] = [
    (
        "semicolons",
        KWB22,
        lambda c: c.replace(b",", b";"),
        "kwb_gemeente_2022.csv, regel 1: scheidingsteken is een puntkomma; verwacht een komma (',')",
    ),
    (
        "utf16",
        WIJK,
        lambda c: c.decode("utf-8").encode("utf-16"),
        "kwb_wijk_2024.csv, regel 1: geen UTF-8-tekst (byte 0xff); sla het bestand op als UTF-8",
    ),
    (
        "missing column",
        WIJK,
        _header_rename("aantal_inwoners", "inwoners_totaal"),
        "kwb_wijk_2024.csv, regel 1, kolom aantal_inwoners: verplichte kolom ontbreekt",
    ),
    (
        "empty header",
        KWB24,
        _header_rename("opp_water", ""),
        "kwb_gemeente_2024.csv, regel 1, kolom (leeg): onbekende of lege kolomnaam in de kopregel",
    ),
    (
        "unknown header",
        KWB24,
        _header_rename("opp_water", "Opp water (ha)"),
        "kwb_gemeente_2024.csv, regel 1, kolom Opp water (ha): onbekende of lege kolomnaam in de kopregel",
    ),
    (
        "text in number",
        KWB22,
        _cell(17, "pct_hh_laag_inkomen", "twaalf"),
        "kwb_gemeente_2022.csv, regel 17, kolom pct_hh_laag_inkomen: 'twaalf' is geen getal",
    ),
    (
        "decimal comma in number",
        INKOMEN,
        _cell(40, "gem_persoonlijk_inkomen_x1000", '"27,9"'),
        "inkomen_gemeente_wijk_2020.csv, regel 40, kolom gem_persoonlijk_inkomen_x1000: '27,9' is geen getal",
    ),
    (
        "bad municipality code",
        KWB24,
        _cell(5, "gemeentecode", "XX0014"),
        "kwb_gemeente_2024.csv, regel 5, kolom gemeentecode: 'XX0014' is geen geldige gemeentecode",
    ),
    (
        "bad wijk code",
        WIJK,
        _cell(3, "wijkcode", "WK01401"),
        "kwb_wijk_2024.csv, regel 3, kolom wijkcode: 'WK01401' is geen geldige wijkcode",
    ),
    (
        "wijk of unknown municipality",
        WIJK,
        _cell(3, "gemeentecode", "GM0999"),
        "kwb_wijk_2024.csv, regel 3, kolom gemeentecode: wijk WK001401: gemeente GM0999 bestaat niet",
    ),
    (
        "income of unknown municipality",
        INKOMEN,
        _cell(3, "code", "GM0998"),
        "inkomen_gemeente_wijk_2020.csv, regel 3, kolom code: gemeente GM0998 bestaat niet",
    ),
    (
        "duplicate municipality",
        GEMEENTEN,
        _duplicate_line(2),
        "gemeenten_2025.csv, regel 3, kolom gemeentecode: code GM0014 komt twee keer voor",
    ),
    (
        "duplicate wijk",
        WIJK,
        _duplicate_line(4),
        "kwb_wijk_2024.csv, regel 5, kolom wijkcode: code WK001402 komt twee keer voor",
    ),
    (
        "percentage above 100",
        KWB24,
        _cell(4, "0_15", "120"),
        "kwb_gemeente_2024.csv, regel 4, kolom 0_15: '120' is geen mogelijk percentage (0–100)",
    ),
    (
        "negative percentage",
        KWB22,
        _cell(9, "pct_hhd_met_kind", "-3"),
        "kwb_gemeente_2022.csv, regel 9, kolom pct_hhd_met_kind: '-3' is geen mogelijk percentage (0–100)",
    ),
    (
        "ragged line",
        GEMEENTEN,
        lambda c: c.replace(b"GM0034,Almere,", b"GM0034,Almere,extra,", 1),
        "gemeenten_2025.csv, regel 3: aantal velden wijkt af van de kopregel",
    ),
    (
        "broken geojson",
        "grenzen/wijk_2024.geojson",
        lambda c: c[: len(c) // 2],
        "wijk_2024.geojson, regel 1: geen geldige GeoJSON FeatureCollection",
    ),
]


@pytest.mark.parametrize(("relative", "change", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_broken_file_is_refused_and_nothing_changes(
    data_dir: Path, tmp_path: Path, relative: str, change: Callable[[bytes], bytes], message: str
) -> None:
    broken = broken_copy(data_dir, tmp_path, relative, change)
    before = db_state()
    with pytest.raises(CommandError) as caught:
        call_command("data", "load", "--data-dir", str(broken), verbosity=0)
    assert str(caught.value) == f"Niets geladen. {message}"
    assert caught.value.returncode == 2
    assert db_state() == before


def test_latin1_file_names_the_line(data_dir: Path, tmp_path: Path) -> None:
    broken = broken_copy(data_dir, tmp_path, GEMEENTEN, lambda c: c.decode("utf-8").encode("latin-1"))
    before = db_state()
    with pytest.raises(CommandError) as caught:
        call_command("data", "load", "--data-dir", str(broken), verbosity=0)
    line = _latin1_line(data_dir)
    assert str(caught.value) == (
        f"Niets geladen. gemeenten_2025.csv, regel {line}: geen UTF-8-tekst (byte 0xe2); sla het bestand op als UTF-8"
    )
    assert db_state() == before


def test_missing_file_is_refused(data_dir: Path, tmp_path: Path) -> None:
    broken = broken_copy(data_dir, tmp_path, INKOMEN, lambda c: c)
    (broken / INKOMEN).unlink()
    with pytest.raises(
        CommandError, match=r"inkomen_gemeente_wijk_2020.csv: bestand ontbreekt in de datamap"
    ):
        call_command("data", "load", "--data-dir", str(broken), verbosity=0)


def test_command_line_prints_one_line_and_exits_2(data_dir: Path, tmp_path: Path) -> None:
    """The real process: one line on stderr, exit status 2 (no database is touched before the error)."""
    broken = broken_copy(data_dir, tmp_path, KWB22, _cell(17, "pct_hh_laag_inkomen", "twaalf"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kansrijk.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-m", "django", "data", "load", "--data-dir", str(broken)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert lines == [
        "CommandError: Niets geladen. kwb_gemeente_2022.csv, regel 17, kolom pct_hh_laag_inkomen: "
        "'twaalf' is geen getal"
    ]
