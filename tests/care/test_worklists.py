"""The professional's worklists (issue 12): referrals waiting for the team, sent by it, overdue first
contacts, reassessments due and home visits to plan. Each list shows only what the team may see (another
team of the receiving organisation, coordinators, national, admins and parents get a 404), 25 rows a page,
one search entry in the access log naming exactly the families shown, and a fixed number of queries."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kansrijk.care.models import (
    AccessEvent,
    AccessLogEntry,
    Consent,
    Episode,
    HomeVisit,
    LevelDecision,
    Referral,
    ReferralStatus,
    VisitStatus,
)
from kansrijk.care.selectors.worklists import (
    PAGE_SIZE,
    first_contacts_overdue,
    reassessments_due,
    referrals_sent,
    referrals_waiting,
    visits_to_plan,
)
from kansrijk.care.services.consent import consent_withdraw
from kansrijk.care.services.episodes import episode_close
from tests.care.personas import CareCast
from tests.care.referral_helpers import more_families, move, receiver_of, referral_in, sent_referral

pytestmark = pytest.mark.django_db
S = ReferralStatus
TODAY = timezone.localdate
LISTS = [
    "care:worklist_waiting",
    "care:worklist_sent",
    "care:worklist_overdue",
    "care:worklist_reassess",
    "care:worklist_visits",
]


def _get(client: Client, user: Any, name: str, query: str = "") -> Any:
    client.force_login(user)
    return client.get(reverse(name) + query)


def _body(client: Client, user: Any, name: str, query: str = "") -> str:
    response = _get(client, user, name, query)
    assert response.status_code == 200
    return str(response.content.decode())


def _last_search() -> AccessLogEntry:
    entry = AccessLogEntry.objects.filter(event=AccessEvent.SEARCH).order_by("-pk").first()
    assert entry is not None
    return entry


def _searches() -> int:
    return AccessLogEntry.objects.filter(event=AccessEvent.SEARCH).count()


def _overdue(referral: Referral, days: int = 3) -> None:
    Referral.objects.filter(pk=referral.pk).update(due_on=TODAY() - timedelta(days=days))


def _families(care: CareCast, n: int) -> list[Episode]:
    """`n` more families registered by the midwife (her own relation: she sees their names)."""
    return more_families(care, n, family_name="Lijst")


def _concept(care: CareCast, episode: Episode) -> Referral:
    """A concept referral row of the midwife's team (concepts need no basis yet)."""
    return Referral.objects.create(
        episode=episode, coalition=care.coalition, need="financien", sender_organisation=care.midwifery,
        sender_team=care.midwife_team, receiving_organisation=care.social, receiving_team=care.social_team,
        reason="Schulden", signalled_on=TODAY(),
    )  # fmt: skip


# --- who sees which list ---------------------------------------------------------------------------------------


def test_the_receiving_team_sees_a_waiting_referral_and_the_sender_its_state(
    client: Client, care: CareCast
) -> None:
    referral = sent_referral(care)  # midwife (Praktijk Oost) → social team Wijk, with identification
    before = _searches()
    body = _body(client, care.social_worker, "care:worklist_waiting")
    assert "Roos Reuring" in body and "Verloskunde Zorgtest" in body and "Verstuurd" in body
    assert reverse("care:referral", args=[care.family.public_id, referral.public_id]) in body
    entry = _last_search()
    assert _searches() == before + 1
    assert entry.action == "werklijst.binnengekomen" and entry.team_label == "Wijk"
    assert entry.episodes == [str(care.family.public_id)] and entry.chain.startswith("lijst:")
    assert "identificatie" in entry.detail["categorieen"]
    # The sender sees it in its own list, with the status; not in the list of referrals waiting for it.
    body = _body(client, care.midwife, "care:worklist_sent")
    assert "Roos Reuring" in body and "Sociaal Team Zorgtest" in body and "Verstuurd" in body
    body = _body(client, care.midwife, "care:worklist_waiting")
    assert "Roos Reuring" not in body and "Er wachten geen verwijzingen" in body
    assert _last_search().episodes == []
    # The tabs count the team's own lists.
    assert "Voor ons team (1)" in _body(client, care.social_worker, "care:worklist_waiting")


