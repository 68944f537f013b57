"""`kansrijk seed-scale --families N` (or `--landelijk`): labelled synthetic volume for load tests and
benchmarks.

Makes (or reuses) synthetic coalitions spread over real municipalities, each with a fictional midwifery
practice, JGZ organisation and social team, their care teams and professionals, then N families with
persons, care relations, consents, screenings and levels, referrals along the loop (transitions, handover
sets, warm handovers), home visits, timeline lines and access-log entries whose HMAC chains verify. The
proportions are synthetic assumptions (kansrijk.care.synthetic_referrals says which). Everything is
fictional and labelled: coalitions are demo coalitions named "(SYNTHETISCH)", episodes carry
`is_synthetic=True`, professionals have no usable password.

`--landelijk`: one coalition per municipality (all 342), 450,000 families, about 10 million log entries
(docs/performance.md records how long it took).

Bulk loading: each batch of families is built in memory and written in one transaction, so an
interrupted run leaves whole batches. On PostgreSQL every table goes in with COPY (keys taken from the
sequences first) and, for large loads, the secondary indexes are dropped first and rebuilt at the end
(kansrijk.care.synthetic_copy); SQLite uses bulk_create. The per-family work is a list of steps
(`family_steps`).

Refuses outside DEBUG unless --ja-synthetisch is given: synthetic volume never lands in a real
installation by accident.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from contextlib import nullcontext
from datetime import timedelta
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
    HandoverSet,
    HomeVisit,
    Instrument,
    LevelDecision,
    OutboxEntry,
    Person,
    Referral,
    ReferralTransition,
    RelationBasis,
    Screening,
    TimelineEvent,
    WarmHandover,
)
from kansrijk.care.synthetic import (
    LOG_COLUMNS,
    SYNTHETIC,
    Batch,
    ChainBuilder,
    Family,
    Site,
    build_sites,
    log_row_entry,
    store_heads,
    synthetic_family,
)
from kansrijk.care.synthetic_copy import (
    allocate_ids,
    copy_models,
    copy_rows,
    rebuild_indexes,
    secondary_indexes_dropped,
)
from kansrijk.care.synthetic_referrals import home_visits, referrals, screening_step

BATCH = 5000
SHARED_CATEGORIES: list[str] = [
    DataCategory.IDENTIFICATION,
    DataCategory.SCREENING,
    DataCategory.LEVEL,
    DataCategory.SOCIAL,
]
LIST_SIZE = 20  # a team's list names this many families per entry (one entry per list shown)


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


# The rows of part 2, in foreign-key order (after episodes, persons, consents, relations, timeline).
EXTRA_ORDER: tuple[type[models.Model], ...] = (
    Screening, LevelDecision, Referral, ReferralTransition, HandoverSet, WarmHandover, HomeVisit,
    OutboxEntry,
)  # fmt: skip


def family_steps(instrument: Instrument | None) -> list[Callable[[Batch, Family], None]]:
    """The per-family steps, in order (reads last: they fill up to about `log_per_family` entries)."""
    return [_own_relation, _consents, screening_step(instrument), referrals, home_visits, _reads]


def flush(batch: Batch) -> int:
    """Insert the batch in foreign-key order; returns the number of log entries written."""
    unknown = set(batch.extra) - set(EXTRA_ORDER)
    if unknown:
        raise ValueError(f"Geen volgorde bekend voor {sorted(m.__name__ for m in unknown)}")
    tables: list[tuple[type[models.Model], list[Any]]] = [
        (Episode, [f.episode for f in batch.families]),
        (Person, batch.persons),
        (Consent, batch.consents),
        (CareRelation, batch.relations),
        (TimelineEvent, batch.timeline),
        *[(model, batch.extra.get(model, [])) for model in EXTRA_ORDER],
    ]
    entries, heads = batch.log.take()
    if connection.vendor == "postgresql":
        for model, rows in tables:
            allocate_ids(model, rows)
        for model, rows in tables:
            copy_models(model, rows)
        copy_rows(AccessLogEntry._meta.db_table, LOG_COLUMNS, entries)
    else:
        for model, rows in tables:
            model._default_manager.bulk_create(rows, batch_size=BATCH)
        AccessLogEntry.objects.bulk_create([log_row_entry(e) for e in entries], batch_size=BATCH)
    store_heads(heads)
    return len(entries)


# `--landelijk`: every municipality its own coalition, the size of a national roll-out.
NATIONAL_FAMILIES = 450_000
NATIONAL_LOG_PER_FAMILY = 19
# From this many families on, PostgreSQL loads without secondary indexes and rebuilds them after.
DROP_INDEXES_FROM = 50_000


class Command(BaseCommand):
    help = "Maakt synthetische (verzonnen, gelabelde) gezinnen voor belastingstests. Nooit in productie."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--families", type=int, default=None, help="Hoeveel gezinnen.")
        parser.add_argument(
            "--landelijk",
            action="store_true",
            help=f"Landelijke omvang: een coalitie per gemeente, {NATIONAL_FAMILIES} gezinnen, "
            "ongeveer 10 miljoen logregels.",
        )
        parser.add_argument(
            "--coalities", type=int, default=None, help="Hoeveel coalities (standaard N/2000, hoogstens 100)."
        )
        parser.add_argument(
            "--log-per-gezin", type=int, default=None, help="Logregels per gezin (gemiddeld)."
        )
        parser.add_argument("--batch", type=int, default=2000, help="Gezinnen per transactie.")
        parser.add_argument("--seed", type=int, default=1, help="Startwaarde van de toevalsgenerator.")
        parser.add_argument(
            "--indexen-laten",
            action="store_true",
            help="Indexen niet tijdelijk verwijderen (ook niet bij een grote lading).",
        )
        parser.add_argument(
            "--herstel-indexen",
            action="store_true",
            help="Alleen de indexen terugzetten die een afgebroken lading heeft laten liggen.",
        )
        parser.add_argument(
            "--ja-synthetisch",
            action="store_true",
            help="Ook buiten DEBUG: ik weet dat dit verzonnen gegevens in deze database zet.",
        )

    def _say(self, text: str) -> None:
        if self.verbosity:
            self.stdout.write(text)
            self.stdout.flush()

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = options["verbosity"]
        if options["herstel_indexen"]:
            made = rebuild_indexes(self._say) if connection.vendor == "postgresql" else 0
            self.stdout.write(f"Indexen hersteld: {made} opnieuw opgebouwd.")
            return
        if not (settings.DEBUG or options["ja_synthetisch"]):
            raise CommandError(
                "Dit zet verzonnen gezinnen in de database. Alleen met KANSRIJK_DEBUG=true of met "
                "--ja-synthetisch (nooit in een echte installatie)."
            )
        national = options["landelijk"]
        total = (
            options["families"]
            if options["families"] is not None
            else (NATIONAL_FAMILIES if national else None)
        )
        if total is None:
            raise CommandError("Geef --families N of --landelijk.")
        if total < 1:
            raise CommandError("--families moet minstens 1 zijn.")
        log_per_family = options["log_per_gezin"] or (NATIONAL_LOG_PER_FAMILY if national else 10)
        rng = random.Random(options["seed"])  # noqa: S311 - fictional data, not secrets
        started = time.perf_counter()
        try:
            if national:
                self._say("Coalities maken of hergebruiken: een per gemeente…")
            coalitions = options["coalities"] or (0 if national else max(1, min(100, total // 2000)))
            sites = build_sites(count=coalitions, families=total)
        except LookupError as error:
            raise CommandError(str(error)) from error
        text = ConsentText.objects.order_by("-version").first()
        if text is None:
            raise CommandError("Geen toestemmingstekst gevonden: draai eerst kansrijk migrate.")
        instrument = Instrument.objects.filter(is_active=True).order_by("key", "-version").first()
        steps = family_steps(instrument)
        log = ChainBuilder()
        log.resume([f"lijst:{site.midwifery.pk}" for site in sites])
        self._say(
            f"{len(sites)} coalities klaar na {time.perf_counter() - started:.0f} s. "
            f"Nu {total} gezinnen laden in porties van {options['batch']}…"
        )
        big = total >= DROP_INDEXES_FROM and not options["indexen_laten"]
        written = 0
        with secondary_indexes_dropped(self._say) if big else nullcontext():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SET synchronous_commit = off"
                    )  # this session only: a lost batch is reloaded
            bar = tqdm(total=total, unit=" gezinnen", disable=options["verbosity"] == 0)
            for offset in range(0, total, options["batch"]):
                size = min(options["batch"], total - offset)
                batch = Batch(rng=rng, now=timezone.now(), text=text, log=log, log_per_family=log_per_family)
                for i in range(size):
                    family = _family(batch, sites[(offset + i) % len(sites)])
                    for step in steps:
                        step(batch, family)
                    batch.families.append(family)
                _list_entries(batch)
                with transaction.atomic():
                    written += flush(batch)
                bar.update(size)
                bar.set_postfix_str(f"{written} logregels", refresh=False)
            bar.close()
            loaded = time.perf_counter() - started
            self._say(f"Gezinnen geladen in {loaded:.0f} s; nu de indexen en statistieken…" if big else "")
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
