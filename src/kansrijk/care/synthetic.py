"""Synthetic families: fictional, labelled data for the demo, tests and load (`kansrijk seed-scale`).

Everything made here is fictional and says so: episodes carry `is_synthetic=True` (every screen shows
"Fictief gezin"), surnames are invented words nobody carries, phone numbers use the 000 range and
e-mail addresses example.org. One generator feeds both the demo (through the services, one family at a
time) and the volume loader (in memory, then bulk inserts), so both look alike.

`ChainBuilder` writes access-log entries in memory with the same HMAC chain `log_access` writes (the
bytes of `accesslog.canonical`, built by `accesslog_verify.message` without json.dumps of the whole
entry; a test keeps the two equal), so bulk-loaded logs verify like real ones.
"""

from __future__ import annotations

import hmac
import json
import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from kansrijk.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from kansrijk.accounts.services import organisation_get_or_create
from kansrijk.areas.models import Area
from kansrijk.areas.selectors import municipalities_current
from kansrijk.audit.actors import SystemActor
from kansrijk.care.accesslog_verify import message, text_row
from kansrijk.care.models import (
    AccessLogEntry,
    CareRelation,
    CareTeam,
    CareTeamMember,
    ChainHead,
    Consent,
    ConsentText,
    Episode,
    EpisodeStage,
    Person,
    PersonRole,
    TimelineEvent,
)
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


# The access-log columns of a row built by ChainBuilder, in its order (COPY writes them as they are).
LOG_COLUMNS = (
    "chain", "seq", "occurred_at", "event", "action", "episode_id", "episodes", "user_id", "user_label",
    "organisation_id", "organisation_label", "team_label", "responsible_label", "purpose", "basis", "detail",
    "prev_mac", "mac",
)  # fmt: skip


def _identity(text: str) -> str:
    return text


def log_row_entry(row: tuple[Any, ...]) -> AccessLogEntry:
    """A ChainBuilder row as a model instance (the bulk_create path on SQLite)."""
    values = dict(zip(LOG_COLUMNS, row, strict=True))
    values["occurred_at"] = datetime.fromisoformat(values["occurred_at"])
    values["episodes"], values["detail"] = json.loads(values["episodes"]), json.loads(values["detail"])
    return AccessLogEntry(**values)


@dataclass
class ChainBuilder:
    """Access-log entries built in memory with correct HMAC chains, for bulk insertion.

    Continues chains that already exist (their head is read once, by `resume`), so a second load into
    the same organisation's list chain links on. `take()` gives the rows (`LOG_COLUMNS`: timestamp in
    ISO text, JSON as canonical text) and the ChainHead rows to upsert after the entries are stored."""

    key: bytes = b""
    entries: list[tuple[Any, ...]] = field(default_factory=list)
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
    ) -> None:
        if not self.key:
            self.key = str(settings.KANSRIJK_ACCESS_LOG_KEY).encode()
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
        row = text_row(values, prev_mac)
        mac = hmac.digest(self.key, message(row, _identity), "sha256").hex()
        self.entries.append((*row[1:18], mac))
        self._heads[chain] = (seq + 1, mac)
        self._touched.add(chain)

    def take(self) -> tuple[list[tuple[Any, ...]], list[ChainHead]]:
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
    public pages or in comparisons) spread over the real municipalities; reused when they exist.
    `count=0`: one coalition per municipality (the national scale), none regional."""
    municipalities = list(municipalities_current().order_by("code"))
    if not municipalities:
        raise LookupError(NO_MUNICIPALITIES)
    national = count == 0
    count = count or len(municipalities)
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
                if index % 3 == 0 and not national:  # every third a regional coalition of two
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


# --- One batch of families in the making (the steps of `kansrijk seed-scale` fill it) ----------------


@dataclass
class Family:
    """One family in the making: its rows, and the facts later steps build on."""

    site: Site
    midwives: TeamStaff
    episode: Episode
    parent: Person
    persons: int
    start: datetime
    relations: list[CareRelation] = field(default_factory=list)
    # (staff, basis label, categories) of every team that may read the family.
    readers: list[tuple[TeamStaff, str, list[str]]] = field(default_factory=list)
    # The level agreed after the screening ("" when not screened) and when the screening was done.
    level: str = ""
    signalled_on: date | None = None


@dataclass
class Batch:
    """The rows of one batch, inserted together in foreign-key order by `flush`."""

    rng: random.Random
    now: datetime
    text: ConsentText
    log: ChainBuilder
    log_per_family: int
    families: list[Family] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    relations: list[CareRelation] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    # Rows of later parts (e.g. part 2's referrals), by model, inserted in this order after the above.
    extra: dict[type[models.Model], list[models.Model]] = field(default_factory=dict)

    def add(self, row: models.Model) -> None:
        self.extra.setdefault(type(row), []).append(row)

    def later(self, at: datetime, *, max_hours: float = 48) -> datetime:
        return min(at + timedelta(minutes=self.rng.uniform(5, max_hours * 60)), self.now)