def test_the_receiver_sees_no_name_when_identification_was_not_sent(client: Client, care: CareCast) -> None:
    sent_referral(care, categories=["niveau", "sociaal"])
    body = _body(client, care.social_worker, "care:worklist_waiting")
    assert "Gezin (naam niet gedeeld)" in body and "Roos" not in body
    assert "identificatie" not in _last_search().detail["categorieen"]


def test_another_team_of_the_receiving_organisation_sees_nothing(client: Client, care: CareCast) -> None:
    referral = sent_referral(care, team=care.nurse_team)  # to JGZ team Noord
    _overdue(referral)
    assert "Roos Reuring" in _body(client, care.nurse, "care:worklist_waiting")
    assert "Roos Reuring" in _body(client, care.nurse, "care:worklist_overdue")
    for name in LISTS:
        body = _body(client, care.colleague, name)  # JGZ team Zuid
        assert "Roos" not in body and "(naam niet gedeeld)" not in body
        assert _last_search().episodes == []
    # The social team (a third partner) sees nothing either.
    for name in LISTS:
        assert "Roos" not in _body(client, care.social_worker, name)


@pytest.mark.parametrize(
    "persona", ["coordinator", "national", "platform_admin", "org_admin", "log_manager", "parent"]
)
def test_anyone_without_a_care_team_gets_404_on_every_list(
    client: Client, care: CareCast, persona: str
) -> None:
    sent_referral(care)
    before = AccessLogEntry.objects.count()
    for name in [*LISTS, "care:worklists"]:
        assert _get(client, getattr(care, persona), name).status_code == 404
    assert AccessLogEntry.objects.count() == before


def test_anonymous_is_sent_to_the_login(client: Client, care: CareCast) -> None:
    for name in LISTS:
        response = client.get(reverse(name))
        assert response.status_code == 302 and "login" in response["Location"]


def test_the_lists_page_leads_to_the_first_list(client: Client, care: CareCast) -> None:
    response = _get(client, care.midwife, "care:worklists")
    assert response.status_code == 302 and response["Location"] == reverse("care:worklist_waiting")


def test_access_follows_the_state_in_the_lists(client: Client, care: CareCast) -> None:
    withdrawn = referral_in(care, S.WITHDRAWN)
    body = _body(client, care.social_worker, "care:worklist_waiting")
    assert "Roos" not in body
    body = _body(client, care.midwife, "care:worklist_sent")
    assert "Ingetrokken door de verwijzer" in body
    # Accepted: no longer waiting; the receiver sees it through the care relation it got.
    accepted = referral_in(care, S.ACCEPTED)
    assert "Roos Reuring" not in _body(client, care.social_worker, "care:worklist_waiting")
    _overdue(accepted)
    body = _body(client, care.social_worker, "care:worklist_overdue")
    assert "Roos Reuring" in body and "Geaccepteerd" in body and "3 dagen te laat" in body
    assert str(withdrawn.public_id) not in body
    # The consent withdrawn: the receiving team loses even the overdue row; the sender keeps it.
    assert accepted.consent is not None
    consent_withdraw(care.ctx(care.midwife), consent=accepted.consent)
    assert "Roos" not in _body(client, care.social_worker, "care:worklist_overdue")
    assert "Roos Reuring" in _body(client, care.midwife, "care:worklist_overdue")


def test_overdue_first_contacts_on_both_sides_and_filtered_by_side(client: Client, care: CareCast) -> None:
    late = sent_referral(care)
    _overdue(late, days=1)
    on_time = sent_referral(care, need="huisvesting")  # both open: each for its own theme
    assert on_time.due_on is not None and on_time.due_on >= TODAY()
    for user in (care.midwife, care.social_worker):
        body = _body(client, user, "care:worklist_overdue")
        assert "1 dag te laat" in body and "1 verwijzing" in body
    assert "1 verwijzing" in _body(client, care.midwife, "care:worklist_overdue", "?kant=verwijzer")
    assert "Er zijn geen verwijzingen" in _body(
        client, care.midwife, "care:worklist_overdue", "?kant=ontvanger"
    )
    assert _last_search().detail["kant"] == "ontvanger"
    # The first contact ends it.
    receiver = receiver_of(care, late)
    move(receiver, late, S.RECEIVED)
    move(receiver, late, S.ACCEPTED)
    move(receiver, late, S.FIRST_CONTACT, first_contact_on=TODAY())
    assert "Er zijn geen verwijzingen" in _body(client, care.midwife, "care:worklist_overdue")


