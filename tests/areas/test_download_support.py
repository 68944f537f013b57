"""A local stand-in for CBS StatLine (OData v3 JSON) and PDOK (WFS GeoJSON), for the download tests.

Everything it serves is generated here: three municipalities, two wijken, made-up numbers. It implements
the parts of the protocols the downloader uses: `$filter=startswith(Key,'GM')`, `Perioden eq '…'`,
`$select`, paging with `$skip` and `odata.nextLink`, and WFS `startIndex`/`count`. `faults` makes a path
answer 500 or a malformed body.
"""

from __future__ import annotations

import json
import re
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PAGE = 2  # small pages so that every table is paged

# code, name, province code, province name, GGD region, inhabitants
MUNICIPALITIES = [
    ("GM0014", "Groningen", "PV20", "Groningen", "GGD Groningen", 240000),
    ("GM0034", "Almere", "PV24", "Flevoland", "GGD Flevoland", 220000),
    ("GM0164", "Hengelo (O.)", "PV23", "Overijssel", "GGD Twente", 80000),
]
WIJKEN = [("WK001400", "Centrum", 25000), ("WK003400", "Stad", 30000)]
CENTRES = {
    "GM0014": (6.56, 53.22),
    "GM0034": (5.22, 52.37),
    "GM0164": (6.79, 52.26),
    "WK001400": (6.57, 53.22),
    "WK003400": (5.21, 52.37),
}


def _topic(i: int, key: str, title: str, unit: str, parent: int | None, datatype: str = "Long") -> dict:
    return {
        "odata.type": "Cbs.OData.Topic",
        "ID": i,
        "Position": i,
        "ParentID": parent,
        "Type": "Topic",
        "Key": key,
        "Title": title,
        "Unit": unit,
        "Decimals": 0,
        "Datatype": datatype,
    }


def _group(i: int, title: str, parent: int | None = None) -> dict:
    return {
        "odata.type": "Cbs.OData.TopicGroup",
        "ID": i,
        "ParentID": parent,
        "Type": "TopicGroup",
        "Key": "",
        "Title": title,
    }


def kwb_properties(modern: bool) -> list[dict]:
    """Modern tables (WijkenEnBuurten, counts for age groups, Gemeentenaam) or the 2009–2012 shape
    (RegioS + Perioden, percentages, no name topic)."""
    age_unit = "aantal" if modern else "%"
    props: list[dict] = (
        [
            {"Type": "GeoDetail", "ID": 0, "Key": "WijkenEnBuurten", "Title": "Wijken en buurten"},
            _group(1, "Regio"),
            _topic(2, "Gemeentenaam_1", "Gemeentenaam", "naam", 1, "String"),
        ]
        if modern
        else [
            {"Type": "GeoDimension", "ID": 0, "Key": "RegioS", "Title": "Regio's"},
            {"Type": "TimeDimension", "ID": 1, "Key": "Perioden", "Title": "Perioden"},
        ]
    )
    props += [
        _group(10, "Bevolking"),
        _topic(11, "AantalInwoners_5", "Aantal inwoners", "aantal", 10),
        _topic(12, "Mannen_6", "Mannen", "aantal", 10),
        _topic(13, "k_0Tot15Jaar_8", "0 tot 15 jaar", age_unit, 10),
        _group(20, "Herkomstland", 10),
        _topic(21, "Nederland_17", "Nederland", "aantal", 20),
        _group(22, "Geboren in Nederland", 10),
        _topic(23, "Nederland_20", "Nederland", "aantal", 22),
        _topic(30, "HuishoudensTotaal_29", "Huishoudens totaal", "aantal", 10),
        _topic(31, "Eenpersoonshuishoudens_30", "Eenpersoonshuishoudens", "aantal", 10),
        _topic(
            32, "GemiddeldeHuishoudensgrootte_33", "Gemiddelde huishoudensgrootte", "aantal", 10, "Double"
        ),
        _topic(
            40,
            "GemiddeldInkomenPerInwoner_83",
            "Gemiddeld inkomen per inwoner",
            "x 1 000 euro",
            None,
            "Double",
        ),
        _topic(41, "k_40HuishoudensMetLaagsteInkomen_87", "40% huishoudens met laagste inkomen", "%", None),
        _topic(42, "k_20HuishoudensMetHoogsteInkomen_88", "20% huishoudens met hoogste inkomen", "%", None),
    ]
    return props


