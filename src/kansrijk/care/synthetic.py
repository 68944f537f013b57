"""Synthetic families: fictional, labelled data for the demo, tests and load (`kansrijk seed-scale`).

Everything made here is fictional and says so: episodes carry `is_synthetic=True` (every screen shows
"Fictief gezin"), surnames are invented words nobody carries, phone numbers use the 000 range and
e-mail addresses example.org. One generator feeds both the demo (through the services, one family at a
time) and the volume loader (in memory, then bulk inserts), so both look alike.

`ChainBuilder` writes access-log entries in memory with the same HMAC chain `log_access` writes
(`canonical`/`compute_mac`), so bulk-loaded logs verify like real ones.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from kansrijk.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from kansrijk.accounts.services import organisation_get_or_create
from kansrijk.areas.models import Area
from kansrijk.areas.selectors import municipalities_current
from kansrijk.audit.actors import SystemActor
from kansrijk.care.accesslog import compute_mac
from kansrijk.care.models import AccessLogEntry, CareTeam, CareTeamMember, ChainHead, EpisodeStage, PersonRole
from kansrijk.care.services.episodes import PersonData
from kansrijk.care.services.teams import team_create
from kansrijk.coalitions.models import Coalition, CoalitionPartner
from kansrijk.coalitions.services import coalition_create
from kansrijk.coalitions.services.coalition import partner_add
from kansrijk.coalitions.services.participation import partner_accept

# The unattended loader names itself in the audit log ("systeem: synthetisch").
SYNTHETIC = SystemActor("synthetisch")

# Invented surnames (no Dutch family carries them), so a screenshot can never be mistaken for a client.
FAMILY_NAMES = (
    "Verzonnen", "Proefstra", "Fictiefsma", "Voorbeeldhuis", "Bedachtink", "Nepveld", "Testerhof",
    "Fantasiedijk", "Verdichtsma", "Schijnhorst", "Droomsteeg", "Papierhof", "Oefenaar", "Modelink",
)  # fmt: skip
PARENT_NAMES = ("Fenna", "Lotte", "Noor", "Sara", "Yara", "Amira", "Iris", "Mila", "Zoë", "Hanna", "Esra")
PARTNER_NAMES = ("Daan", "Sem", "Omar", "Luuk", "Bram", "Milan", "Youssef", "Thijs", "Jesse", "Ruben")
CHILD_NAMES = ("Saar", "Finn", "Nova", "Lev", "Ilse", "Mees", "Lina", "Ties", "Roos", "Adam")

# Where synthetic families are in the first 1000 days (weights: the bulk is pregnant).
STAGES = ((EpisodeStage.WISH, 15), (EpisodeStage.PREGNANT, 55), (EpisodeStage.BORN, 30))


@dataclass(frozen=True)
class FamilySpec:
    """One fictional family as the professional would register it."""

    stage: str
    persons: tuple[PersonData, ...]
    due_date: date | None = None

    @property
    def parent(self) -> PersonData:
        return next(p for p in self.persons if p.role == PersonRole.PARENT)


def fictional_phone(rng: random.Random) -> str:
    return f"000 {rng.randint(100, 999)} {rng.randint(1000, 9999)}"


def synthetic_family(rng: random.Random, *, today: date) -> FamilySpec:
    """A plausible, plainly fictional family (deterministic for a seeded `rng`)."""
    stage = rng.choices([s for s, _w in STAGES], weights=[w for _s, w in STAGES])[0]
    surname = rng.choice(FAMILY_NAMES)
    parent_name = rng.choice(PARENT_NAMES)
    persons = [
        PersonData(
            role=PersonRole.PARENT,
            given_name=parent_name,
            family_name=surname,
            birth_date=today - timedelta(days=rng.randint(18 * 365, 42 * 365)),
            phone=fictional_phone(rng),
            email=f"{parent_name.lower()}.{surname.lower()}@example.org",
        )
    ]
    if rng.random() < 0.6:
        persons.append(
            PersonData(
                role=PersonRole.PARTNER,
                given_name=rng.choice(PARTNER_NAMES),
                family_name=surname,
                birth_date=today - timedelta(days=rng.randint(18 * 365, 45 * 365)),
            )
        )
    due: date | None = None
    if stage == EpisodeStage.PREGNANT:
        due = today + timedelta(days=rng.randint(7, 270))
    elif stage == EpisodeStage.BORN:
        born = today - timedelta(days=rng.randint(0, 700))
        due = born + timedelta(days=rng.randint(-21, 14))
        persons.append(
            PersonData(
                role=PersonRole.CHILD,
                given_name=rng.choice(CHILD_NAMES),
                family_name=surname,
                birth_date=born,
            )
        )
    return FamilySpec(stage=stage, persons=tuple(persons), due_date=due)


@dataclass
class LogActor:
    """Who an in-memory log entry names (the fields `log_access` takes from the context)."""

    user_id: int | None
    user_label: str
    organisation_id: int | None
    organisation_label: str
    team_label: str


@dataclass
class ChainBuilder:
    """Access-log entries built in memory with correct HMAC chains, for bulk insertion.

    Continues chains that already exist (their head is read once, by `resume`), so a second load into
    the same organisation's list chain links on. `heads()` gives the ChainHead rows to upsert after
    the entries are stored."""

    entries: list[AccessLogEntry] = field(default_factory=list)
    _heads: dict[str, tuple[int, str]] = field(default_factory=dict)
    _touched: set[str] = field(default_factory=set)

    def resume(self, chains: list[str]) -> None:
        unknown = [c for c in chains if c not in self._heads]
        for head in ChainHead.objects.filter(chain__in=unknown):
            self._heads[head.chain] = (head.seq, head.mac)

    def append(
        self,
        chain: str,
        *,
        at: datetime,
        actor: LogActor,
        event: str,
        action: str,
        basis: str,
        purpose: str = "zorg",
        episode_id: Any = None,
        episodes: list[str] | None = None,
        detail: dict[str, Any] | None = None,
    ) -> AccessLogEntry:
        seq, prev_mac = self._heads.get(chain, (0, ""))
        values: dict[str, Any] = {
            "chain": chain,
            "seq": seq + 1,
            "occurred_at": at,
            "event": event,
            "action": action,
            "episode_id": episode_id,
            "episodes": sorted(episodes or []),
            "user_id": actor.user_id,
            "user_label": actor.user_label,
            "organisation_id": actor.organisation_id,
            "organisation_label": actor.organisation_label,
            "team_label": actor.team_label,
            "responsible_label": actor.user_label,
            "purpose": purpose,
            "basis": basis,
            "detail": detail or {},
        }
        mac = compute_mac(values, prev_mac)
        entry = AccessLogEntry(**values, prev_mac=prev_mac, mac=mac)
        self.entries.append(entry)
        self._heads[chain] = (seq + 1, mac)
        self._touched.add(chain)
        return entry

    def take(self) -> tuple[list[AccessLogEntry], list[ChainHead]]:
        """The entries built since the last call and the heads of the chains they touched."""
        entries, self.entries = self.entries, []
        heads = [
            ChainHead(chain=c, seq=self._heads[c][0], mac=self._heads[c][1]) for c in sorted(self._touched)
        ]
        self._touched = set()
        return entries, heads


def store_heads(heads: list[ChainHead]) -> None:
    """Insert or move the chain heads (one statement per batch; SQLite and PostgreSQL)."""
    ChainHead.objects.bulk_create(
        heads, batch_size=5000, update_conflicts=True, unique_fields=["chain"], update_fields=["seq", "mac"]
    )


# --- The synthetic world of `seed-scale`: coalitions, organisations, teams, professionals ----------------

NO_MUNICIPALITIES = "Geen gemeenten gevonden: laad eerst de open data (kansrijk setup)."
FAMILIES_PER_TEAM = 300  # a midwifery or JGZ team's caseload
FAMILIES_PER_SOCIAL_TEAM = 1000
PROFESSIONALS_PER_TEAM = 3
# (key, organisation name, kind, families per team)
SITE_ORGANISATIONS = (
    ("verloskunde", "Verloskundigenpraktijk Fictief {n} (synthetisch)", OrganisationKind.VERLOSKUNDIGE, FAMILIES_PER_TEAM),
    ("jgz", "JGZ Fictief {n} (synthetisch)", OrganisationKind.JGZ, FAMILIES_PER_TEAM),
    ("sociaal", "Sociaal Team Fictief {n} (synthetisch)", OrganisationKind.WIJKTEAM, FAMILIES_PER_SOCIAL_TEAM),
)  # fmt: skip


@dataclass
class TeamStaff:
    """A care team and its professionals, with the log fields of each ready for `ChainBuilder`."""

    team: CareTeam
    users: list[User]
    actors: list[LogActor] = field(default_factory=list)

    def __post_init__(self) -> None:
        org = self.team.organisation
        self.actors = [LogActor(u.pk, u.email, org.pk, org.name, self.team.name) for u in self.users]

    def actor(self, rng: random.Random) -> LogActor:
        return rng.choice(self.actors)


@dataclass
class Site:
    """One synthetic coalition with its three organisations' teams."""

    coalition: Coalition
    municipalities: list[Area]
    midwifery: Organisation
    midwives: list[TeamStaff]
    jgz: list[TeamStaff]
    social: list[TeamStaff]


