"""Log coverage (issue 11, NEN 7513): every view of the care app that touches a family's personal data
writes an access-log entry — walked over every URL pattern and /api/v1/zorg route.

Each pattern is exercised as the persona that may use it (GET everywhere it answers GET; POST with valid
data where that is simple). A family-bound pattern (one with `public_id`/`episode_id`, or the worklist,
the parent's pages, the log) that answers 200/302/422 without a new `AccessLogEntry` fails the test. A
pattern that holds no personal data is listed in NO_PERSONAL_DATA with the reason. A new pattern that is
neither exercised nor listed fails `test_every_pattern_is_exercised_or_listed`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kansrijk.api.zorg import router as zorg_router
from kansrijk.care import urls as care_urls
from kansrijk.care.models import AccessLogEntry, Consent, EpisodeStage, PersonRole
from tests.care.personas import CareCast
from tests.care.test_log_coverage_referrals import EXERCISED as REFERRAL_EXERCISED
from tests.care.test_matrix import _setup, _user

pytestmark = pytest.mark.django_db

# Patterns that hold no personal data, so no access-log entry is expected (configuration only; changes
# there are recorded in the audit log instead). A family-bound pattern may never be listed here.
NO_PERSONAL_DATA = {
    "teams": "care teams and their members: professionals, not families",
    "team_create": "creates an (empty) care team",
    "team_member_add": "adds a professional to a team",
    "team_member_remove": "removes a professional from a team",
    "instruments": "screening instrument versions (questionnaires, no answers)",
    "instrument_upload": "uploads a new instrument version",
    "instrument": "one instrument version's items",
    "instrument_fhir": "an instrument as a FHIR Questionnaire (no answers)",
    "clients": "an organisation's system-client keys (configuration)",
    "client_create": "creates a system-client key",
    "client_revoke": "revokes a system-client key",
    "organisation_identifiers": "the organisation's URA/AGB/KvK numbers",
    "worklists": "redirects to the first worklist (shows nothing itself)",
}
# Family-bound patterns whose log entries are tested in their own files.
EXERCISED_ELSEWHERE: dict[str, str] = {
    **dict.fromkeys(REFERRAL_EXERCISED, "tests/care/test_log_coverage_referrals.py"),
    **dict.fromkeys(
        ["worklist_waiting", "worklist_sent", "worklist_overdue", "worklist_reassess", "worklist_visits"],
        "tests/care/test_worklists.py (one search entry naming exactly the families shown)",
    ),
}
FAMILY_BOUND_NAMES = {
    "worklist", "parent_view", "log",
    "worklist_waiting", "worklist_sent", "worklist_overdue", "worklist_reassess", "worklist_visits",
}  # fmt: skip


def family_bound(route: str, name: str) -> bool:
    return "<uuid:public_id>" in route or "<uuid:episode_id>" in route or name in FAMILY_BOUND_NAMES


@dataclass(frozen=True)
class Step:
    name: str  # URL name, or an /api/v1/zorg path
    persona: str
    method: str = "GET"
    data: dict[str, Any] = field(default_factory=dict)
    must_log: bool | None = None  # None: as the pattern is family-bound or not


def _steps(ids: dict[str, Any]) -> list[Step]:
    """The walk, in order: the POSTs that change the family's access (withdraw, end, close) come last."""
    today = timezone.localdate().isoformat()
    return [
        Step("worklist", "midwife"),
        Step("family_register", "midwife"),
        Step(
            "family_register",
            "midwife",
            "POST",
            {
                "coalition": ids["coalition"],
                "municipality": ids["municipality"],
                "stage": EpisodeStage.PREGNANT,
                "due_date": today,
                "given_name": "Fleur",
                "family_name": "Fictief",
            },
            must_log=True,  # not family-bound by its URL, but registering is a write of personal data
        ),
        Step("family", "midwife"),
        Step("family", "nurse"),
        Step("person_edit", "midwife"),
        Step(
            "person_edit", "midwife", "POST", {"given_name": "Rick", "family_name": "Reuring"}
        ),  # a change: an unchanged save writes nothing and shows nothing
        Step("child_add", "midwife"),
        Step("family_close", "midwife"),
        Step("share", "midwife"),
        Step("share", "midwife", "POST", {"matrix": "1"}),  # refused form shown again, with names
        Step("legal_basis", "midwife", "POST", {"matrix": "1"}),
        Step("correction_answer", "midwife", "POST", {"answer": "Het adres is aangepast."}),
        Step("parent_invite", "midwife", "POST", {"email": "rik@ouder.test"}),
        Step("screening_start", "midwife"),
        Step("screening_start", "midwife", "POST", {"instrument": ids["instrument_id"]}),
        Step("screening", "midwife"),
        Step("screening", "midwife", "POST", {"matrix": "1"}),  # saved as concept
        Step("screening_fhir", "midwife"),
        Step("visit_offer", "nurse"),
        Step("visit_offer", "nurse", "POST", {"planned_on": today}),
        Step("visit", "midwife"),  # team West's visit
        Step("visit", "midwife", "POST", {"matrix": "1"}),  # not her team's: refused, page shown again
        Step("level", "midwife"),
        Step(
            "level",
            "midwife",
            "POST",
            {"level": "kwetsbaar", "decided_with_client": "on", "reason": "Samen."},
        ),
        Step("instruments", "platform_admin"),
        Step("instrument_upload", "platform_admin"),
        Step("instrument", "platform_admin"),
        Step("instrument_fhir", "platform_admin"),
        Step("teams", "org_admin"),
        Step("team_create", "org_admin", "POST", {"name": "Oost"}),
        Step("team_member_add", "org_admin", "POST", {"matrix": "1"}),
        Step("log", "log_manager"),
        Step("parent_view", "parent"),
        Step("parent_family", "parent"),
        Step("parent_consent_withdraw", "parent"),
        Step(
            "parent_correction",
            "parent",
            "POST",
            {"person": ids["roos"], "text": "Mijn telefoon klopt niet."},
        ),
        Step("/gezinnen", "midwife"),
        Step("/gezinnen/{public_id}", "midwife"),
        Step("/gezinnen/{public_id}", "nurse"),
        Step("/gezinnen/{public_id}/toestemmingen", "midwife"),
        Step("/mijn-gegevens", "parent"),
        # The changing POSTs, last.
        Step("consent_withdraw", "midwife", "POST"),  # the consent to the extra team
        Step("legal_basis_end", "midwife", "POST"),
        Step("parent_consent_withdraw", "parent", "POST"),  # the nurse's consent (given by Roos)
        Step("child_add", "midwife", "POST", {"given_name": "Kees", "birth_date": today}),
        Step("family_close", "midwife", "POST", {"reason": "Verhuisd naar een andere gemeente."}),
        Step("team_member_remove", "org_admin", "POST"),
    ]


