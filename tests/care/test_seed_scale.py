"""`kansrijk seed-scale`: labelled synthetic volume whose access-log chains verify, refused by default."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from kansrijk.accounts.models import User
from kansrijk.audit.models import AuditEvent
from kansrijk.care.accesslog import MAC_FIELDS, compute_mac
from kansrijk.care.accesslog_verify import verify
from kansrijk.care.context import professional_context
from kansrijk.care.models import (
    AccessEvent,
    AccessLogEntry,
    CareRelation,
    CareTeam,
    ChainHead,
    Consent,
    Episode,
    Person,
    RelationBasis,
)
from kansrijk.care.selectors.access import episodes_visible_to
from kansrijk.care.synthetic import FAMILY_NAMES
from kansrijk.coalitions.models import Coalition, CoalitionStatus
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
