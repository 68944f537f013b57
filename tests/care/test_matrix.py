"""The role × action matrix of the care layer (issue 11, "Done means"): every URL pattern of the care app
and every /api/v1/zorg route, GET and (for write views) POST, for every persona — and no leak anywhere.

The table below is explicit: per URL name and method, the personas that may use it and the status they
get. Everyone not listed is denied: a 404 (a 403 only where a cell says so), the login page for an
anonymous visitor, a 401 from the API. A denied response never contains the family's names.

One test per persona (the database state differs: the nurse before consent, with it, after withdrawal);
each walks the whole table with a fresh cast. POSTs without valid data only show the form again, so they
change nothing (a field no form knows, so forms are bound and invalid); the few POSTs that do change something (withdraw, end, remove) come last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from kansrijk.api.zorg import router as zorg_router
from kansrijk.care import urls as care_urls
from kansrijk.care.context import parent_context, professional_context
from kansrijk.care.models import Consent, Instrument, LegalBasisKind, PersonRole
from kansrijk.care.services.consent import consent_withdraw, legal_basis_invoke
from kansrijk.care.services.corrections import correction_request
from kansrijk.care.services.screening import screening_start
from kansrijk.care.services.teams import team_create
from kansrijk.care.services.visits import visit_offer
from tests.care.personas import CareCast, _professional
from tests.system import TESTS

pytestmark = pytest.mark.django_db

NAMES = re.compile(r"\bReuring\b|\bRoos\b")
LOGIN = "login"  # an anonymous visitor is sent to the login page

PERSONAS = [
    "midwife",  # the caring team (the family's own relation)
    "colleague",  # JGZ, other team of the same organisation
    "social_worker",  # another partner, no care relation
    "nurse_before",  # JGZ team Noord before consent
    "nurse_consent",  # … with consent (identificatie, screening, niveau, sociaal)
    "nurse_withdrawn",  # … after the parent withdrew it
    "org_admin",
    "log_manager",
    "coordinator",
    "national",
    "platform_admin",
    "other_parent",
    "parent",
    "anonymous",
]
# Who may see the Reuring family's names at all (and only in cells where they are allowed).
SEES_NAMES = {"midwife", "nurse_consent", "parent"}
PROFESSIONALS = {"midwife", "colleague", "social_worker", "nurse_before", "nurse_consent", "nurse_withdrawn"}
FAMILY_TEAM = {"midwife", "nurse_consent"}  # who reaches the family (own relation / consent)


def _each(personas: set[str], status: int) -> dict[str, int]:
    return dict.fromkeys(personas, status)


# URL name → method → {persona: status}. Not listed: denied (404; login for anonymous pages).
# 422: a form sent without valid data, shown again (the persona may use the view).
EXPECT: dict[str, dict[str, dict[str, int]]] = {
    "worklist": {"GET": _each(PROFESSIONALS, 200)},  # others' worklists are empty (no names: asserted)
    "family_register": {"GET": _each(PROFESSIONALS, 200), "POST": _each(PROFESSIONALS, 422)},
    "family": {"GET": _each(FAMILY_TEAM, 200)},
    "person_edit": {"GET": _each(FAMILY_TEAM, 200), "POST": _each(FAMILY_TEAM, 422)},
    "child_add": {"GET": _each(FAMILY_TEAM, 200), "POST": _each(FAMILY_TEAM, 422)},
    "family_close": {"GET": _each(FAMILY_TEAM, 200), "POST": _each(FAMILY_TEAM, 422)},
    "share": {"GET": _each(FAMILY_TEAM, 200), "POST": _each(FAMILY_TEAM, 422)},
    "legal_basis": {"POST": _each(FAMILY_TEAM, 422)},
    "correction_answer": {"POST": {"midwife": 422}},  # addressed to the responsible team only
    "parent_invite": {"POST": _each(FAMILY_TEAM, 302)},  # sent, or refused with a message
    "screening_start": {"GET": _each(FAMILY_TEAM, 200), "POST": _each(FAMILY_TEAM, 422)},
    "screening": {"GET": {"midwife": 200}, "POST": {"midwife": 302}},  # a concept: its own team only
    "screening_fhir": {"GET": {"midwife": 200}},
    # Only the JGZ offers a visit: the midwife sees the family but is refused (403). The form has only
    # an optional date, so the nurse's POST offers one (302).
    "visit_offer": {
        "GET": {"nurse_consent": 200, "midwife": 403},
        "POST": {"nurse_consent": 302, "midwife": 403},
    },
    # Team West's visit: medical data, so not for the nurse (her consent has no "medisch", and another
    # team's record in the same organisation is not hers). The midwife reads it, cannot change it (422).
    "visit": {"GET": {"midwife": 200}, "POST": {"midwife": 422}},
    "level": {"GET": _each(FAMILY_TEAM, 200), "POST": _each(FAMILY_TEAM, 422)},
    "instruments": {"GET": {"platform_admin": 200}},
    "instrument_upload": {"GET": {"platform_admin": 200}, "POST": {"platform_admin": 422}},
    "instrument": {"GET": {"platform_admin": 200}},
    "instrument_fhir": {"GET": {"platform_admin": 200}},
    "log": {"GET": {"log_manager": 200}},
    "parent_view": {"GET": {"parent": 200, "other_parent": 200}},  # each their own family
    "parent_family": {"GET": {"parent": 200}},
    "parent_correction": {"POST": {"parent": 422}},
    # Configuration, no family: a 403 for anyone who administers no organisation.
    "teams": {
        "GET": {"org_admin": 200, "platform_admin": 200}
        | _each(set(PERSONAS) - {"org_admin", "platform_admin", "anonymous"}, 403)
    },
    "team_create": {"POST": {"org_admin": 422}},  # JGZ has its own admin: not the platform admin's
    "team_member_add": {"POST": {"org_admin": 422}},
    # The changing POSTs, last (the walk follows this order).
    "consent_withdraw": {"POST": {"midwife": 302, "nurse_consent": 302}},  # nurse: refused, message
    "legal_basis_end": {"POST": {"midwife": 302, "nurse_consent": 302}},
    "parent_consent_withdraw": {"GET": {"parent": 200}, "POST": {"parent": 302}},
    "team_member_remove": {"POST": {"org_admin": 302}},
}

# API path (as in the router) → {persona: status}; anonymous 401, others 404.
API_EXPECT: dict[str, dict[str, int]] = {
    "/gezinnen": _each(PROFESSIONALS, 200),
    "/gezinnen/{public_id}": _each(FAMILY_TEAM, 200),
    "/gezinnen/{public_id}/toestemmingen": _each(FAMILY_TEAM, 200),
    "/mijn-gegevens": {"parent": 200, "other_parent": 200},
    "/mijn-gegevens?gezin={public_id}": {"parent": 200},
}


@dataclass
class Ids:
    """Real ids of the cast's objects, for reversing every URL."""

    values: dict[str, Any]

    def args(self, route: str) -> dict[str, Any]:
        return {k: v for k, v in self.values.items() if f"<uuid:{k}>" in route}