def test_every_pattern_is_exercised_or_listed() -> None:
    exercised = {
        s.name for s in _steps(dict.fromkeys(["coalition", "municipality", "instrument_id", "roos"]))
    } | set(EXERCISED_ELSEWHERE)
    for pattern in care_urls.urlpatterns:
        name, route = str(pattern.name), str(pattern.pattern)
        if family_bound(route, name):
            assert name not in NO_PERSONAL_DATA, f"{name} holds a family's data: it cannot be allow-listed"
            assert name in exercised, f"family-bound pattern {name} ({route}) is not exercised"
        else:
            assert name in exercised or name in NO_PERSONAL_DATA, f"{name} is neither exercised nor listed"
    for path in zorg_router.path_operations:
        assert path in exercised, f"API route {path} is not exercised"


def test_every_view_that_touches_personal_data_writes_an_access_log_entry(
    client: Client, care: CareCast
) -> None:
    ids = _setup(care, "nurse_consent")
    nurse_consent = Consent.objects.get(episode=care.family, relations__team=care.nurse_team)
    args = ids.values | {"person_id": ids.values["person_id"]}
    routes = {p.name: str(p.pattern) for p in care_urls.urlpatterns}
    data_ids = {
        "coalition": care.coalition.pk,
        "municipality": care.family.municipality_id,
        "instrument_id": str(ids.values["instrument_id"]),
        "roos": str(care.family.persons.get(role=PersonRole.PARENT).public_id),
    }
    missing: list[str] = []
    for step in _steps(data_ids):
        client.force_login(_user(care, step.persona))
        if step.name.startswith("/"):
            url = "/api/v1/zorg" + step.name.replace("{public_id}", str(care.family.public_id))
            bound = True
        else:
            route = routes[step.name]
            kwargs = {k: v for k, v in args.items() if f"<uuid:{k}>" in route}
            if step.name == "parent_consent_withdraw":
                kwargs["consent_id"] = nurse_consent.public_id  # Roos gave it; the extra one is the midwife's
            url = reverse(f"care:{step.name}", kwargs=kwargs)
            bound = family_bound(route, step.name)
        before = AccessLogEntry.objects.count()
        response = client.get(url) if step.method == "GET" else client.post(url, step.data)
        where = f"{step.method} {step.name} as {step.persona}"
        assert response.status_code in (200, 302, 422), f"{where}: not exercised ({response.status_code})"
        must_log = bound if step.must_log is None else step.must_log
        if must_log and AccessLogEntry.objects.count() == before:
            missing.append(f"{where} ({response.status_code}) wrote no access-log entry")
    assert not missing, "\n".join(missing)
