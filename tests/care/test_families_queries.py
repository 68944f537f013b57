"""Issue 12 for "Mijn gezinnen" (/zorg/): every page in at most 10 queries — the whole request, from the
session to the access-log entry; the first page of a session, later pages and filtered pages alike — with
more families than a page holds and a parent, child, level decisions and open requests on each, so a
query per row would show. And what the cut must not change: each page writes ONE search entry naming
exactly the families it shows, in an intact chain; a name, date or level shows only where the team's
basis covers it.

The bound counts every statement, the transaction's own included (BEGIN/COMMIT, or SAVEPOINT/RELEASE
inside a test's transaction), as tests/care/test_worklist_queries.py does.
"""

from __future__ import annotations

import re
from datetime import timedelta
from uuid import UUID

import pytest
from django.db import connection
from django.db.models import F
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kansrijk.care.accesslog_verify import verify
from kansrijk.care.categories import ALL_CATEGORIES
from kansrijk.care.context import parent_context
from kansrijk.care.models import (
    AccessEvent,
    AccessLogEntry,
    CareRelation,
    CareTeam,
    ChainHead,
    ConsentMethod,
    ConsentText,
    CorrectionRequest,
    CorrectionStatus,
    Episode,
    EpisodeStage,
    LevelDecision,
    PersonRole,
)
from kansrijk.care.selectors.families import PAGE_SIZE, level_label, worklist
from kansrijk.care.services.consent import consent_record
from kansrijk.care.services.episodes import PersonData, child_add, family_register
from kansrijk.care.services.teams import team_member_add
from tests.care.personas import CareCast
from tests.system import TESTS

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
MAX_QUERIES = 10
FAMILIES = PAGE_SIZE + 5  # with the cast's own two: 32 for the midwife, two pages (25 and 7)


def _families(care: CareCast) -> list[Episode]:
    """FAMILIES more families of the midwife, all shared with the JGZ team Noord by consent: the even ones
    with names, every third one with the level. Every third child is born; the even ones have two level
    decisions (the later one counts), every fourth an open request to the midwife's team (and a handled
    one that must not count)."""
    ctx = care.ctx(care.midwife)
    text = ConsentText.objects.order_by("-version").first()
    assert text is not None
    episodes = []
    for i in range(FAMILIES):
        episode = family_register(
            ctx, coalition=care.coalition, municipality=care.family.municipality, stage=EpisodeStage.PREGNANT,
            due_date=TODAY() + timedelta(days=30 + i),
            persons=[PersonData(role=PersonRole.PARENT, given_name=f"Ouder{i:02d}", family_name="Lijst")],
            is_synthetic=i % 2 == 0,
        )  # fmt: skip
        parent = episode.persons.get(role=PersonRole.PARENT)
        categories = ["sociaal"]
        if i % 2 == 0:
            categories.append("identificatie")
        if i % 3 == 0:
            categories.append("niveau")
        consent_record(
            ctx, episode_id=episode.public_id, subject=parent, given_by=parent, receiving_team=care.nurse_team,
            categories=categories, purpose="verwijzing", given_on=TODAY(), method=ConsentMethod.SPOKEN, text=text,
        )  # fmt: skip
        if i % 3 == 0:
            child_add(
                ctx, episode_id=episode.public_id, given_name=f"Kind{i:02d}", family_name="Lijst",
                birth_date=TODAY() - timedelta(days=i + 1),
            )  # fmt: skip
        if i % 2 == 0:
            for level, days in (("basis", 10), ("kwetsbaar", 40 + i)):
                LevelDecision.objects.create(
                    episode=episode, proposed_level=level, level=level, decided_with_client=True,
                    organisation=care.midwifery, decided_by=care.midwife,
                    reassess_on=TODAY() + timedelta(days=days),
                )  # fmt: skip
        if i % 4 == 0:
            for status in (CorrectionStatus.OPEN, CorrectionStatus.OPEN, CorrectionStatus.DONE):
                CorrectionRequest.objects.create(
                    episode=episode, person=parent, team=care.midwife_team, text="Klopt niet", status=status
                )
        episodes.append(episode)
    return episodes


@pytest.fixture
def busy(care: CareCast) -> CareCast:
    _families(care)
    return care


