"""The core visibility rule of the care layer: team scope, consent, withdrawal at once, and the log."""

from __future__ import annotations

import pytest
from django.http import Http404

from kansrijk.care.context import parent_context
from kansrijk.care.models import AccessLogEntry
from kansrijk.care.selectors.access import episode_access, episodes_visible_to
from kansrijk.care.services.consent import consent_withdraw
from tests.care.personas import CareCast


def test_registering_team_sees_the_family_other_team_and_other_org_do_not(care: CareCast) -> None:
    assert care.family in episodes_visible_to(care.ctx(care.midwife))
    for user in (care.nurse, care.colleague, care.social_worker):
        assert care.family not in episodes_visible_to(care.ctx(user))
        with pytest.raises(Http404):
            episode_access(care.ctx(user), care.family.public_id)


def test_consent_gives_the_receiving_team_only_and_withdrawal_ends_it_at_once(care: CareCast) -> None:
    consent = care.share_with_nurse(["identificatie", "sociaal"])
    access = episode_access(care.ctx(care.nurse), care.family.public_id)
    assert access.may_see("sociaal") and not access.may_see("medisch")
    assert care.family not in episodes_visible_to(care.ctx(care.colleague))  # other team, same organisation
    consent_withdraw(parent_context(care.parent), consent=consent)  # type: ignore[arg-type]
    with pytest.raises(Http404):
        episode_access(care.ctx(care.nurse), care.family.public_id)


def test_a_parent_sees_only_their_own_family(care: CareCast) -> None:
    assert list(episodes_visible_to(parent_context(care.parent))) == [care.family]
    with pytest.raises(Http404):
        episode_access(parent_context(care.parent), care.other_family.public_id)


def test_writes_are_logged_in_a_chain_per_family(care: CareCast) -> None:
    entries = AccessLogEntry.objects.filter(episode_id=care.family.public_id)
    assert entries.count() == 1 and entries.get().seq == 1
    care.share_with_nurse()
    second = AccessLogEntry.objects.filter(episode_id=care.family.public_id).order_by("seq").last()
    assert second is not None and second.seq == 2 and second.prev_mac == entries.first().mac  # type: ignore[union-attr]


def test_a_context_among_the_checked_teams_only(care: CareCast) -> None:
    """The two-queries-less builder of the care pages: only a team from teams_of(user) gives a context."""
    from kansrijk.care.context import professional_context_among, teams_of

    teams = teams_of(care.nurse)
    ctx = professional_context_among(care.nurse, team=care.nurse_team, teams=teams)
    assert ctx.is_professional and ctx.team == care.nurse_team and ctx.organisation == care.jgz
    with pytest.raises(Http404):  # the colleague's team of the same organisation
        professional_context_among(care.nurse, team=care.colleague_team, teams=teams)
    care.nurse.is_active = False
    with pytest.raises(Http404):
        professional_context_among(care.nurse, team=care.nurse_team, teams=teams)
