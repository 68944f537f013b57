"""JSON and CSV serialisation of a startfoto, on a hand-built `Startfoto` (no database needed)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client

from kansrijk.startfoto.exports import CSV_COLUMNS, PERINATAL_NOT_LOADED, startfoto_to_csv, startfoto_to_dict
from kansrijk.startfoto.types import (
    AreaRef,
    Comparison,
    IndicatorFigure,
    PerinatalReference,
    Startfoto,
    TrendPoint,
)

CREDIT = "Bron: CBS / PDOK, CC BY 4.0"


def _comparisons(values: dict[str, float | None]) -> dict[str, Comparison]:
    areas = {
        "ggd_regio": AreaRef("GGD-AMSTERDAM", "GGD Amsterdam"),
        "provincie": AreaRef("PV27", "Noord-Holland"),
        "nederland": AreaRef("NL00", "Nederland"),
        "vergelijkbare_gemeenten": AreaRef("VG-G4", "Grote steden"),
    }
    return {
        level: Comparison(level=level, area=areas[level], value=v, numerator=None, denominator=None)
        for level, v in values.items()
    }


def sample_startfoto(*, perinatal: bool = False) -> Startfoto:
    """A small but complete startfoto: a share with trend, a derived count, a missing value."""
    share = IndicatorFigure(
        key="pct_0_15",
        title="Inwoners 0 tot 15 jaar",
        definition="Inwoners van 0 tot 15 jaar als percentage van alle inwoners.",
        unit="%",
        phase="context",
        direction="neutraal",
        theme="Bevolking",
        source="CBS, Kerncijfers wijken en buurten 2024",
        year=2024,
        value=14.0,
        numerator=131_000.0,
        denominator=935_000.0,
        numerator_label="inwoners 0 tot 15 jaar",
        denominator_label="inwoners (1 januari)",
        comparisons=_comparisons(
            {"ggd_regio": 14.5, "provincie": 15.2, "nederland": 15.4, "vergelijkbare_gemeenten": 14.8}
        ),
        trend=[
            TrendPoint(2012, 15.0, 17.0),
            TrendPoint(2018, 14.0, 16.0),
            TrendPoint(2024, 14.0, 15.4),
        ],
        available_for_wijk=True,
    )
    births = IndicatorFigure(
        key="geboorten",
        title="Levend geboren kinderen",
        definition="Geboorten per 1.000 inwoners × inwoners / 1.000.",
        unit="aantal",
        phase="geboorte",
        direction="neutraal",
        theme="Geboorte",
        source="CBS, Kerncijfers wijken en buurten 2022",
        year=2022,
        value=9800.0,
        approximate=True,
        derived=True,
        comparisons=_comparisons({"ggd_regio": 10500.0, "nederland": 167000.0}),
    )
    missing = IndicatorFigure(
        key="pct_jeugdzorg",
        title="Jongeren met jeugdzorg",
        definition="Jongeren tot 23 jaar met jeugdzorg.",
        unit="%",
        phase="na_geboorte",
        direction="hoger_ongunstiger",
        theme="Zorg",
        source="CBS, Kerncijfers wijken en buurten 2022",
        year=None,
        value=None,
        numerator=3.0,  # must never leave the building next to a missing value
        denominator=40.0,
        note="geheim (CBS)",
    )
    preterm = IndicatorFigure(
        key="vroeggeboorte",
        title="Vroeggeboorte",
        definition="Geboren 24+0 tot 37 weken.",
        unit="%",
        phase="geboorte",
        direction="hoger_ongunstiger",
        theme="perinataal",
        source="Perined / RIVM (Regiobeeld), geïmporteerd",
        year=2022,
        value=6.5,
        numerator=150.0,
        denominator=2300.0,
        comparisons=_comparisons({"nederland": 6.6}),
    )
    return Startfoto(
        code="GM0363",
        name="Amsterdam",
        province=AreaRef("PV27", "Noord-Holland"),
        ggd_region=AreaRef("GGD-AMSTERDAM", "GGD Amsterdam"),
        peer_group=AreaRef("VG-G4", "Grote steden"),
        population=935_000,
        figures=[share, births, missing],
        perinatal=[preterm] if perinatal else [],
        perinatal_references=[
            PerinatalReference("vroeggeboorte", "Vroeggeboorte", 6.6, 2021, "VZinfo / Perined, 2021")
        ],
    )


def test_dict_has_the_contract_shape() -> None:
    data = startfoto_to_dict(sample_startfoto())
    assert data["gemeente"] == {
        **data["gemeente"],
        "code": "GM0363",
        "naam": "Amsterdam",
        "provincie": "Noord-Holland",
        "ggd_regio": "GGD Amsterdam",
    }
    first = data["indicatoren"][0]
    for key in ("key", "titel", "eenheid", "jaar", "waarde", "teller", "noemer", "bron", "vergelijking"):
        assert key in first
    assert first["vergelijking"] == {
        "ggd_regio": 14.5,
        "provincie": 15.2,
        "nederland": 15.4,
        "vergelijkbare_gemeenten": 14.8,
    }
    assert first["trend"][0] == {"jaar": 2012, "waarde": 15.0, "nederland": 17.0, "toelichting": ""}
    assert data["bron_vermelding"] == CREDIT
    json.dumps(data)  # plain JSON types only


def test_missing_comparisons_are_null_and_flags_are_kept() -> None:
    births = startfoto_to_dict(sample_startfoto())["indicatoren"][1]
    assert births["vergelijking"]["provincie"] is None
    assert births["benadering"] is True and births["afgeleid"] is True


def test_a_missing_value_hides_its_counts_and_says_why() -> None:
    missing = startfoto_to_dict(sample_startfoto())["indicatoren"][2]
    assert missing["waarde"] is None and missing["jaar"] is None
    assert missing["teller"] is None and missing["noemer"] is None
    assert missing["toelichting"] == "geheim (CBS)"


def test_perinatal_not_loaded_explains_and_lists_references() -> None:
    perinatal = startfoto_to_dict(sample_startfoto())["perinataal"]
    assert perinatal["status"] == "niet_geladen"
    assert perinatal["toelichting"] == PERINATAL_NOT_LOADED
    assert perinatal["indicatoren"] == []
    assert perinatal["landelijke_referenties"][0]["waarde"] == 6.6


def test_perinatal_loaded() -> None:
    perinatal = startfoto_to_dict(sample_startfoto(perinatal=True))["perinataal"]
    assert perinatal["status"] == "geladen" and perinatal["toelichting"] == ""
    assert perinatal["indicatoren"][0]["teller"] == 150.0


def _read(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def test_csv_one_row_per_indicator_plus_reference_rows() -> None:
    text = startfoto_to_csv(startfoto_to_dict(sample_startfoto()))
    assert not text.startswith("\ufeff")
    rows = _read(text)
    assert list(rows[0]) == CSV_COLUMNS
    assert [r["key"] for r in rows] == ["pct_0_15", "geboorten", "pct_jeugdzorg", "vroeggeboorte"]
    share = rows[0]
    # The teller of a rounded CBS rate is no count: left empty (issue 10).
    assert (share["waarde"], share["teller"], share["nederland"], share["jaar"]) == (
        "14",
        "",
        "15.4",
        "2024",
    )
    assert rows[1]["benadering"] == "ja" and rows[1]["provincie"] == ""
    assert rows[2]["teller"] == "" and rows[2]["toelichting"] == "geheim (CBS)"
    reference = rows[3]
    assert reference["waarde"] == "" and reference["nederland"] == "6.6" and reference["jaar"] == "2021"
    assert reference["toelichting"].startswith("niet geladen")
    assert {r["bron_vermelding"] for r in rows} == {CREDIT}


def test_csv_excel_dialect_has_bom_semicolons_and_decimal_comma() -> None:
    text = startfoto_to_csv(startfoto_to_dict(sample_startfoto(perinatal=True)), excel=True)
    assert text.startswith("\ufeff")
    rows = _read(text.removeprefix("\ufeff"), delimiter=";")
    assert rows[0]["nederland"] == "15,4"
    assert rows[-1]["key"] == "vroeggeboorte" and rows[-1]["waarde"] == "6,5"


@pytest.mark.django_db
def test_download_views(client: Client) -> None:
    data = client.get("/startfoto/GM0363/startfoto.json").json()
    assert data["gemeente"]["code"] == "GM0363" and data["bron_vermelding"] == CREDIT
    response = client.get("/startfoto/GM0363/startfoto.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="startfoto-GM0363.csv"' in response["Content-Disposition"]
    rows = _read(response.content.decode("utf-8"))
    assert len(rows) == len(data["indicatoren"]) + len(data["perinataal"]["landelijke_referenties"])
    assert client.get("/startfoto/GM0363/startfoto.csv", {"excel": "1"}).content.startswith(b"\xef\xbb\xbf")
    assert client.get("/startfoto/GM9999/startfoto.json").status_code == 404