def _counted(client: Client, url: str) -> tuple[int, str, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response.content.decode(), [q["sql"] for q in captured.captured_queries]


def _rows(body: str) -> int:
    return max(body.count('<tr class="utrecht-table__row">') - 1, 0)  # minus the header row


def _family_links(body: str) -> list[str]:
    """The families the page links (their family page), in the order shown."""
    zero = str(UUID(int=0))
    before, after = reverse("care:family", args=[zero]).split(zero)
    pattern = 'href="' + re.escape(before) + r"([0-9a-f-]{36})" + re.escape(after) + '"'
    return list(dict.fromkeys(re.findall(pattern, body)))


# (who, url query, rows on the page): the midwife has the cast's two families and the FAMILIES more (a
# third of those born); the nurse sees the FAMILIES by consent, names of the even ones only, so her name
# search finds those only.
PAGES = [
    ("midwife", "", PAGE_SIZE),  # the first page of the session
    ("midwife", "?pagina=2", FAMILIES + 2 - PAGE_SIZE),
    ("midwife", "?fase=zwanger", FAMILIES + 2 - 10),
    ("midwife", "?zoek=Lijst", PAGE_SIZE),
    ("midwife", "?zoek=lijst&pagina=2", FAMILIES - PAGE_SIZE),
    ("midwife", "?fase=geboren&zoek=ouder", 10),
    ("midwife", "?pagina=9", FAMILIES + 2 - PAGE_SIZE),  # past the end: the last page
    ("midwife", "?zoek=Nergens", 0),
    ("midwife", "", PAGE_SIZE),
    ("nurse", "", PAGE_SIZE),  # the first page of the session
    ("nurse", "?pagina=2", FAMILIES - PAGE_SIZE),
    ("nurse", "?fase=zwanger", 20),
    ("nurse", "?zoek=Lijst", 15),
    ("nurse", "?fase=geboren&zoek=lijst", 5),
    ("nurse", "?zoek=Ouder01", 0),  # a name her basis does not cover is not searched
]


@pytest.mark.parametrize("who", ["midwife", "nurse"])
def test_every_worklist_page_in_at_most_10_queries(busy: CareCast, who: str) -> None:
    client = Client()
    client.force_login(getattr(busy, who))  # a new session: its first page is the worklist
    url = reverse("care:worklist")
    for _who, query, rows in (p for p in PAGES if p[0] == who):
        n, body, statements = _counted(client, url + query)
        assert _rows(body) == rows, query
        assert n <= MAX_QUERIES, f"{who} {query or '(first page)'}: {n} queries\n" + "\n".join(statements)


def test_a_professional_in_two_teams_gets_the_team_switch_within_the_bound(busy: CareCast) -> None:
    team_member_add(team=busy.colleague_team, user=busy.nurse, actor=TESTS)  # Noord and Zuid
    client = Client()
    client.force_login(busy.nurse)
    n, body, statements = _counted(client, reverse("care:worklist") + "?pagina=2")
    assert 'name="team"' in body and "Zuid (JGZ Zorgtest)" in body
    assert _rows(body) == FAMILIES - PAGE_SIZE  # still team Noord's families
    assert n <= MAX_QUERIES, f"{n} queries\n" + "\n".join(statements)


def _expected_order(user_team: CareTeam) -> list[str]:
    """The visible families in the worklist's order (open first, by due date, newest first)."""
    relations = CareRelation.objects.filter(team=user_team, ended_at__isnull=True)
    episodes = Episode.objects.filter(pk__in=relations.values("episode_id")).order_by(
        "-status", F("due_date").asc(nulls_last=True), "-created_at"
    )
    return [str(e) for e in episodes.values_list("public_id", flat=True)]


def _searches() -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(event=AccessEvent.SEARCH).order_by("pk"))