def _setup(care: CareCast, persona: str) -> Ids:
    """A screening, a correction request, a consent and a legal basis (to two extra social teams with
    no persona in them, so no persona's access changes), then the persona's own state."""
    midwife = care.ctx(care.midwife)
    instrument = Instrument.objects.filter(is_active=True).order_by("key").first()
    assert instrument is not None
    screening = screening_start(midwife, episode_id=care.family.public_id, instrument_id=instrument.public_id)
    roos = care.family.persons.get(role=PersonRole.PARENT)
    rik = care.family.persons.get(role=PersonRole.PARTNER)
    correction = correction_request(
        parent_context(care.parent), episode_id=care.family.public_id, person=roos, text="Mijn adres."
    )
    debts = team_create(organisation=care.social, name="Schuldhulp", actor=TESTS)
    youth = team_create(organisation=care.social, name="Jeugd", actor=TESTS)
    saved = care.nurse_team
    care.nurse_team = debts  # share_with_nurse shares with `nurse_team`: reuse it for the extra team
    extra = care.share_with_nurse()
    care.nurse_team = saved
    assert isinstance(extra, Consent)
    basis = legal_basis_invoke(
        midwife,
        episode_id=care.family.public_id,
        kind=LegalBasisKind.STATUTORY_TASK,
        receiving_team=youth,
        categories=["identificatie"],
        reason="Wettelijke taak jeugd.",
    )
    # A home visit by a third JGZ team (West, same organisation as the nurse and the colleague): only
    # the JGZ offers visits, and it must not open the family to the other JGZ teams.
    west = team_create(organisation=care.jgz, name="West", actor=TESTS)
    care.nurse_team = west
    care.share_with_nurse(["identificatie", "medisch"])
    care.nurse_team = saved
    visit = visit_offer(
        professional_context(_professional("jgz-west@zorgtest.nl", west), team=west),
        episode_id=care.family.public_id,
    )
    if persona in ("nurse_consent", "nurse_withdrawn"):
        consent = care.share_with_nurse()
        assert isinstance(consent, Consent)
        if persona == "nurse_withdrawn":
            consent_withdraw(parent_context(care.parent), consent=consent)
    return Ids(
        {
            "public_id": care.family.public_id,
            "episode_id": care.family.public_id,
            "person_id": rik.public_id,  # no e-mail address: an invitation is refused, not sent
            "consent_id": extra.public_id,
            "basis_id": basis.public_id,
            "correction_id": correction.public_id,
            "screening_id": screening.public_id,
            "visit_id": visit.public_id,
            "organisation_id": care.jgz.public_id,
            "team_id": care.nurse_team.public_id,
            "user_id": care.nurse.public_id,
            "instrument_id": instrument.public_id,
        }
    )


