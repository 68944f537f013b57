"""The proposed vulnerability level: a transparent, versioned rule table over a finished screening.

The four levels follow the Rotterdam definition (seed 003): vulnerability is an imbalance between risk
factors and protective factors, judged by the professional TOGETHER WITH the client (the GIZ way of
working). The system only proposes; the decision is a LevelDecision with a reason where it differs.
Individual prediction by scores is poor (R4U AUC about 0.6, domain.md §3.1), so this is deliberately a
short, readable table and not a score — and it is NOT VALIDATED: the thresholds are Kansrijk's reading of
the sources below and must be confirmed by a professional body.

Sources of the thresholds (domain.md §3.5):
- urgent factors that need immediate action (e.g. domestic violence) → zeer kwetsbaar (Molenaar, p.11);
- accumulation: ≥3 risk factors across ≥2 life domains (Moeders van Rotterdam's "highly vulnerable");
- V&VN: vulnerable when one or more risk factors are present and the protective factors are insufficient;
- "potentieel kwetsbaar": problems, but just keeping their head above water (protection holds).

Change a threshold or a row only together with a new RULE_VERSION: every screening stores the version
its proposal came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from kansrijk.care.instruments import Definition, FactorKind
from kansrijk.routes.models import VulnerabilityLevel

RULE_VERSION = "kansrijk-niveau-2026-1"
RULE_VALIDATED = False
RULE_NOTE = _(
    "Voorstel volgens de Kansrijk-regel %(version)s (niet gevalideerd — inhoud ter toetsing). "
    "U besluit samen met de cliënt."
)

# The thresholds, named once.
ACCUMULATION_RISKS = 3  # risk factors (urgent ones included) ...
ACCUMULATION_DOMAINS = 2  # ... spread over at least this many domains
PROTECTIVE_SUFFICIENT = 2  # present protective factors that count as "voldoende"


@dataclass(frozen=True)
class Rule:
    """One row: it applies when every condition holds; the first row that applies gives the level."""

    key: str
    level: str
    min_urgent: int = 0
    min_risks: int = 0
    min_domains: int = 0
    # True: only with sufficient protective factors; False: only with insufficient; None: either way.
    protective_sufficient: bool | None = None


LEVEL = VulnerabilityLevel
# fmt: off
RULES: tuple[Rule, ...] = (
    #     key                     level                        urgent  risks               domains               protection
    Rule("urgent",               LEVEL.ZEER_KWETSBAAR,        1),
    Rule("stapeling",            LEVEL.ZEER_KWETSBAAR,        0, ACCUMULATION_RISKS, ACCUMULATION_DOMAINS, False),
    Rule("stapeling-beschermd",  LEVEL.KWETSBAAR,             0, ACCUMULATION_RISKS, ACCUMULATION_DOMAINS, True),
    Rule("risico-onbeschermd",   LEVEL.KWETSBAAR,             0, 1,                  0,                    False),
    Rule("risico-beschermd",     LEVEL.POTENTIEEL_KWETSBAAR,  0, 1,                  0,                    True),
    Rule("geen-risico",          LEVEL.ZELFREDZAAM),
)
# fmt: on

# Reassessment planned by level, in weeks after the decision. None: at birth (the due date, when the
# family is still expecting), otherwise at the regular contact moments only.
REASSESS_WEEKS: dict[str, int | None] = {
    LEVEL.ZEER_KWETSBAAR: 4,
    LEVEL.KWETSBAAR: 8,
    LEVEL.POTENTIEEL_KWETSBAAR: 12,
    LEVEL.ZELFREDZAAM: None,
}


@dataclass(frozen=True)
class Factor:
    id: str
    label: str
    domain: str
    category: str
    urgent: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "domain": self.domain,
            "category": self.category,
            "urgent": self.urgent,
        }


@dataclass(frozen=True)
class Counts:
    urgent: int
    risks: int
    domains: int
    protective_sufficient: bool


def rule_for(counts: Counts) -> Rule:
    for rule in RULES:
        if (
            counts.urgent >= rule.min_urgent
            and counts.risks >= rule.min_risks
            and counts.domains >= rule.min_domains
            and rule.protective_sufficient in (None, counts.protective_sufficient)
        ):
            return rule
    raise AssertionError("the last rule applies to everything")  # pragma: no cover


def factors_present(definition: Definition, answers: Mapping[str, str]) -> tuple[list[Factor], list[Factor]]:
    """(risk factors, protective factors) present in the answers, in the instrument's order."""
    risks, protective = [], []
    for item in definition.items:
        if not item.is_present(answers.get(item.id)):
            continue
        factor = Factor(item.id, item.label, item.domain, item.category, item.urgent)
        if item.kind == FactorKind.RISK:
            risks.append(factor)
        elif item.kind == FactorKind.PROTECTIVE:
            protective.append(factor)
    return risks, protective


