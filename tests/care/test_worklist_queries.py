"""Issue 12: every worklist page in at most 10 queries — the whole request, from the session to the log
entry, the first page of a session and filtered pages included — with more rows than a page, so a query
per row would show. And what the cuts must not change: one search entry per page naming exactly the
families shown, in an intact chain, also when someone else appended to the chain in between.

The bound counts what the benchmark counts (benchmarks/care_referrals.py): every statement, the
transaction's own included (BEGIN/COMMIT there, SAVEPOINT/RELEASE inside a test's transaction).
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kansrijk.care.accesslog import SeenHead, log_access
from kansrijk.care.accesslog_verify import verify
from kansrijk.care.categories import Purpose
from kansrijk.care.context import AccessContext
from kansrijk.care.models import (
    AccessEvent,
    AccessLogEntry,
    ChainHead,
    ConsentMethod,
    ConsentText,
    Episode,
    EpisodeStage,
    HomeVisit,
    LevelDecision,
    PersonRole,
    Referral,
    VisitStatus,
)
from kansrijk.care.selectors.worklists import PAGE_SIZE
from kansrijk.care.services.consent import consent_record
from kansrijk.care.services.episodes import PersonData, family_register
from kansrijk.care.services.referrals import referral_create, referral_send
from kansrijk.care.services.teams import team_member_add
from kansrijk.care.views._common import SESSION_TEAM
from tests.care.personas import CareCast
from tests.concurrency import run_together
from tests.system import TESTS

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
MAX_QUERIES = 10
FAMILIES = PAGE_SIZE + 5  # two pages: 25 rows and 5

# (who, list, a filter that keeps every row): the midwife's team sent every referral and plans every
# visit; the social team receives every referral (names sent with it).
LISTS = [
    ("midwife", "care:worklist_sent", "thema=financien"),
    ("midwife", "care:worklist_overdue", "kant=verwijzer"),
    ("midwife", "care:worklist_reassess", "wanneer=te-laat"),
    ("midwife", "care:worklist_visits", "status=aangeboden"),
    ("social_worker", "care:worklist_waiting", "status=verstuurd"),
    ("social_worker", "care:worklist_overdue", "kant=ontvanger"),
]


def _families(care: CareCast) -> list[Episode]:
    """FAMILIES families of the midwife, each with a referral sent to the social team (with the parent's
    consent, names included) whose first contact is overdue, a level decision to reassess (late) and a home
    visit offered without a date."""
    ctx = care.ctx(care.midwife)
    text = ConsentText.objects.order_by("-version").first()
    assert text is not None
    episodes = []
    for i in range(FAMILIES):
        episode = family_register(
            ctx, coalition=care.coalition, municipality=care.family.municipality, stage=EpisodeStage.PREGNANT,
            due_date=TODAY() + timedelta(days=100),
            persons=[PersonData(role=PersonRole.PARENT, given_name=f"Ouder{i:02d}", family_name="Lijst")],
            is_synthetic=True,
        )  # fmt: skip
        parent = episode.persons.get(role=PersonRole.PARENT)
        consent_record(
            ctx, episode_id=episode.public_id, subject=parent, given_by=parent, receiving_team=None,
            receiving_organisation=care.social,
            categories=["identificatie", "niveau", "sociaal", "overdracht"],
            purpose=Purpose.REFERRAL, given_on=TODAY(), method=ConsentMethod.SPOKEN, text=text,
        )  # fmt: skip
        referral = referral_create(
            ctx, episode_id=episode.public_id, need="financien", receiving_team=care.social_team,
            reason="Schulden", message="Graag contact.",
        )  # fmt: skip
        referral_send(ctx, referral_id=referral.public_id, version=referral.version)
        LevelDecision.objects.create(
            episode=episode, proposed_level="kwetsbaar", level="kwetsbaar", decided_with_client=True,
            organisation=care.midwifery, decided_by=care.midwife, reassess_on=TODAY() - timedelta(days=1),
        )  # fmt: skip
        HomeVisit.objects.create(
            episode=episode, organisation=care.midwifery, team=care.midwife_team, status=VisitStatus.OFFERED
        )
        episodes.append(episode)
    Referral.objects.filter(episode__in=episodes).update(due_on=TODAY() - timedelta(days=2))
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
    return body.count('<tr class="utrecht-table__row">') - 1  # minus the header row


@pytest.mark.parametrize(("who", "name", "query"), LISTS)
def test_every_list_page_in_at_most_10_queries(busy: CareCast, who: str, name: str, query: str) -> None:
    client = Client()
    client.force_login(getattr(busy, who))  # a new session: the first page is this list
    url = reverse(name)
    pages = [
        ("first page of the session", url, PAGE_SIZE),
        ("page 2", url + "?pagina=2", FAMILIES - PAGE_SIZE),
        ("filtered, page 2", f"{url}?{query}&pagina=2", FAMILIES - PAGE_SIZE),
        ("filtered, page 1", f"{url}?{query}", PAGE_SIZE),
        ("page 1 again", url, PAGE_SIZE),
    ]
    for label, page_url, rows in pages:
        n, body, statements = _counted(client, page_url)
        assert _rows(body) == rows, (label, page_url)
        assert n <= MAX_QUERIES, f"{label} {page_url}: {n} queries\n" + "\n".join(statements)


def test_an_empty_list_and_a_page_past_the_end_stay_within_the_bound(busy: CareCast) -> None:
    client = Client()
    client.force_login(busy.social_worker)
    for url in (reverse("care:worklist_visits"), reverse("care:worklist_waiting") + "?pagina=9"):
        n, body, statements = _counted(client, url)
        assert n <= MAX_QUERIES, f"{url}: {n} queries\n" + "\n".join(statements)
    assert "Pagina 2 van 2" in body  # past the end: the last page


def _searches() -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(event=AccessEvent.SEARCH).order_by("pk"))


def test_each_page_writes_one_search_entry_naming_the_families_shown_in_an_intact_chain(
    busy: CareCast,
) -> None:
    client = Client()
    client.force_login(busy.social_worker)
    url = reverse("care:worklist_waiting")
    # The order of the list: first due first, then sent first (all due the same day here).
    ordered = list(
        Referral.objects.filter(receiving_team=busy.social_team)
        .order_by("due_on", "sent_at", "pk")
        .values_list("episode__public_id", flat=True)
    )
    before = len(_searches())
    first = client.get(url).content.decode()
    second = client.get(url + "?pagina=2&thema=financien").content.decode()
    entries = _searches()[before:]
    assert len(entries) == 2
    for entry, shown, body, page in (
        (entries[0], ordered[:PAGE_SIZE], first, 1),
        (entries[1], ordered[PAGE_SIZE:], second, 2),
    ):
        assert entry.action == "werklijst.binnengekomen" and entry.team_label == "Wijk"
        assert entry.chain == f"lijst:{busy.social.pk}"
        assert sorted(entry.episodes) == sorted(str(e) for e in shown)
        assert entry.detail["pagina"] == page and "identificatie" in entry.detail["categorieen"]
        # The page links exactly those families (a referral's link holds its family's id).
        assert {str(e) for e in ordered if str(e) in body} == {str(e) for e in shown}
    assert entries[1].detail["thema"] == "financien"
    # Appended one after the other; the head stands at the last; verify recomputes every MAC.
    assert entries[1].seq == entries[0].seq + 1 and entries[1].prev_mac == entries[0].mac
    head = ChainHead.objects.get(chain=entries[1].chain)
    assert (head.seq, head.mac) == (entries[1].seq, entries[1].mac)
    result = verify(processes=1)
    assert result.ok, result.breaks


def test_a_head_that_moved_since_it_was_read_falls_back_to_the_locked_append(busy: CareCast) -> None:
    ctx = busy.ctx(busy.social_worker)
    client = Client()
    client.force_login(busy.social_worker)
    client.get(reverse("care:worklist_waiting"))  # the organisation's list chain exists
    chain = f"lijst:{busy.social.pk}"
    seen = ChainHead.objects.get(chain=chain)
    client.get(reverse("care:worklist_overdue"))  # someone appends after `seen` was read
    with transaction.atomic():
        stale = SeenHead(chain=chain, seq=seen.seq, mac=seen.mac)
        entry = log_access(ctx, event=AccessEvent.SEARCH, action="test.laat", basis="test", head=stale)
    assert entry.seq == seen.seq + 2
    assert entry.prev_mac == AccessLogEntry.objects.get(chain=chain, seq=seen.seq + 1).mac
    # A head of another chain is never used for this one.
    other = SeenHead(chain="lijst:0", seq=entry.seq, mac=entry.mac)
    with transaction.atomic():
        nxt = log_access(ctx, event=AccessEvent.SEARCH, action="test.ander", basis="test", head=other)
    assert (nxt.seq, nxt.prev_mac) == (entry.seq + 1, entry.mac)
    # A chain nobody wrote yet, its (absent) head read as seq 0: created by the compare-and-set.
    family = busy.family
    with transaction.atomic():
        first = log_access(
            ctx, event=AccessEvent.READ, action="test.nieuw", basis="test", episode_id=family.public_id,
            head=SeenHead(chain=f"gezin:{family.public_id}", seq=0, mac=""),
        )  # fmt: skip
    assert first.seq == AccessLogEntry.objects.filter(chain=first.chain).count()
    assert verify(processes=1).ok


def test_the_first_page_stores_no_team_and_a_chosen_team_is_remembered(busy: CareCast) -> None:
    team_member_add(team=busy.colleague_team, user=busy.nurse, actor=TESTS)  # Noord and Zuid
    client = Client()
    client.force_login(busy.nurse)
    url = reverse("care:worklist_waiting")
    assert "Voor team Noord" in client.get(url).content.decode()  # the first of her teams
    assert SESSION_TEAM not in client.session
    chosen = client.get(url + f"?team={busy.colleague_team.public_id}").content.decode()
    assert "Voor team Zuid" in chosen and client.session[SESSION_TEAM] == str(busy.colleague_team.public_id)
    assert "Voor team Zuid" in client.get(url).content.decode()
    # A team that is not hers changes nothing stored (and shows her first team, as before).
    assert "Voor team Noord" in client.get(url + f"?team={busy.social_team.public_id}").content.decode()
    assert client.session[SESSION_TEAM] == str(busy.colleague_team.public_id)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_list_pages_of_one_organisation_at_once_keep_the_chain_intact(committed: CareCast) -> None:
    """The hard interleaving: B read the head before A appended, and reaches its compare-and-set while A
    has not committed; on PostgreSQL it waits for A's row lock, finds the head moved and appends after A
    under the lock. (SQLite serialises writers: B simply comes after A with the head it read.)"""
    care = committed
    a_ctx, b_ctx = care.ctx(care.nurse), care.ctx(care.colleague)  # two teams of JGZ: one list chain
    chain = f"lijst:{care.jgz.pk}"
    with transaction.atomic():
        log_access(a_ctx, event=AccessEvent.SEARCH, action="test.begin", basis="test")
    start = ChainHead.objects.get(chain=chain)
    seen = SeenHead(chain=chain, seq=start.seq, mac=start.mac)
    written: dict[str, AccessLogEntry] = {}

    def append(name: str, ctx: AccessContext) -> None:
        written[name] = log_access(ctx, event=AccessEvent.SEARCH, action=f"test.{name}", basis="t", head=seen)

    if connection.vendor == "postgresql":
        a_written, b_started = threading.Event(), threading.Event()

        def a() -> None:
            try:
                with transaction.atomic():
                    append("a", a_ctx)
                    a_written.set()
                    b_started.wait(timeout=10)
                    time.sleep(0.5)  # let B reach the compare-and-set and wait on the row lock
            finally:
                connection.close()

        def b() -> None:
            try:
                a_written.wait(timeout=10)
                b_started.set()
                with transaction.atomic():
                    append("b", b_ctx)
            finally:
                connection.close()

        run_together(a, b)
    else:
        for name, ctx in (("a", a_ctx), ("b", b_ctx)):
            with transaction.atomic():
                append(name, ctx)
    assert (written["a"].seq, written["b"].seq) == (start.seq + 1, start.seq + 2)
    assert written["b"].prev_mac == written["a"].mac
    head = ChainHead.objects.get(chain=chain)
    assert (head.seq, head.mac) == (written["b"].seq, written["b"].mac)
    assert verify(processes=1).ok