def test_each_page_writes_one_search_entry_naming_exactly_the_families_shown(busy: CareCast) -> None:
    client = Client()
    client.force_login(busy.midwife)
    url = reverse("care:worklist")
    ordered = _expected_order(busy.midwife_team)
    assert len(ordered) == FAMILIES + 2
    before = len(_searches())
    pages = [
        ("", ordered[:PAGE_SIZE], {"fase": "", "zoeken": False, "pagina": 1}),
        ("?pagina=2", ordered[PAGE_SIZE:], {"fase": "", "zoeken": False, "pagina": 2}),
        ("?fase=zwanger&zoek=Ouder", None, {"fase": "zwanger", "zoeken": True, "pagina": 1}),
    ]
    bodies = [client.get(url + query).content.decode() for query, _shown, _detail in pages]
    entries = _searches()[before:]
    assert len(entries) == len(pages)
    for entry, body, (query, shown, detail) in zip(entries, bodies, pages, strict=True):
        links = _family_links(body)
        if shown is not None:
            assert links == shown, query  # the page shows those families, in that order
        assert sorted(entry.episodes) == sorted(links), query
        assert entry.action == "gezinnen.lijst" and entry.basis == "relaties van het team"
        assert entry.chain == f"lijst:{busy.midwifery.pk}" and entry.team_label == "Praktijk Oost"
        assert entry.user_id == busy.midwife.pk and entry.episode_id is None
        assert entry.detail == {"categorieen": ["identificatie", "niveau"], **detail}, query
        assert "ouder" not in str(entry.detail).lower()  # never the words searched for
    assert len(_family_links(bodies[2])) == FAMILIES - 10  # the pregnant ones of the FAMILIES
    # Appended one after the other; the head stands at the last; verify recomputes every MAC.
    for earlier, later in zip(entries, entries[1:], strict=False):
        assert later.seq == earlier.seq + 1 and later.prev_mac == earlier.mac
    head = ChainHead.objects.get(chain=entries[-1].chain)
    assert (head.seq, head.mac) == (entries[-1].seq, entries[-1].mac)
    result = verify(processes=1)
    assert result.ok, result.breaks


def test_each_row_shows_only_what_the_team_s_basis_covers(busy: CareCast) -> None:
    """The nurse sees the families by consent: names and dates only with identification, the level only
    with "niveau"; the open requests are the midwife team's, not hers."""
    for who, team in (("midwife", busy.midwife_team), ("nurse", busy.nurse_team)):
        ctx = busy.ctx(getattr(busy, who))
        rows = [row for number in (1, 2) for row in worklist(ctx, page_number=number).rows]
        assert [str(r.episode.public_id) for r in rows] == _expected_order(team)
        for row in rows:
            episode = row.episode
            relation = CareRelation.objects.get(team=team, episode=episode, ended_at__isnull=True)
            categories = (
                frozenset(relation.consent.categories) if relation.consent is not None else ALL_CATEGORIES
            )
            assert row.categories == categories
            parent = episode.persons.filter(role=PersonRole.PARENT).order_by("created_at").first()
            child = episode.persons.filter(role=PersonRole.CHILD).order_by("created_at").first()
            decision = episode.level_decisions.order_by("-created_at").first()
            ident, level = "identificatie" in categories, "niveau" in categories
            assert row.name == (str(parent) if ident and parent else "")
            assert row.due_date == (episode.due_date if ident else None)
            assert row.birth_date == (child.birth_date if ident and child else None)
            assert row.level == (level_label(decision.level) if level and decision else "")
            assert row.reassess_on == (decision.reassess_on if level and decision else None)
            assert (
                row.open_corrections
                == CorrectionRequest.objects.filter(
                    episode=episode, team=team, status=CorrectionStatus.OPEN
                ).count()
            )
        shown = [r for r in rows if r.name]
        assert shown and (who == "midwife") == (len(shown) == len(rows))
        assert any(r.level for r in rows) and any(r.open_corrections for r in rows) == (who == "midwife")
    client = Client()
    client.force_login(busy.nurse)
    for query in ("", "?pagina=2"):
        page = client.get(reverse("care:worklist") + query).content.decode()
        assert re.search(r"Ouder\d[02468]", page) and "Gezin (naam niet gedeeld)" in page
        assert not re.search(r"Ouder\d[13579]", page)  # the consents of the odd ones hold no names


def test_outsiders_see_nothing_and_name_no_family(busy: CareCast) -> None:
    url = reverse("care:worklist") + "?zoek=Lijst"
    for who in ("colleague", "social_worker"):  # another team of JGZ; an organisation without relation
        client = Client()
        client.force_login(getattr(busy, who))
        for query in ("", "?zoek=Lijst"):
            n, body, _statements = _counted(client, reverse("care:worklist") + query)
            assert _rows(body) == 0 and "Ouder" not in body and n <= MAX_QUERIES
            entry = _searches()[-1]
            assert entry.user_id == getattr(busy, who).pk and entry.episodes == []
    for who in ("coordinator", "org_admin", "national", "parent"):
        client = Client()
        client.force_login(getattr(busy, who))
        assert client.get(url).status_code == 404, who
    with pytest.raises(Http404):
        worklist(parent_context(busy.parent))
