"""CSV and GeoJSON renderings of the atlas payload (the JSON from selectors.atlas_payload)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from kansrijk.areas.models import AreaLevel
from kansrijk.atlas.selectors import _geometries
from kansrijk.core.csv_safe import SafeWriter, csv_text

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

CSV_COLUMNS = (
    "gemeentecode",
    "code",
    "naam",
    "geboorten",
    "aandeel",
    "ondergrens",
    "bovengrens",
    "aantal",
    "aantal_ondergrens",
    "aantal_bovengrens",
    "drijfveren",
    "modelversie",
    "kalibratie",
    "soort_cijfer",
    "bron_vermelding",
)
# Every row says what it is and where it comes from (issue 10: the atlas CSV carries the CBS credit and
# says it holds estimates), so a row copied out of the file still carries both.
KIND = "schatting (geen telling), met 90%-interval"
CREDIT = "Bron: CBS / PDOK, CC BY 4.0"


def drivers_text(drivers: list[dict[str, Any]]) -> str:
    return "; ".join(f"{d['tekst']} ({d['richting']})" for d in drivers)


def csv_rows(payload: dict[str, Any]) -> Iterable[list[Any]]:
    code = payload["gemeente"]["code"]
    model = payload["model"]
    for wijk in payload["wijken"]:
        yield [
            code,
            wijk["code"],
            wijk["naam"],
            wijk["geboorten"],
            wijk["aandeel"],
            wijk["ondergrens"],
            wijk["bovengrens"],
            wijk["aantal"],
            wijk["aantal_ondergrens"],
            wijk["aantal_bovengrens"],
            drivers_text(wijk["drijfveren"]),
            model["versie"],
            model["kalibratie"]["doel"],
            # A wijk where nobody lives: empty estimate cells, and the row says why.
            wijk.get("geen_schatting") or KIND,
            CREDIT,
        ]


def atlas_csv(payload: dict[str, Any], *, excel: bool = False) -> str:
    """The download of one municipality (plain or for Dutch Excel), same columns as the CLI."""
    rows = [dict(zip(CSV_COLUMNS, row, strict=True)) for row in csv_rows(payload)]
    return csv_text(CSV_COLUMNS, rows, excel=excel)


def csv_writer(out: SupportsWrite[str]) -> SafeWriter:
    """A CSV writer whose text cells cannot start a spreadsheet formula (names come from outside)."""
    writer = SafeWriter(csv.writer(out, lineterminator="\n"))
    writer.writerow(CSV_COLUMNS)
    return writer


def geojson(payloads: list[dict[str, Any]]) -> str:
    """Wijken as GeoJSON features with the estimate as properties (geometry from the area import)."""
    wijken = [(p, w) for p in payloads for w in p["wijken"]]
    geoms = _geometries([w["code"] for _, w in wijken], AreaLevel.WIJK)
    features = []
    for p, w in wijken:
        props = {
            **w,
            "gemeentecode": p["gemeente"]["code"],
            "drijfveren": drivers_text(w["drijfveren"]),
            "modelversie": p["model"]["versie"],
            "bron": p["bron"],
            "toelichting": p["toelichting"],
        }
        geometry = geoms.get(w["code"], "null")
        features.append(
            f'{{"type":"Feature","properties":{json.dumps(props, ensure_ascii=False)},"geometry":{geometry}}}'
        )
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"