def propose(definition: Definition, answers: Mapping[str, str]) -> dict[str, Any]:
    """The proposal for a finished screening, as the trace stored on it (level, rule, factors, text)."""
    risks, protective = factors_present(definition, answers)
    counts = Counts(
        urgent=sum(1 for f in risks if f.urgent),
        risks=len(risks),
        domains=len({f.domain for f in risks}),
        protective_sufficient=len(protective) >= PROTECTIVE_SUFFICIENT,
    )
    rule = rule_for(counts)
    trace: dict[str, Any] = {
        "level": str(rule.level),
        "rule": rule.key,
        "rule_version": RULE_VERSION,
        "validated": RULE_VALIDATED,
        "risks": [f.as_dict() for f in risks],
        "protective": [f.as_dict() for f in protective],
        "domains": sorted({f.domain for f in risks}),
        "protective_sufficient": counts.protective_sufficient,
        "asks_protective": definition.asks_protective,
    }
    trace["text"] = describe(trace)
    return trace


def level_label(level: str) -> str:
    """ "zeer_kwetsbaar" → "zeer kwetsbaar" (the label, lower case, for running text)."""
    try:
        return str(VulnerabilityLevel(level).label).lower()
    except ValueError:
        return level.replace("_", " ")


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return _g("%(first)s en %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def describe(trace: Mapping[str, Any], categories: Iterable[str] | None = None) -> str:
    """The trace in plain Dutch: "kwetsbaar: schulden en een klein netwerk; beschermende factoren
    onvoldoende". With `categories`, factors of other data categories are counted, not named, so the
    trace never tells a reader more than their access covers."""
    allowed = None if categories is None else frozenset(categories)

    def names(factors: list[dict[str, Any]]) -> list[str]:
        shown = [f["label"] for f in factors if allowed is None or f["category"] in allowed]
        hidden = len(factors) - len(shown)
        if hidden:
            shown.append(_g("%(n)s andere factor(en) die uw toegang niet laat zien") % {"n": hidden})
        return shown

    urgent = [f for f in trace["risks"] if f["urgent"]]
    other = [f for f in trace["risks"] if not f["urgent"]]
    parts: list[str] = []
    if urgent:
        parts.append(_g("direct actie nodig bij %(factors)s") % {"factors": _join(names(urgent))})
    if other:
        parts.append(_join(names(other)))
    if not trace["risks"]:
        parts.append(_g("geen risicofactoren gevonden"))
    elif str(trace["rule"]).startswith("stapeling"):
        parts.append(_g("verspreid over %(n)s gebieden") % {"n": len(trace["domains"])})
    if not trace.get("asks_protective", True):
        parts.append(_g("deze vragenlijst vraagt niet naar beschermende factoren: bespreek die samen"))
    elif trace["protective_sufficient"]:
        parts.append(
            _g("beschermende factoren voldoende (%(factors)s)")
            % {"factors": _join(names(trace["protective"]))}
        )
    elif trace["protective"]:
        parts.append(
            _g("beschermende factoren onvoldoende (alleen %(factors)s)")
            % {"factors": _join(names(trace["protective"]))}
        )
    else:
        parts.append(_g("beschermende factoren onvoldoende"))
    return f"{level_label(trace['level'])}: " + "; ".join(parts)


def reassess_on(level: str, *, decided_on: date, due_date: date | None = None) -> date | None:
    """When to look at the level again, by the policy table REASSESS_WEEKS."""
    weeks = REASSESS_WEEKS[level]
    if weeks is None:
        return due_date if due_date is not None and due_date > decided_on else None
    return decided_on + timedelta(weeks=weeks)
