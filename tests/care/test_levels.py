"""The level rule at every boundary: each threshold −1 / at / +1, urgent, protective sufficient or not;
the trace in plain Dutch; the reassessment policy."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kansrijk.care import levels
from kansrijk.care.instruments import Definition, Item, Option
from kansrijk.care.levels import (
    ACCUMULATION_DOMAINS,
    ACCUMULATION_RISKS,
    PROTECTIVE_SUFFICIENT,
    RULE_VERSION,
    Counts,
    describe,
    propose,
    reassess_on,
    rule_for,
)
from kansrijk.routes.models import VulnerabilityLevel as L

DOMAINS = ["gezinssituatie", "werk_inkomen", "leefstijl", "mentaal_welzijn", "hechting_ouderschap"]
YES_NO = (Option("ja", "Ja"), Option("nee", "Nee"))


def _item(item_id: str, *, kind: str = "risk", domain: str = "werk_inkomen", urgent: bool = False) -> Item:
    return Item(
        id=item_id, text=f"Vraag {item_id}?", label=item_id, domain=domain, category="sociaal", kind=kind,
        urgent=urgent, options=YES_NO, present=frozenset({"ja"}), need="financien" if kind == "risk" else "",
    )  # fmt: skip


def _definition(*items: Item) -> Definition:
    return Definition(
        key="t", version=1, title="T", description="", content_owner="Test", validated=False, items=items
    )


def _case(*, risks: int, domains: int, protective: int, urgent: int = 0) -> dict[str, object]:
    """A screening with `risks` risk factors spread over `domains` domains, `urgent` of them urgent, and
    `protective` protective factors present (every item answered "ja")."""
    assert risks >= domains or risks == 0
    items = [
        _item(f"r{n}", domain=DOMAINS[n % max(domains, 1)] if domains else DOMAINS[0], urgent=n < urgent)
        for n in range(risks)
    ]
    items += [_item(f"p{n}", kind="protective", domain="gezinssituatie") for n in range(protective)]
    items += [_item("x-nee")]  # answered "nee": never counts
    answers = {i.id: "ja" for i in items if i.id != "x-nee"} | {"x-nee": "nee"}
    return propose(_definition(*items), answers)


def test_the_table_is_ordered_and_ends_with_a_catch_all() -> None:
    assert levels.RULES[-1].level == L.ZELFREDZAAM
    assert rule_for(Counts(urgent=0, risks=0, domains=0, protective_sufficient=False)).key == "geen-risico"
    assert RULE_VERSION.startswith("kansrijk-niveau-") and levels.RULE_VALIDATED is False


# --- urgent ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("protective", [0, PROTECTIVE_SUFFICIENT + 3])
def test_one_urgent_factor_is_zeer_kwetsbaar_whatever_the_protection(protective: int) -> None:
    trace = _case(risks=1, domains=1, protective=protective, urgent=1)
    assert (trace["level"], trace["rule"]) == (L.ZEER_KWETSBAAR, "urgent")


def test_no_urgent_factor_with_one_risk_is_not_zeer_kwetsbaar() -> None:
    assert _case(risks=1, domains=1, protective=0, urgent=0)["level"] == L.KWETSBAAR


# --- risks: 0 / 1 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("protective", [0, PROTECTIVE_SUFFICIENT])
def test_no_risk_factor_is_zelfredzaam(protective: int) -> None:
    assert _case(risks=0, domains=0, protective=protective)["level"] == L.ZELFREDZAAM


@pytest.mark.parametrize(
    ("protective", "level"),
    [
        (PROTECTIVE_SUFFICIENT - 1, L.KWETSBAAR),  # just insufficient
        (PROTECTIVE_SUFFICIENT, L.POTENTIEEL_KWETSBAAR),  # at the threshold: sufficient
        (PROTECTIVE_SUFFICIENT + 1, L.POTENTIEEL_KWETSBAAR),
    ],
)
def test_one_risk_depends_on_protective_factors_at_the_threshold(protective: int, level: str) -> None:
    assert _case(risks=1, domains=1, protective=protective)["level"] == level


# --- accumulation: risks −1/at/+1 with domains at the threshold ---------------------------------------


@pytest.mark.parametrize(
    ("risks", "insufficient", "sufficient"),
    [
        (ACCUMULATION_RISKS - 1, L.KWETSBAAR, L.POTENTIEEL_KWETSBAAR),
        (ACCUMULATION_RISKS, L.ZEER_KWETSBAAR, L.KWETSBAAR),
        (ACCUMULATION_RISKS + 1, L.ZEER_KWETSBAAR, L.KWETSBAAR),
    ],
)
def test_risk_count_at_the_accumulation_threshold(risks: int, insufficient: str, sufficient: str) -> None:
    domains = ACCUMULATION_DOMAINS
    assert _case(risks=risks, domains=domains, protective=PROTECTIVE_SUFFICIENT - 1)["level"] == insufficient
    assert _case(risks=risks, domains=domains, protective=PROTECTIVE_SUFFICIENT)["level"] == sufficient


@pytest.mark.parametrize(
    ("domains", "insufficient", "sufficient"),
    [
        (ACCUMULATION_DOMAINS - 1, L.KWETSBAAR, L.POTENTIEEL_KWETSBAAR),
        (ACCUMULATION_DOMAINS, L.ZEER_KWETSBAAR, L.KWETSBAAR),
        (ACCUMULATION_DOMAINS + 1, L.ZEER_KWETSBAAR, L.KWETSBAAR),
    ],
)
def test_domain_count_at_the_accumulation_threshold(domains: int, insufficient: str, sufficient: str) -> None:
    risks = max(ACCUMULATION_RISKS, domains)
    assert _case(risks=risks, domains=domains, protective=0)["level"] == insufficient
    assert _case(risks=risks, domains=domains, protective=PROTECTIVE_SUFFICIENT)["level"] == sufficient


def test_counts_and_rules_directly_at_each_boundary() -> None:
    def level(urgent: int, risks: int, domains: int, sufficient: bool) -> str:
        return rule_for(Counts(urgent, risks, domains, sufficient)).level

    assert level(0, ACCUMULATION_RISKS, ACCUMULATION_DOMAINS, False) == L.ZEER_KWETSBAAR
    assert level(0, ACCUMULATION_RISKS - 1, ACCUMULATION_DOMAINS, False) == L.KWETSBAAR
    assert level(0, ACCUMULATION_RISKS, ACCUMULATION_DOMAINS - 1, False) == L.KWETSBAAR
    assert level(0, ACCUMULATION_RISKS, ACCUMULATION_DOMAINS, True) == L.KWETSBAAR
    assert level(1, 1, 1, True) == L.ZEER_KWETSBAAR
    assert level(0, 1, 1, True) == L.POTENTIEEL_KWETSBAAR
    assert level(0, 0, 0, True) == L.ZELFREDZAAM


# --- the trace ------------------------------------------------------------------------------------------


def test_trace_in_plain_dutch_names_the_factors() -> None:
    definition = _definition(
        _item("schulden", domain="werk_inkomen"),
        Item(
            id="netwerk", text="Weinig mensen?", label="een klein netwerk", domain="gezinssituatie",
            category="sociaal", kind="risk", urgent=False, options=YES_NO, present=frozenset({"ja"}),
            need="sociaal_netwerk",
        ),
        _item("steun", kind="protective", domain="gezinssituatie"),
    )  # fmt: skip
    trace = propose(definition, {"schulden": "ja", "netwerk": "ja", "steun": "nee"})
    assert trace["text"] == "kwetsbaar: schulden en een klein netwerk; beschermende factoren onvoldoende"
    assert trace["rule_version"] == RULE_VERSION and trace["validated"] is False


def test_trace_of_urgent_and_accumulation() -> None:
    trace = _case(risks=3, domains=2, protective=1, urgent=1)
    assert trace["text"].startswith("zeer kwetsbaar: direct actie nodig bij r0; r1 en r2")
    assert "beschermende factoren onvoldoende (alleen p0)" in trace["text"]
    trace = _case(risks=3, domains=2, protective=2)
    assert "verspreid over 2 gebieden" in trace["text"]
    assert trace["text"].endswith("beschermende factoren voldoende (p0 en p1)")


def test_trace_hides_factors_of_categories_the_reader_may_not_see() -> None:
    trace = _case(risks=2, domains=1, protective=0)
    text = describe(trace, categories={"screening"})
    assert "r0" not in text and "2 andere factor(en) die uw toegang niet laat zien" in text


def test_an_instrument_without_protective_items_says_so() -> None:
    trace = propose(_definition(_item("a")), {"a": "ja"})
    assert trace["level"] == L.KWETSBAAR
    assert "vraagt niet naar beschermende factoren" in trace["text"]


# --- reassessment policy ------------------------------------------------------------------------------


def test_reassessment_is_planned_by_the_policy_table() -> None:
    today = date(2026, 3, 2)
    assert reassess_on(L.ZEER_KWETSBAAR, decided_on=today) == today + timedelta(weeks=4)
    assert reassess_on(L.KWETSBAAR, decided_on=today) == today + timedelta(weeks=8)
    assert reassess_on(L.POTENTIEEL_KWETSBAAR, decided_on=today) == today + timedelta(weeks=12)
    due = today + timedelta(days=90)
    assert reassess_on(L.ZELFREDZAAM, decided_on=today, due_date=due) == due
    assert reassess_on(L.ZELFREDZAAM, decided_on=today, due_date=today - timedelta(days=1)) is None
    assert set(levels.REASSESS_WEEKS) == set(L.values)
