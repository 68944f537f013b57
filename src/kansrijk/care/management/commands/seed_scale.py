"""`kansrijk seed-scale --families N`: labelled synthetic volume for load tests and benchmarks.

Makes (or reuses) synthetic coalitions spread over real municipalities, each with a fictional midwifery
practice, JGZ organisation and social team, their care teams and professionals, then N families with
persons, care relations, consents, timeline lines and access-log entries whose HMAC chains verify.
Everything is fictional and labelled: coalitions are demo coalitions named "(SYNTHETISCH)", episodes
carry `is_synthetic=True`, professionals have no usable password.

Bulk loading: each batch of families is built in memory and inserted with bulk_create in one
transaction (on PostgreSQL the log entries go in with COPY), so an interrupted run leaves whole
batches. The per-family work is a list of steps (`FAMILY_STEPS`): part 2 adds referrals as one more.

Refuses outside DEBUG unless --ja-synthetisch is given: synthetic volume never lands in a real
installation by accident.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.utils import timezone
from tqdm import tqdm

from kansrijk.audit.services import record
from kansrijk.care.categories import DataCategory, Purpose
from kansrijk.care.models import (
    AccessEvent,
    AccessLogEntry,
    CareRelation,
    Consent,
    ConsentMethod,
    ConsentText,
    Episode,
    Person,
    RelationBasis,
    TimelineEvent,
)
from kansrijk.care.synthetic import (
    SYNTHETIC,
    ChainBuilder,
    Site,
    TeamStaff,
    build_sites,
    store_heads,
    synthetic_family,
)

BATCH = 5000
SHARED_CATEGORIES: list[str] = [
    DataCategory.IDENTIFICATION,
    DataCategory.SCREENING,
    DataCategory.LEVEL,
    DataCategory.SOCIAL,
]
LIST_SIZE = 20  # a team's list names this many families per entry (one entry per list shown)


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


def _own_relation(batch: Batch, family: Family) -> None:
    """The midwife registers the family: the practice's own relation with the client."""
    staff = family.midwives
    relation = CareRelation(
        episode=family.episode,
        organisation=staff.team.organisation,
        team=staff.team,
        basis=RelationBasis.OWN,
        started_by=staff.users[0],
    )
    basis = f"eigen relatie:{relation.public_id}"
    family.relations.append(relation)
    family.readers.append((staff, basis, list(DataCategory.values)))
    batch.relations.append(relation)
    batch.timeline.append(
        TimelineEvent(
            episode=family.episode, organisation=staff.team.organisation, kind="aangemeld",
            text="Gezin aangemeld", category=DataCategory.IDENTIFICATION, actor=staff.users[0],
        )
    )  # fmt: skip
    batch.log.append(
        f"gezin:{family.episode.public_id}", at=family.start, actor=staff.actor(batch.rng),
        event=AccessEvent.CREATE, action="gezin.aanmelden", basis=basis, episode_id=family.episode.public_id,
        detail={"categorieen": [DataCategory.IDENTIFICATION], "personen": family.persons},
    )  # fmt: skip


