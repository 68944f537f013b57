"""`kansrijk seed-scale`: labelled synthetic volume whose access-log chains verify, refused by default."""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from kansrijk.accounts.models import User
from kansrijk.audit.models import AuditEvent
from kansrijk.care.accesslog import MAC_FIELDS, compute_mac
from kansrijk.care.accesslog_verify import fast_mac, verify
from kansrijk.care.context import professional_context
from kansrijk.care.models import (
    AccessEvent,
    AccessLogEntry,
    CareRelation,
    CareTeam,
    CareTeamMember,
    ChainHead,
    Consent,
    Episode,
    HandoverSet,
    HomeVisit,
    LevelDecision,
    Person,
    Referral,
    ReferralStatus,
    ReferralTransition,
    RelationBasis,
    WarmHandover,
)
from kansrijk.care.referral_data import FIELD_CATEGORY, NEED_CATEGORIES, fields_for
from kansrijk.care.referral_states import side_for
from kansrijk.care.selectors.access import episodes_visible_to
from kansrijk.care.selectors.referrals import referrals_visible_to
from kansrijk.care.services.teams import team_create
from kansrijk.care.synthetic import FAMILY_NAMES, SYNTHETIC
from kansrijk.care.synthetic_referrals import ENDS
from kansrijk.coalitions.models import Coalition, CoalitionStatus
from kansrijk.routes.models import VulnerabilityLevel
from tests.care.accesslog_tamper import tampering


def _seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_scale", *args, stdout=out, verbosity=0)
    return out.getvalue()


def _broken_entries() -> list[str]:
    """Recompute every chain independently of `kansrijk auditlog verify` (checked too), and name the
    entries that do not match."""
    broken, last = [], {}
    for entry in AccessLogEntry.objects.order_by("chain", "seq").iterator():
        prev = last.get(entry.chain, ("", 0))
        values = {name: getattr(entry, name) for name in MAC_FIELDS}
        if entry.seq != prev[1] + 1 or entry.prev_mac != prev[0] or compute_mac(values, prev[0]) != entry.mac:
            broken.append(f"{entry.chain}#{entry.seq}")
        last[entry.chain] = (entry.mac, entry.seq)
    heads = {h.chain: (h.mac, h.seq) for h in ChainHead.objects.filter(chain__in=list(last))}
    broken += [f"head {chain}" for chain, head in last.items() if heads.get(chain) != head]
    return broken


def test_refused_outside_debug_without_the_explicit_flag(db: None) -> None:
    with pytest.raises(CommandError, match="--ja-synthetisch"):
        _seed("--families", "5")
    assert (
        not Episode.objects.exists() and not Coalition.objects.filter(slug__startswith="synthetisch").exists()
    )


@pytest.mark.parametrize("families", [0, -3])
def test_needs_at_least_one_family(db: None, families: int) -> None:
    with pytest.raises(CommandError, match="minstens 1"):
        _seed("--families", str(families), "--ja-synthetisch")


def test_labelled_volume_whose_chains_verify(db: None) -> None:
    out = _seed("--families", "50", "--coalities", "2", "--ja-synthetisch")
    assert "50 synthetische gezinnen in 2 coalities" in out
    episodes = Episode.objects.all()
    assert episodes.count() == 50 and not episodes.filter(is_synthetic=False).exists()
    coalitions = Coalition.objects.filter(slug__startswith="synthetisch-")
    assert coalitions.count() == 2
    # Labelled and kept out of public pages and comparisons: demo coalitions, never confirmed.
    assert all(
        c.is_demo and "SYNTHETISCH" in c.name and c.status != CoalitionStatus.CONFIRMED for c in coalitions
    )
    assert set(Person.objects.values_list("family_name", flat=True)) <= set(FAMILY_NAMES)
    assert (
        not User.objects.filter(email__contains="synthetisch")
        .exclude(email__endswith="@synthetisch.example.org")
        .exists()
    )
    assert not any(u.has_usable_password() for u in User.objects.filter(email__contains="synthetisch"))
    # Every family: its own relation, a registration entry; the lists name families in one entry each.
    assert CareRelation.objects.filter(basis=RelationBasis.OWN).count() == 50
    created = AccessLogEntry.objects.filter(action="gezin.aanmelden")
    assert set(created.values_list("episode_id", flat=True)) == set(
        episodes.values_list("public_id", flat=True)
    )
    lists = AccessLogEntry.objects.filter(event=AccessEvent.SEARCH)
    assert lists.exists() and all(entry.episodes for entry in lists)
    assert AccessLogEntry.objects.count() >= 50 * 5
    assert Consent.objects.filter(relations__basis=RelationBasis.CONSENT).exists()
    assert _broken_entries() == []
    assert verify().breaks == []
    assert AuditEvent.objects.filter(action="care.synthetic_seeded").count() == 1