def test_filters_by_status_and_theme_and_ignores_unknown_values(client: Client, care: CareCast) -> None:
    sent_referral(care)
    # The same theme in another state: of another family (one open referral per family and theme).
    referral_in(care, S.RECEIVED, family=_families(care, 1)[0])
    body = _body(client, care.social_worker, "care:worklist_waiting", "?status=ontvangen")
    assert "1 verwijzing" in body and _last_search().detail["status"] == "ontvangen"
    body = _body(client, care.social_worker, "care:worklist_waiting")
    assert "2 verwijzingen" in body
    body = _body(client, care.midwife, "care:worklist_sent", "?thema=roken")
    assert "geen verwijzingen gemaakt" in body
    body = _body(client, care.midwife, "care:worklist_sent", "?thema=financien&status=verstuurd")
    assert "1 verwijzing" in body
    # A hand-made value is ignored: the whole list shows, the log holds only known words.
    body = _body(client, care.midwife, "care:worklist_sent", "?status=%3Cscript%3E&thema=x")
    assert "2 verwijzingen" in body and "script" not in str(_last_search().detail)


def test_reassessments_due_follow_the_latest_decision_and_the_level_basis(
    client: Client, care: CareCast
) -> None:
    def decide(episode: Episode, days: int) -> None:
        LevelDecision.objects.create(
            episode=episode, proposed_level="kwetsbaar", level="kwetsbaar", decided_with_client=True,
            organisation=care.midwifery, decided_by=care.midwife, reassess_on=TODAY() + timedelta(days=days),
        )  # fmt: skip

    decide(care.family, 10)
    decide(care.other_family, -2)
    body = _body(client, care.midwife, "care:worklist_reassess")
    assert "Roos Reuring" in body and "Anna Anders" in body and "te laat" in body and "2 gezinnen" in body
    assert body.index("Anna Anders") < body.index("Roos Reuring")  # the earliest first
    assert set(_last_search().episodes) == {str(care.family.public_id), str(care.other_family.public_id)}
    body = _body(client, care.midwife, "care:worklist_reassess", "?wanneer=te-laat")
    assert "Roos" not in body and "Anna Anders" in body
    # A newer decision with a later date replaces the earlier one.
    decide(care.family, 40)
    assert "Roos" not in _body(client, care.midwife, "care:worklist_reassess")
    decide(care.family, 0)
    # The nurse sees it only when her basis covers the level.
    names_only = care.share_with_nurse(["identificatie"])
    assert "Roos" not in _body(client, care.nurse, "care:worklist_reassess")
    assert isinstance(names_only, Consent)
    consent_withdraw(care.ctx(care.midwife), consent=names_only)
    care.share_with_nurse(["identificatie", "niveau"])
    assert "Roos Reuring" in _body(client, care.nurse, "care:worklist_reassess")
    # A closed family needs no reassessment.
    episode_close(care.ctx(care.midwife), episode_id=care.family.public_id, reason="Verhuisd")
    assert "Roos" not in _body(client, care.midwife, "care:worklist_reassess")


def test_visits_to_plan_are_the_teams_own_without_date_or_with_a_date_passed(
    client: Client, care: CareCast
) -> None:
    care.share_with_nurse(["identificatie"])

    def visit(status: str, planned: int | None) -> HomeVisit:
        planned_on = TODAY() + timedelta(days=planned) if planned is not None else None
        return HomeVisit.objects.create(
            episode=care.family,
            organisation=care.jgz,
            team=care.nurse_team,
            status=status,
            planned_on=planned_on,
        )

    unplanned = visit(VisitStatus.OFFERED, None)
    passed = visit(VisitStatus.ACCEPTED, -1)
    visit(VisitStatus.ACCEPTED, 5)  # planned ahead: nothing to do
    HomeVisit.objects.create(
        episode=care.family,
        organisation=care.jgz,
        team=care.nurse_team,
        status=VisitStatus.HELD,
        held_on=TODAY(),
    )
    body = _body(client, care.nurse, "care:worklist_visits")
    assert "2 huisbezoeken" in body and "nog geen datum" in body and "datum voorbij" in body
    assert reverse("care:visit", args=[care.family.public_id, unplanned.public_id]) in body
    assert reverse("care:visit", args=[care.family.public_id, passed.public_id]) in body
    assert "1 huisbezoek" in _body(client, care.nurse, "care:worklist_visits", "?status=aangeboden")
    # Another team of JGZ, and the midwife (whose family it is), do not plan the nurse's visits.
    assert "Er zijn geen huisbezoeken" in _body(client, care.colleague, "care:worklist_visits")
    assert "Er zijn geen huisbezoeken" in _body(client, care.midwife, "care:worklist_visits")