def _consents(batch: Batch, family: Family) -> None:
    """With the parent's consent the family is shared with JGZ (most), and some with the social team."""
    rng = batch.rng
    targets = []
    if rng.random() < 0.55:
        targets.append(rng.choice(family.site.jgz))
        if rng.random() < 0.35:
            targets.append(rng.choice(family.site.social))
    midwives = family.midwives
    at = family.start
    for staff in targets:
        at = batch.later(at)
        withdrawn = at + timedelta(days=rng.randint(1, 60)) if rng.random() < 0.05 else None
        if withdrawn is not None and withdrawn > batch.now:
            withdrawn = None
        consent = Consent(
            episode=family.episode, subject=family.parent, given_by=family.parent,
            receiving_organisation=staff.team.organisation, categories=SHARED_CATEGORIES,
            purpose=Purpose.REFERRAL, given_on=at.date(), method=ConsentMethod.SPOKEN, text=batch.text,
            recorded_by=midwives.users[0], recorded_for=midwives.team.organisation,
            withdrawn_at=withdrawn, withdrawn_by=midwives.users[0] if withdrawn else None,
        )  # fmt: skip
        relation = CareRelation(
            episode=family.episode, organisation=staff.team.organisation, team=staff.team,
            basis=RelationBasis.CONSENT, consent=consent, started_by=midwives.users[0], ended_at=withdrawn,
        )  # fmt: skip
        batch.consents.append(consent)
        batch.relations.append(relation)
        family.relations.append(relation)
        basis = f"toestemming:{consent.public_id}"
        chain = f"gezin:{family.episode.public_id}"
        batch.log.append(
            chain, at=at, actor=midwives.actor(rng), event=AccessEvent.CREATE,
            action="toestemming.vastleggen", basis=basis, episode_id=family.episode.public_id,
            detail={"ontvanger": staff.team.organisation.name, "categorieen": SHARED_CATEGORIES},
        )  # fmt: skip
        if withdrawn is None:
            family.readers.append((staff, basis, SHARED_CATEGORIES))
        else:
            batch.log.append(
                chain, at=withdrawn, actor=midwives.actor(rng), event=AccessEvent.UPDATE,
                action="toestemming.intrekken", basis=basis, episode_id=family.episode.public_id,
                detail={"ontvanger": staff.team.organisation.name},
            )  # fmt: skip


def _reads(batch: Batch, family: Family) -> None:
    """Professionals open the family page; fill up to about `log_per_family` entries per family."""
    rng = batch.rng
    chain = f"gezin:{family.episode.public_id}"
    wanted = max(0, batch.log_per_family - len(family.relations))
    at = family.start
    for _ in range(rng.randint(max(0, wanted - 3), wanted + 3)):
        staff, basis, categories = rng.choice(family.readers)
        at = batch.later(at, max_hours=72)
        batch.log.append(
            chain, at=at, actor=staff.actor(rng), event=AccessEvent.READ, action="gezin.bekijken",
            basis=basis, episode_id=family.episode.public_id, detail={"categorieen": categories},
        )  # fmt: skip


# The per-family steps, in order. Part 2 (referrals) appends its own.
FAMILY_STEPS: list[Callable[[Batch, Family], None]] = [_own_relation, _consents, _reads]


def _family(batch: Batch, site: Site) -> Family:
    rng = batch.rng
    spec = synthetic_family(rng, today=batch.now.date())
    municipality = rng.choice(site.municipalities)
    episode = Episode(
        coalition=site.coalition, municipality=municipality, registered_by=site.midwifery,
        stage=spec.stage, due_date=spec.due_date, is_synthetic=True,
    )  # fmt: skip
    persons = [
        Person(
            episode=episode, role=p.role, given_name=p.given_name, family_name=p.family_name,
            birth_date=p.birth_date, phone=p.phone, email=p.email,
        )
        for p in spec.persons
    ]  # fmt: skip
    batch.persons.extend(persons)
    start = batch.now - timedelta(days=rng.uniform(30, 365))
    return Family(
        site=site, midwives=rng.choice(site.midwives), episode=episode, parent=persons[0],
        persons=len(persons), start=start,
    )  # fmt: skip


def _list_entries(batch: Batch) -> None:
    """Each team's family list, shown now and then: one entry naming the families it showed."""
    by_team: dict[int, list[Family]] = {}
    for family in batch.families:
        by_team.setdefault(family.midwives.team.pk, []).append(family)
    for families in by_team.values():
        staff = families[0].midwives
        for start in range(0, len(families), LIST_SIZE):
            shown = families[start : start + LIST_SIZE]
            batch.log.append(
                f"lijst:{staff.team.organisation_id}", at=max(f.start for f in shown), actor=staff.actor(batch.rng),
                event=AccessEvent.SEARCH, action="gezinnen.lijst", basis="relaties van het team",
                episodes=[str(f.episode.public_id) for f in shown],
            )  # fmt: skip