def kwb_rows(modern: bool) -> list[dict]:
    regions = [("NL00", "Nederland", 17900000)] + [(c, n, p) for c, n, *_, p in MUNICIPALITIES] + WIJKEN
    rows = []
    for period in [None] if modern else ["2011JJ00", "2012JJ00"]:
        for code, name, people in regions:
            scale = 0.9 if period == "2011JJ00" else 1.0
            inhabitants = round(people * scale)
            households = people // 2
            row = {
                "ID": len(rows),
                "AantalInwoners_5": inhabitants,
                "Mannen_6": inhabitants // 2,
                "k_0Tot15Jaar_8": round(inhabitants * 0.16) if modern else 16.0,
                "Nederland_17": round(inhabitants * 0.7),
                "Nederland_20": round(inhabitants * 0.65),
                "HuishoudensTotaal_29": households,
                "Eenpersoonshuishoudens_30": round(households * 0.4),
                "GemiddeldeHuishoudensgrootte_33": 2.1,
                "GemiddeldInkomenPerInwoner_83": 28.4,
                "k_40HuishoudensMetLaagsteInkomen_87": 41.5,
                "k_20HuishoudensMetHoogsteInkomen_88": None,
            }
            if modern:
                # CBS pads codes and names with spaces.
                row |= {
                    "WijkenEnBuurten": f"{code:<10}",
                    "Gemeentenaam_1": f"{name if code[:2] == 'GM' else ''}   ",
                }
            else:
                row |= {"RegioS": f"{code:<10}", "Perioden": period}
            rows.append(row)
    return rows


def gebieden_properties() -> list[dict]:
    return [
        {"Type": "GeoDimension", "ID": 0, "Key": "RegioS", "Title": "Regio's"},
        _group(1, "Codes en namen van gemeenten"),
        _topic(2, "Code_1", "Code", "code", 1, "String"),
        _topic(3, "Naam_2", "Naam", "naam", 1, "String"),
        _group(4, "Lokaliseringen van gemeenten"),
        _group(5, "Provincies", 4),
        _topic(6, "Code_28", "Code", "code", 5, "String"),
        _topic(7, "Naam_29", "Naam", "naam", 5, "String"),
        _group(8, "GGD-regio's", 4),
        _topic(9, "Code_14", "Code", "code", 8, "String"),
        _topic(10, "Naam_15", "Naam", "naam", 8, "String"),
    ]


def gebieden_rows() -> list[dict]:
    return [
        {
            "ID": i,
            "RegioS": f"{c}  ",
            "Code_1": c,
            "Naam_2": f"{n}  ",
            "Code_28": pv,
            "Naam_29": pn,
            "Code_14": "GG0000",
            "Naam_15": g,
        }
        for i, (c, n, pv, pn, g, _) in enumerate(MUNICIPALITIES)
    ]


def square(code: str, size: float = 0.05) -> dict:
    x, y = CENTRES[code]
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def wfs_features(type_name: str) -> list[dict]:
    layer = type_name.split(":")[1]
    if layer == "gemeente_gegeneraliseerd":
        return [
            {
                "type": "Feature",
                "id": f"{layer}.{c}",
                "geometry": square(c),
                "properties": {
                    "statcode": c,
                    "jrstatcode": f"2025{c}",
                    "statnaam": n,
                    "rubriek": "gemeente",
                    "id": i,
                },
            }
            for i, (c, n, *_) in enumerate(MUNICIPALITIES)
        ]
    if layer == "provincie_gegeneraliseerd":
        return [
            {"type": "Feature", "geometry": square(c, 0.2), "properties": {"statcode": pv, "statnaam": pn}}
            for c, _, pv, pn, *_ in MUNICIPALITIES
        ]
    if layer == "ggdregio_gegeneraliseerd":
        return [
            {"type": "Feature", "geometry": square(c, 0.3), "properties": {"statcode": "GG", "statnaam": g}}
            for c, _, _, _, g, _ in MUNICIPALITIES
        ]
    return [
        {"type": "Feature", "geometry": square(c, 0.01), "properties": {"wijkcode": c, "wijknaam": n}}
        for c, n, _ in WIJKEN
    ]