@override_settings(DEBUG=True)
def test_a_second_run_links_on_to_the_existing_chains(db: None) -> None:
    _seed("--families", "30", "--coalities", "1")
    lists_before = ChainHead.objects.get(chain__startswith="lijst:").seq
    _seed("--families", "30", "--coalities", "1", "--seed", "2")
    assert Coalition.objects.filter(slug__startswith="synthetisch-").count() == 1  # reused, not duplicated
    assert Episode.objects.count() == 60
    assert ChainHead.objects.get(chain__startswith="lijst:").seq > lists_before
    assert _broken_entries() == []
    assert verify().breaks == []


def test_a_tampered_synthetic_entry_is_detected(db: None) -> None:
    """The check above is not vacuous: an altered entry breaks its chain."""
    _seed("--families", "5", "--coalities", "1", "--ja-synthetisch")
    entry = AccessLogEntry.objects.filter(event=AccessEvent.READ).first() or AccessLogEntry.objects.first()
    assert entry is not None
    with tampering():  # the PostgreSQL append-only trigger refuses UPDATE otherwise
        AccessLogEntry.objects.filter(pk=entry.pk).update(user_label="iemand-anders@example.org")
    assert _broken_entries() == [f"{entry.chain}#{entry.seq}"]
    assert [(b.chain, b.seq) for b in verify().breaks] == [(entry.chain, entry.seq)]


def test_professionals_see_only_their_teams_families(db: None) -> None:
    _seed("--families", "40", "--coalities", "2", "--ja-synthetisch")
    team = CareTeam.objects.filter(organisation__name__startswith="Verloskundigenpraktijk Fictief 1 ").first()
    assert team is not None
    user = team.members.first().user  # type: ignore[union-attr]
    visible = episodes_visible_to(professional_context(user, team=team))
    own = Episode.objects.filter(relations__team=team, relations__basis=RelationBasis.OWN)
    assert visible.count() == own.count() > 0
    # Denied: the other coalition's families are not this team's.
    assert not visible.filter(coalition__slug="synthetisch-002").exists()


# --- Part 2: screenings, referrals along the loop, handovers, home visits ----------------------------------


def test_every_synthetic_referral_path_follows_the_transition_table() -> None:
    for path, _weight in ENDS:
        current = ReferralStatus.CONCEPT
        for step in path:
            assert side_for(current, step) is not None, (current, step)
            current = step
    # Denied: a move the table does not have is refused by the same check.
    assert side_for(ReferralStatus.CONCEPT, ReferralStatus.ACCEPTED) is None