def _accepted_partner(coalition: Coalition, organisation: Organisation) -> None:
    if not CoalitionPartner.objects.filter(coalition=coalition, organisation=organisation).exists():
        partner = partner_add(coalition=coalition, organisation=organisation, actor=SYNTHETIC)
        partner_accept(partner=partner, actor=SYNTHETIC)


def _staff(organisation: Organisation, *, key: str, site: int, teams: int) -> list[TeamStaff]:
    """The organisation's teams "Team 1…n", each with its professionals (reused on a later run).
    Professionals get no usable password: nobody signs in as them (benchmarks use a session)."""
    staff = []
    for number in range(1, teams + 1):
        name = f"Team {number}"
        team = CareTeam.objects.filter(organisation=organisation, name=name).first()
        team = team or team_create(organisation=organisation, name=name, actor=SYNTHETIC)
        emails = [
            f"{key}-{site:03d}-{number:02d}-{p}@synthetisch.example.org"
            for p in range(1, PROFESSIONALS_PER_TEAM + 1)
        ]
        have = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
        User.objects.bulk_create(
            [
                User(
                    email=e,
                    first_name="Fictieve professional",
                    last_name="(synthetisch)",
                    password=make_password(None),
                )
                for e in emails
                if e not in have
            ]
        )
        users = list(User.objects.filter(email__in=emails).order_by("email"))
        Membership.objects.bulk_create(
            [Membership(user=u, organisation=organisation, role=Role.CARE_PROFESSIONAL) for u in users],
            ignore_conflicts=True,
        )
        CareTeamMember.objects.bulk_create(
            [CareTeamMember(team=team, user=u) for u in users], ignore_conflicts=True
        )
        staff.append(TeamStaff(team=team, users=users))
    return staff