def _copy_entries(entries: list[AccessLogEntry]) -> None:
    """PostgreSQL: COPY the log entries in (several times faster than INSERT for millions of rows)."""
    columns = [f.column for f in AccessLogEntry._meta.concrete_fields if not f.primary_key]
    names = [f.attname for f in AccessLogEntry._meta.concrete_fields if not f.primary_key]
    json_fields = {"episodes", "detail"}
    sql = f"COPY {AccessLogEntry._meta.db_table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for entry in entries:
            copy.write_row(
                [json.dumps(getattr(entry, n)) if n in json_fields else getattr(entry, n) for n in names]
            )


def flush(batch: Batch) -> int:
    """Insert the batch in foreign-key order; returns the number of log entries written."""
    Episode.objects.bulk_create([f.episode for f in batch.families], batch_size=BATCH)
    Person.objects.bulk_create(batch.persons, batch_size=BATCH)
    Consent.objects.bulk_create(batch.consents, batch_size=BATCH)
    CareRelation.objects.bulk_create(batch.relations, batch_size=BATCH)
    TimelineEvent.objects.bulk_create(batch.timeline, batch_size=BATCH)
    for model, rows in batch.extra.items():
        model._default_manager.bulk_create(rows, batch_size=BATCH)
    entries, heads = batch.log.take()
    if connection.vendor == "postgresql":
        _copy_entries(entries)
    else:
        AccessLogEntry.objects.bulk_create(entries, batch_size=BATCH)
    store_heads(heads)
    return len(entries)


class Command(BaseCommand):
    help = "Maakt synthetische (verzonnen, gelabelde) gezinnen voor belastingstests. Nooit in productie."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--families", type=int, required=True, help="Hoeveel gezinnen.")
        parser.add_argument(
            "--coalities", type=int, default=None, help="Hoeveel coalities (standaard N/2000)."
        )
        parser.add_argument("--log-per-gezin", type=int, default=10, help="Logregels per gezin (gemiddeld).")
        parser.add_argument("--batch", type=int, default=2000, help="Gezinnen per transactie.")
        parser.add_argument("--seed", type=int, default=1, help="Startwaarde van de toevalsgenerator.")
        parser.add_argument(
            "--ja-synthetisch",
            action="store_true",
            help="Ook buiten DEBUG: ik weet dat dit verzonnen gegevens in deze database zet.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEBUG or options["ja_synthetisch"]):
            raise CommandError(
                "Dit zet verzonnen gezinnen in de database. Alleen met KANSRIJK_DEBUG=true of met "
                "--ja-synthetisch (nooit in een echte installatie)."
            )
        total = options["families"]
        if total < 1:
            raise CommandError("--families moet minstens 1 zijn.")
        rng = random.Random(options["seed"])  # noqa: S311 - fictional data, not secrets
        coalitions = options["coalities"] or max(1, min(100, total // 2000))
        started = time.perf_counter()
        try:
            sites = build_sites(count=coalitions, families=total)
        except LookupError as error:
            raise CommandError(str(error)) from error
        text = ConsentText.objects.order_by("-version").first()
        if text is None:
            raise CommandError("Geen toestemmingstekst gevonden: draai eerst kansrijk migrate.")
        log = ChainBuilder()
        log.resume([f"lijst:{site.midwifery.pk}" for site in sites])
        written = 0
        bar = tqdm(total=total, unit=" gezinnen", disable=options["verbosity"] == 0)
        for offset in range(0, total, options["batch"]):
            size = min(options["batch"], total - offset)
            batch = Batch(
                rng=rng, now=timezone.now(), text=text, log=log, log_per_family=options["log_per_gezin"]
            )
            for i in range(size):
                family = _family(batch, sites[(offset + i) % len(sites)])
                for step in FAMILY_STEPS:
                    step(batch, family)
                batch.families.append(family)
            _list_entries(batch)
            with transaction.atomic():
                written += flush(batch)
            bar.update(size)
        bar.close()
        with transaction.atomic():
            record(
                actor=SYNTHETIC, action="care.synthetic_seeded", object_type="care.Episode",
                changes={"gezinnen": total, "coalities": len(sites), "logregels": written},
            )  # fmt: skip
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"{total} synthetische gezinnen in {len(sites)} coalities, {written} logregels "
            f"in {seconds:.1f} s ({written / max(seconds, 0.001):.0f} logregels/s)."
        )