def test_referrals_handovers_and_visits_in_proportion(db: None) -> None:
    out = _seed("--families", "400", "--coalities", "2", "--seed", "7", "--ja-synthetisch")
    assert "400 synthetische gezinnen" in out
    decisions = LevelDecision.objects.count()
    assert 0.7 * 400 < decisions < 0.9 * 400  # about 80 % screened
    vulnerable = LevelDecision.objects.exclude(level=VulnerabilityLevel.ZELFREDZAAM)
    referred = set(Referral.objects.values_list("episode_id", flat=True))
    assert referred == set(vulnerable.values_list("episode_id", flat=True))  # every one, nobody else
    referrals = list(Referral.objects.select_related("consent", "relation", "receiving_team"))
    assert len({r.status for r in referrals}) >= 6  # spread over the loop
    for referral in referrals:
        assert referral.episode.is_synthetic and "(synthetisch)" in referral.reason
        # The history is a walk through the transition table, each step by the side the table names.
        current = ReferralStatus.CONCEPT
        for step in referral.transitions.order_by("id"):
            assert step.from_status == current and step.side == side_for(current, step.to_status)
            current = step.to_status
        assert current == referral.status
        if referral.status == ReferralStatus.CONCEPT:
            assert referral.consent_id is None and referral.categories == []
            continue
        # Data minimisation: what was sent is what the theme needs AND the consent covers.
        assert set(referral.categories) <= set(NEED_CATEGORIES[referral.need]) & set(
            referral.consent.categories
        )
        assert referral.consent.receiving_organisation_id == referral.receiving_organisation_id
        allowed = set(fields_for(referral.categories))
        handover = HandoverSet.objects.get(referral=referral)
        filled = {name for name in FIELD_CATEGORY if getattr(handover, name)}
        assert filled and filled <= allowed  # denied: no field of a category that was not sent
        if referral.accepted_at is not None:
            assert referral.relation is not None and referral.relation.team_id == referral.receiving_team_id
        else:
            assert referral.relation is None
    assert WarmHandover.objects.exists() and HomeVisit.objects.exists()
    assert ReferralTransition.objects.filter(side="ontvanger").exists()
    sent = AccessLogEntry.objects.filter(action="verwijzing.versturen")
    assert sent.count() == Referral.objects.exclude(status=ReferralStatus.CONCEPT).count()
    assert _broken_entries() == []
    assert verify().breaks == []


def test_the_receiving_team_sees_only_what_access_follows(db: None) -> None:
    """Seeded referrals obey the visibility rule: the receiving team sees its referrals while they wait or
    after acceptance; another team of the same organisation sees none of them (denied)."""
    _seed("--families", "400", "--coalities", "1", "--seed", "7", "--ja-synthetisch")
    referral = (
        Referral.objects.filter(status=ReferralStatus.RECEIVED).select_related("receiving_team").first()
    )
    assert referral is not None
    team = referral.receiving_team
    member = team.members.first()
    assert member is not None
    visible = referrals_visible_to(professional_context(member.user, team=team))
    assert visible.filter(pk=referral.pk).exists()
    assert (
        not visible.filter(status__in=[ReferralStatus.REJECTED, ReferralStatus.WITHDRAWN])
        .exclude(sender_team=team)
        .exists()
    )
    other = CareTeam.objects.filter(organisation=team.organisation).exclude(pk=team.pk).first()
    if other is None:  # one team in the organisation: make a second one, as a real organisation has
        other = team_create(organisation=team.organisation, name="Team extra", actor=SYNTHETIC)
        CareTeamMember.objects.create(team=other, user=member.user)
    assert (
        not referrals_visible_to(professional_context(member.user, team=other))
        .filter(pk=referral.pk)
        .exists()
    )


def test_fast_mac_of_the_loader_equals_the_writer(db: None) -> None:
    """The loader's MAC (built without json.dumps of the whole entry) is log_access's MAC."""
    _seed("--families", "20", "--coalities", "1", "--ja-synthetisch")
    key = settings.KANSRIJK_ACCESS_LOG_KEY.encode()
    for entry in AccessLogEntry.objects.order_by("chain", "seq")[:200]:
        values = {name: getattr(entry, name) for name in MAC_FIELDS}
        assert fast_mac(key, values, entry.prev_mac) == compute_mac(values, entry.prev_mac) == entry.mac


def test_herstel_indexen_and_a_size_is_needed(db: None) -> None:
    """--herstel-indexen only repairs indexes (nothing to do after a clean run); without --families or
    --landelijk the command says what it needs (denied)."""
    out = StringIO()
    call_command("seed_scale", "--herstel-indexen", stdout=out)
    assert "Indexen hersteld: 0" in out.getvalue()
    with pytest.raises(CommandError, match="--families N of --landelijk"):
        _seed("--ja-synthetisch")
    assert not Episode.objects.exists()