def _user(care: CareCast, persona: str) -> Any:
    return getattr(care, persona.split("_")[0] if persona.startswith("nurse") else persona)


def _denied(persona: str, api: bool = False) -> int | str:
    if persona == "anonymous":
        return 401 if api else LOGIN
    return 404


def _status(response: Any) -> int | str:
    if response.status_code == 302 and response.get("Location", "").startswith(settings.LOGIN_URL):
        return LOGIN
    return int(response.status_code)


def _check(
    cells: list[str], where: str, persona: str, expected: int | str, response: Any, names_ok: bool
) -> None:
    got = _status(response)
    if got != expected:
        cells.append(f"{where} as {persona}: expected {expected}, got {got}")
    body = response.content.decode(errors="replace")
    if not names_ok and NAMES.search(body):
        cells.append(f"{where} as {persona}: the family's names in the response ({got})")


# Parts with their own persona × route matrix (same personas, same rules), listed here so that a new URL
# without any matrix still fails this test.
def covered_elsewhere() -> dict[str, str]:
    from tests.care.test_matrix_referrals import EXPECT as REFERRAL_EXPECT  # it imports this module

    return {
        **dict.fromkeys(REFERRAL_EXPECT, "tests/care/test_matrix_referrals.py"),
        **OTHER_MATRICES,
    }


OTHER_MATRICES: dict[str, str] = {
    **dict.fromkeys(
        [
            "worklists",
            "worklist_waiting",
            "worklist_sent",
            "worklist_overdue",
            "worklist_reassess",
            "worklist_visits",
        ],
        "tests/care/test_worklists_matrix.py",
    ),
    **dict.fromkeys(
        ["clients", "client_create", "client_revoke", "organisation_identifiers"],
        "tests/care/test_clients.py",
    ),
}


def test_the_table_covers_every_url_pattern_and_api_route() -> None:
    names = {p.name for p in care_urls.urlpatterns}
    covered = set(EXPECT) | set(covered_elsewhere())
    assert names == covered, f"not in the matrix: {names - covered}; stale: {covered - names}"
    paths = set(zorg_router.path_operations)
    assert paths == {p.split("?")[0] for p in API_EXPECT}, paths


@pytest.mark.parametrize("persona", PERSONAS)
def test_matrix(client: Client, care: CareCast, persona: str) -> None:
    ids = _setup(care, persona)
    if persona != "anonymous":
        client.force_login(_user(care, persona))
    routes = {p.name: str(p.pattern) for p in care_urls.urlpatterns}
    failures: list[str] = []
    for name, methods in EXPECT.items():
        url = reverse(f"care:{name}", kwargs=ids.args(routes[name]))
        for method in ("GET", "POST"):
            if method not in methods:
                continue
            expected = methods[method].get(persona, _denied(persona))
            response = (
                client.get(url) if method == "GET" else client.post(url, {"matrix": "1"})
            )  # non-empty: the form is bound
            allowed = expected not in (404, 403, 401, LOGIN)
            _check(
                failures, f"{method} {name}", persona, expected, response, allowed and persona in SEES_NAMES
            )
    for path, cells in API_EXPECT.items():
        url = "/api/v1/zorg" + path.replace("{public_id}", str(care.family.public_id))
        expected = cells.get(persona, _denied(persona, api=True))
        names_ok = persona in SEES_NAMES and expected == 200
        _check(failures, f"API {path}", persona, expected, client.get(url), names_ok)
    assert not failures, "\n".join(failures)


def test_withdrawal_by_the_parent_ends_the_nurse_s_access_at_once(client: Client, care: CareCast) -> None:
    """The same nurse, same session: allowed with consent, a 404 the moment the parent withdraws."""
    consent = care.share_with_nurse()
    assert isinstance(consent, Consent)
    client.force_login(care.nurse)
    url = reverse("care:family", args=[care.family.public_id])
    assert client.get(url).status_code == 200
    consent_withdraw(parent_context(care.parent), consent=consent)
    response = client.get(url)
    assert response.status_code == 404 and not NAMES.search(response.content.decode())
    api = client.get(f"/api/v1/zorg/gezinnen/{care.family.public_id}")
    assert api.status_code == 404 and not NAMES.search(api.content.decode())


def test_another_team_s_home_visit_stays_off_the_nurse_s_family_page(client: Client, care: CareCast) -> None:
    """Regression: the family page listed every visit of the nurse's *organisation* (JGZ team West's
    visit, medical data) although her consent has no "medisch"; access is scoped to the team."""
    ids = _setup(care, "nurse_consent")
    visit = str(ids.values["visit_id"])
    url = reverse("care:family", args=[care.family.public_id])
    client.force_login(care.midwife)
    assert visit in client.get(url).content.decode()  # the family's own relation sees every visit
    client.force_login(care.nurse)
    response = client.get(url)
    assert response.status_code == 200 and visit not in response.content.decode()
