"""Reading and checking a perinatal CSV (Perined / RIVM Regiobeeld export in our template).

Pure parsing: the only outside knowledge is the set of municipality codes, passed in. Every problem is
raised as one error naming the file, line and column, in Dutch; nothing is written by this module.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from kansrijk.areas.perinatal_catalogue import PERINATAL_KEYS
from kansrijk.areas.perinatal_errors import PerinatalFileError

REQUIRED = ("gebiedscode", "jaar", "indicator", "teller", "noemer")
OPTIONAL = ("percentage",)
DELIMITERS = (";", ",")  # ';' first: Dutch Excel writes CSV with semicolons
GM_CODE = re.compile(r"^GM\d{4}$")
INTEGER = re.compile(r"^\d+$")
YEARS = range(1990, 2101)


@dataclass(frozen=True)
class PerinatalRow:
    line: int
    code: str
    year: int
    indicator: str
    numerator: int
    denominator: int
    percentage: float | None


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a byte-order mark
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PerinatalFileError(
            path,
            line,
            None,
            "het bestand is niet in UTF-8-codering (bijvoorbeeld een Excel-export als 'CSV (puntkomma)'). "
            "Sla het op als 'CSV UTF-8' en probeer het opnieuw.",
        ) from exc


def _delimiter(path: Path, header_line: str) -> str:
    """The delimiter whose split of the header gives all required columns; otherwise the header is
    unparseable (we do not guess further)."""
    for delimiter in DELIMITERS:
        names = [n.strip().lower() for n in header_line.split(delimiter)]
        if all(r in names for r in REQUIRED):
            return delimiter
    for delimiter in DELIMITERS:
        names = [n.strip().lower() for n in header_line.split(delimiter)]
        if len(names) > 1 and any(n in REQUIRED for n in names):
            missing = [r for r in REQUIRED if r not in names]
            raise PerinatalFileError(path, 1, None, f"verplichte kolom(men) ontbreken: {', '.join(missing)}.")
    raise PerinatalFileError(
        path,
        1,
        None,
        "de kopregel is niet te lezen: verwacht kolommen gescheiden door ';' of ',' met "
        f"{', '.join(REQUIRED)} (zie docs/perinatal-template.csv).",
    )


def _header(path: Path, raw: list[str]) -> dict[str, int]:
    names = [n.strip().lower() for n in raw]
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if name not in REQUIRED and name not in OPTIONAL:
            raise PerinatalFileError(
                path,
                1,
                i + 1,
                f"onbekende kolom '{raw[i].strip()}'; toegestaan: {', '.join(REQUIRED + OPTIONAL)}.",
            )
        if name in seen:
            raise PerinatalFileError(path, 1, i + 1, f"kolom '{name}' staat twee keer in de kopregel.")
        seen[name] = i
    return seen


def _count(path: Path, line: int, col: int, name: str, text: str) -> int:
    if not INTEGER.match(text):
        if re.match(r"^-\d+$", text):
            raise PerinatalFileError(path, line, col, f"{name} mag niet negatief zijn (gevonden: {text}).")
        raise PerinatalFileError(path, line, col, f"{name} moet een heel getal zijn (gevonden: '{text}').")
    return int(text)


def _percentage(path: Path, line: int, col: int, text: str, delimiter: str) -> tuple[float, int]:
    """The value and its number of decimals (the rounding we then allow against teller/noemer)."""
    number = text.replace(",", ".") if delimiter == ";" else text  # decimal comma in Dutch exports
    if not re.match(r"^-?\d+(\.\d+)?$", number):
        raise PerinatalFileError(path, line, col, f"percentage moet een getal zijn (gevonden: '{text}').")
    decimals = len(number.partition(".")[2])
    return float(number), decimals


def parse_perinatal_csv(
    path: Path,
    *,
    municipalities: Mapping[str, str],
    year_problem: Callable[[str, int], str | None] | None = None,
) -> list[PerinatalRow]:
    """Parse and check the whole file. `municipalities` maps every known area code to its level, so a
    known non-municipality code gets its own message; `year_problem(code, year)` says why a municipality
    cannot have figures for a year (it did not exist then), or None (perinatal_years)."""
    text = _decode(path, path.read_bytes())
    first = text.splitlines()[0] if text.strip() else ""
    if not first.strip():
        raise PerinatalFileError(path, 1, None, "het bestand is leeg of heeft geen kopregel.")
    delimiter = _delimiter(path, first)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    columns = _header(path, next(reader))
    out: list[PerinatalRow] = []
    seen: dict[tuple[str, int, str], int] = {}
    for fields in reader:
        line = reader.line_num
        if not any(f.strip() for f in fields):
            continue  # blank lines (often at the end of an Excel export) carry nothing
        if len(fields) != len(columns):
            raise PerinatalFileError(
                path, line, None, f"{len(fields)} velden gevonden, {len(columns)} verwacht (zie de kopregel)."
            )
        value = {name: fields[i].strip() for name, i in columns.items()}
        col = {name: i + 1 for name, i in columns.items()}
        code = value["gebiedscode"].upper()
        if not GM_CODE.match(code):
            raise PerinatalFileError(
                path, line, col["gebiedscode"], f"'{value['gebiedscode']}' is geen gemeentecode (GMxxxx)."
            )
        level = municipalities.get(code)
        if level is None:
            raise PerinatalFileError(path, line, col["gebiedscode"], f"onbekende gemeentecode {code}.")
        if level != "gemeente":
            raise PerinatalFileError(path, line, col["gebiedscode"], f"{code} is geen gemeente.")
        if not INTEGER.match(value["jaar"]) or int(value["jaar"]) not in YEARS:
            raise PerinatalFileError(path, line, col["jaar"], f"ongeldig jaar '{value['jaar']}'.")
        year = int(value["jaar"])
        problem = year_problem(code, year) if year_problem is not None else None
        if problem:
            raise PerinatalFileError(path, line, col["jaar"], problem)
        key = value["indicator"].lower()
        if key not in PERINATAL_KEYS:
            raise PerinatalFileError(
                path,
                line,
                col["indicator"],
                f"onbekende indicator '{value['indicator']}'; kies uit {', '.join(sorted(PERINATAL_KEYS))}.",
            )
        numerator = _count(path, line, col["teller"], "teller", value["teller"])
        denominator = _count(path, line, col["noemer"], "noemer", value["noemer"])
        if denominator == 0:
            raise PerinatalFileError(
                path, line, col["noemer"], "noemer is 0: er valt geen cijfer te berekenen."
            )
        if numerator > denominator:
            raise PerinatalFileError(
                path, line, col["teller"], f"teller ({numerator}) is groter dan noemer ({denominator})."
            )
        percentage = None
        if value.get("percentage"):
            percentage, decimals = _percentage(path, line, col["percentage"], value["percentage"], delimiter)
            if not 0 <= percentage <= 100:
                raise PerinatalFileError(
                    path,
                    line,
                    col["percentage"],
                    f"percentage {value['percentage']} ligt niet tussen 0 en 100.",
                )
            exact = numerator / denominator * 100
            # Allowed: the rounding of the given number of decimals (6.6 for 6.64), plus float noise.
            if abs(exact - percentage) > 0.5 * 10**-decimals + 1e-9 and not math.isclose(exact, percentage):
                raise PerinatalFileError(
                    path,
                    line,
                    col["percentage"],
                    f"percentage {value['percentage']} past niet bij teller/noemer "
                    f"({numerator}/{denominator} = {exact:.2f}%).",
                )
        identity = (code, year, key)
        if identity in seen:
            raise PerinatalFileError(
                path,
                line,
                None,
                f"dubbele regel: {code}, {year}, {key} staat ook op regel {seen[identity]}.",
            )
        seen[identity] = line
        out.append(PerinatalRow(line, code, year, key, numerator, denominator, percentage))
    if not out:
        raise PerinatalFileError(path, 2, None, "het bestand bevat geen gegevensregels.")
    return out