def build_sites(*, count: int, families: int) -> list[Site]:
    """`count` synthetic coalitions ("synthetisch-001"…, demo coalitions, never confirmed, so never on
    public pages or in comparisons) spread over the real municipalities; reused when they exist."""
    municipalities = list(municipalities_current().order_by("code"))
    if not municipalities:
        raise LookupError(NO_MUNICIPALITIES)
    per_site = math.ceil(families / count)
    step = max(1, len(municipalities) // count)
    sites = []
    for index in range(1, count + 1):
        with transaction.atomic():
            slug = f"synthetisch-{index:03d}"
            coalition = Coalition.objects.filter(slug=slug).first()
            if coalition is None:
                first = (index - 1) * step % len(municipalities)
                areas = [municipalities[first]]
                if index % 3 == 0:  # every third a regional coalition of two municipalities
                    areas.append(municipalities[(first + 1) % len(municipalities)])
                coalition = coalition_create(
                    name=f"Synthetische coalitie {index} (SYNTHETISCH)",
                    slug=slug,
                    municipalities=areas,
                    actor=SYNTHETIC,
                    is_demo=True,
                )
            staff: dict[str, list[TeamStaff]] = {}
            orgs: dict[str, Organisation] = {}
            for key, name, kind, caseload in SITE_ORGANISATIONS:
                orgs[key] = organisation_get_or_create(name=name.format(n=index), kind=kind, actor=SYNTHETIC)
                _accepted_partner(coalition, orgs[key])
                teams = max(1, math.ceil(per_site / caseload))
                staff[key] = _staff(orgs[key], key=key, site=index, teams=teams)
            sites.append(
                Site(
                    coalition=coalition,
                    municipalities=list(coalition.municipalities.all()),
                    midwifery=orgs["verloskunde"],
                    midwives=staff["verloskunde"],
                    jgz=staff["jgz"],
                    social=staff["sociaal"],
                )
            )
    return sites