# --- pages, the log entry, queries ---------------------------------------------------------------------------------


def test_pages_of_25_and_each_log_entry_names_exactly_the_families_shown(
    client: Client, care: CareCast
) -> None:
    families = _families(care, PAGE_SIZE + 3)
    referrals = [_concept(care, episode) for episode in families]
    newest_first = [r.episode.public_id for r in reversed(referrals)]
    body = _body(client, care.midwife, "care:worklist_sent")
    assert "28 verwijzingen" in body and "Pagina 1 van 2" in body and 'rel="next"' in body
    first = _last_search()
    assert sorted(first.episodes) == sorted(str(e) for e in newest_first[:PAGE_SIZE])
    assert first.detail["pagina"] == 1
    shown = {f"Ouder{i:02d} Lijst" for i in range(PAGE_SIZE + 3) if f"Ouder{i:02d} Lijst" in body}
    assert len(shown) == PAGE_SIZE
    body = _body(client, care.midwife, "care:worklist_sent", "?pagina=2")
    second = _last_search()
    assert sorted(second.episodes) == sorted(str(e) for e in newest_first[PAGE_SIZE:])
    assert second.detail["pagina"] == 2 and "Pagina 2 van 2" in body and 'rel="prev"' in body
    assert len(re.findall(r"Ouder\d\d Lijst", body)) == 3
    # A filter is kept in the page links.
    body = _body(client, care.midwife, "care:worklist_sent", "?status=concept")
    assert "status=concept&amp;pagina=2" in body


def test_the_selectors_use_at_most_10_queries_whatever_the_page_size(
    care: CareCast, django_assert_max_num_queries: Any
) -> None:
    families = _families(care, PAGE_SIZE + 2)
    for episode in families:
        _concept(care, episode)
        LevelDecision.objects.create(
            episode=episode, proposed_level="kwetsbaar", level="kwetsbaar", decided_with_client=True,
            organisation=care.midwifery, decided_by=care.midwife, reassess_on=TODAY(),
        )  # fmt: skip
        HomeVisit.objects.create(episode=episode, organisation=care.midwifery, team=care.midwife_team)
    Referral.objects.filter(episode__in=families).update(due_on=TODAY() - timedelta(days=1))
    ctx = care.ctx(care.midwife)
    calls = [
        lambda: referrals_waiting(ctx),
        lambda: referrals_sent(ctx),
        lambda: first_contacts_overdue(ctx),
        lambda: reassessments_due(ctx),
        lambda: visits_to_plan(ctx),
    ]
    for call in calls:
        with django_assert_max_num_queries(10):
            result = call()
        assert result.counts.sent == PAGE_SIZE + 2
    assert len(referrals_sent(ctx).rows) == PAGE_SIZE
    assert len(reassessments_due(ctx).rows) == PAGE_SIZE and len(visits_to_plan(ctx).rows) == PAGE_SIZE


def test_a_whole_page_costs_the_same_queries_for_1_and_for_25_rows(client: Client, care: CareCast) -> None:
    client.force_login(care.midwife)
    url = reverse("care:worklist_sent")
    client.get(url)  # the session settles (team chosen) on the first request

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    _concept(care, care.family)
    one = queries()
    for episode in _families(care, PAGE_SIZE):
        _concept(care, episode)
    assert queries() == one
    # Session, user, second factor and the team (6) + the list and its log entry (≤ 10).
    assert one <= 16


def test_the_tabs_link_every_list_and_my_families(client: Client, care: CareCast) -> None:
    body = _body(client, care.midwife, "care:worklist_overdue")
    assert f'href="{reverse("care:worklist")}"' in body and "Mijn gezinnen (2)" in body
    for name in LISTS:
        assert f'href="{reverse(name)}"' in body
    assert 'aria-current="page"' in body and 'class="kr-table-wrap"' not in body  # empty list: no table
    sent_referral(care)
    assert 'class="kr-table-wrap"' in _body(
        client, care.midwife, "care:worklist_sent"
    )  # scrolls in its own box