TABLES: dict[str, tuple[list[dict], list[dict]]] = {}


def _tables() -> dict[str, tuple[list[dict], list[dict]]]:
    if not TABLES:
        from kansrijk.areas.download.sources import GEBIEDEN_TABLE, KWB_TABLES

        for year, table_id in KWB_TABLES.items():
            TABLES[table_id] = (kwb_properties(year != 2012), kwb_rows(year != 2012))
        TABLES[GEBIEDEN_TABLE] = (gebieden_properties(), gebieden_rows())
    return TABLES


def _filter(rows: list[dict], expression: str) -> list[dict]:
    for clause in filter(None, expression.split(" and ")):
        if m := re.fullmatch(r"startswith\((\w+),'(\w+)'\)", clause.strip()):
            rows = [r for r in rows if str(r.get(m[1], "")).startswith(m[2])]
        elif m := re.fullmatch(r"(\w+) eq '(\w+)'", clause.strip()):
            rows = [r for r in rows if r.get(m[1]) == m[2]]
        else:
            raise ValueError(clause)
    return rows


class Handler(BaseHTTPRequestHandler):
    server: FakeServer

    def log_message(self, *args: Any) -> None:  # keep the test output clean
        pass

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        parts = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(parts.query))
        self.server.requests.append(self.path)
        for needle, fault in self.server.faults.items():
            if needle in self.path:
                return (
                    self._send(500, b"Internal Server Error")
                    if fault == "500"
                    else self._send(200, fault.encode())
                )
        try:
            doc = self._answer(parts.path, query)
        except (KeyError, ValueError) as exc:
            return self._send(404, json.dumps({"error": str(exc)}).encode())
        return self._send(200, json.dumps(doc).encode())

    def _answer(self, path: str, query: dict[str, str]) -> Any:
        if path.startswith("/pdok/"):
            features = wfs_features(query["typeName"])
            start, count = int(query["startIndex"]), int(query["count"])
            return {"type": "FeatureCollection", "features": features[start : start + count]}
        _, _, table_id, resource = path.split("/", 3)
        properties, rows = _tables()[table_id]
        if resource == "DataProperties":
            data = properties
        elif resource == "TableInfos":
            data = [{"ID": 0, "Identifier": table_id, "Title": f"Tabel {table_id}"}]
        elif resource == "TypedDataSet":
            data = _filter(rows, query.get("$filter", ""))
            if "$select" in query:
                data = [{k: r.get(k) for k in query["$select"].split(",")} for r in data]
        else:  # the region dimension
            key = next(p["Key"] for p in properties if p["Type"] in {"GeoDetail", "GeoDimension"})
            names = (
                {c: n for c, n, *_ in MUNICIPALITIES} | {c: n for c, n, _ in WIJKEN} | {"NL00": "Nederland"}
            )
            data = _filter(
                [{"Key": str(r[key]), "Title": names[str(r[key]).strip()]} for r in rows],
                query.get("$filter", ""),
            )
        skip = int(query.get("$skip", "0"))
        doc: dict[str, Any] = {"odata.metadata": "x", "value": data[skip : skip + PAGE]}
        if skip + PAGE < len(data):
            next_query = urllib.parse.urlencode({**query, "$skip": str(skip + PAGE)})
            doc["odata.nextLink"] = f"http://{self.headers['Host']}{path}?{next_query}"
        return doc


class FakeServer(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[str] = []
        self.faults: dict[str, str] = {}

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@contextmanager
def serving() -> Iterator[FakeServer]:
    server = FakeServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
