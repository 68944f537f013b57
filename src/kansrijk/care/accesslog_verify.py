"""Checking the access log's HMAC chains (`kansrijk auditlog verify`) and signing their heads
(`kansrijk auditlog checkpoint`).

Verify streams every entry ordered by (chain, seq) and recomputes each MAC from its content and the MAC
of the entry before it, exactly as `kansrijk.care.accesslog.log_access` made it. That detects an entry
that was altered (its MAC no longer matches), removed (a gap in seq, or prev_mac pointing elsewhere) or
inserted (seq or prev_mac out of line, or a MAC nobody without the key could make). What the chain alone
cannot show is a cut-off tail: the last entries removed, the chain's head moved back. A checkpoint closes
that hole: the heads (chain, seq, mac) of every chain at a moment, signed with a key derived from
KANSRIJK_ACCESS_LOG_KEY and stored OUTSIDE the database. A chain that ends before its checkpointed seq,
or whose entry at that seq has another MAC, or that is gone, was cut short.

Everything runs in one read-only snapshot (REPEATABLE READ on PostgreSQL, one read transaction on
SQLite), so entries written while verify runs never look like a broken or cut chain.
"""

from __future__ import annotations

import hmac
import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q

from kansrijk.care.accesslog import MAC_FIELDS
from kansrijk.care.models import AccessLogEntry, ChainHead

CHECKPOINT_FORMAT = "kansrijk-toegangslog-checkpoint/1"
CHUNK_SIZE = 10_000
# How many chains one incremental query names (each as "chain = … AND seq > …").
CHAINS_PER_QUERY = 300
_ROW_FIELDS = ("id", *MAC_FIELDS, "prev_mac", "mac")
_ENCODE = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


@dataclass(frozen=True)
class Head:
    seq: int
    mac: str


@dataclass(frozen=True)
class Break:
    """The first thing wrong in one chain, in words for the person running verify."""

    chain: str
    problem: str
    seq: int | None = None
    entry_id: int | None = None

    def describe(self) -> str:
        where = f"keten {self.chain}"
        if self.seq is not None:
            where += f", volgnummer {self.seq}"
        if self.entry_id is not None:
            where += f", regel-id {self.entry_id}"
        return f"{where}: {self.problem}"


@dataclass
class Result:
    entries: int = 0
    chains: int = 0
    seconds: float = 0.0
    breaks: list[Break] = field(default_factory=list)
    heads: dict[str, Head] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.breaks

    @property
    def per_second(self) -> int:
        return round(self.entries / self.seconds) if self.seconds > 0 else 0


class CheckpointError(Exception):
    """The checkpoint file is missing, unreadable or not signed with our key (message in Dutch)."""


# --- MACs -----------------------------------------------------------------------------------------------


def _log_key() -> bytes:
    return str(settings.KANSRIJK_ACCESS_LOG_KEY).encode()


def checkpoint_key() -> bytes:
    """A sub-key for signing checkpoints, derived from the log key: a checkpoint signature can never be
    replayed as an entry MAC, and the log key itself never signs anything but entries."""
    return hmac.digest(_log_key(), b"kansrijk/toegangslog/checkpoint/v1", "sha256")


def _row_mac(key: bytes, row: tuple[Any, ...], prev_mac: str) -> str:
    """The MAC of a stored row (as `_ROW_FIELDS`), byte for byte what `accesslog.canonical` +
    `compute_mac` give; a test keeps the two equal. Inlined because this runs once per entry."""
    values = dict(zip(MAC_FIELDS, row[1:17], strict=True))
    occurred = values["occurred_at"]
    if occurred is not None:
        values["occurred_at"] = occurred.astimezone(UTC).isoformat(timespec="microseconds")
    if values["episode_id"] is not None:
        values["episode_id"] = str(values["episode_id"])
    return hmac.digest(key, (_ENCODE(values) + prev_mac).encode(), "sha256").hex()


# --- Walking the chains -----------------------------------------------------------------------------------


@dataclass
class _Walk:
    """Walks a stream of rows ordered by (chain, seq), one chain at a time."""

    key: bytes
    start: dict[str, Head]  # where each chain starts (incremental: the checkpointed head), else (0, "")
    checkpoint: dict[str, Head]  # the entry at a checkpointed seq must carry the checkpointed MAC
    result: Result
    on_rows: Callable[[int], None] = lambda n: None
    _chain: str | None = None
    _seq: int = 0
    _mac: str = ""
    _broken: bool = False

    def _close(self) -> None:
        if self._chain is not None and not self._broken:
            self.result.heads[self._chain] = Head(self._seq, self._mac)

    def _open(self, chain: str) -> None:
        self._close()
        self._chain, self._broken = chain, False
        head = self.start.get(chain, Head(0, ""))
        self._seq, self._mac = head.seq, head.mac
        self.result.chains += 1

    def _fail(self, row: tuple[Any, ...], problem: str) -> None:
        self.result.breaks.append(Break(chain=row[1], seq=row[2], entry_id=row[0], problem=problem))
        self._broken = True

    def feed(self, rows: Iterable[tuple[Any, ...]]) -> None:
        key, counted = self.key, 0
        for row in rows:
            counted += 1
            if counted == 5000:
                self.on_rows(counted)
                counted = 0
            if row[1] != self._chain:
                self._open(row[1])
            if self._broken:
                continue
            self.result.entries += 1
            seq, prev_mac, stored = row[2], row[17], row[18]
            expected = self._seq + 1
            if seq != expected:
                missing = f"{expected}" if seq == expected + 1 else f"{expected} tot en met {seq - 1}"
                self._fail(row, f"volgnummer {missing} ontbreekt: een regel is verwijderd")
                continue
            if prev_mac != self._mac:
                self._fail(
                    row, "de verwijzing naar de vorige regel klopt niet: regel verwijderd of ingevoegd"
                )
                continue
            mac = _row_mac(key, row, prev_mac)
            if not hmac.compare_digest(mac, stored):
                self._fail(row, "de inhoud past niet bij de MAC: de regel is gewijzigd of ingevoegd")
                continue
            held = self.checkpoint.get(row[1])
            if held is not None and held.seq == seq and held.mac != mac:
                self._fail(row, "de regel wijkt af van het checkpoint")
                continue
            self._seq, self._mac = seq, mac
        self.on_rows(counted)
        self._close()


def _rows(where: Q | None = None, chunk_size: int = CHUNK_SIZE) -> Iterator[tuple[Any, ...]]:
    qs = AccessLogEntry.objects.order_by("chain", "seq")
    if where is not None:
        qs = qs.filter(where)
    return qs.values_list(*_ROW_FIELDS).iterator(chunk_size=chunk_size)


def current_heads() -> dict[str, Head]:
    """The last stored entry of every chain (what a checkpoint signs)."""
    table = connection.ops.quote_name(AccessLogEntry._meta.db_table)
    sql = (
        f"SELECT e.chain, e.seq, e.mac FROM {table} e JOIN "  # noqa: S608 - a table name, no input
        f"(SELECT chain, MAX(seq) AS seq FROM {table} GROUP BY chain) last "
        "ON e.chain = last.chain AND e.seq = last.seq"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {chain: Head(int(seq), mac) for chain, seq, mac in cursor.fetchall()}


def _snapshot(outermost: bool) -> None:
    """Make the transaction just opened one consistent, read-only view of the log (when it is ours: inside
    a caller's transaction, e.g. a test's, the isolation level is already fixed)."""
    if outermost and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")


def _check_tails(checkpoint: dict[str, Head], now: dict[str, Head], result: Result) -> None:
    """Chains that are gone or end before their checkpointed seq were cut short."""
    broken = {b.chain for b in result.breaks}
    for chain in sorted(checkpoint):
        held, head = checkpoint[chain], now.get(chain)
        if chain in broken:
            continue
        if head is None:
            result.breaks.append(
                Break(chain=chain, problem=f"de keten ontbreekt; bij het checkpoint liep die tot {held.seq}")
            )
        elif head.seq < held.seq:
            result.breaks.append(
                Break(
                    chain=chain,
                    seq=head.seq,
                    problem=f"de keten is ingekort: ze eindigt bij {head.seq}, "
                    f"bij het checkpoint liep die tot {held.seq}",
                )
            )


def _check_chain_heads(result: Result) -> None:
    """The head table moves with every append: a head past the last entry means entries were removed
    at the end of the chain (found even without a checkpoint, when whoever removed them forgot it)."""
    broken = {b.chain for b in result.breaks}
    for chain, seq in ChainHead.objects.values_list("chain", "seq").iterator(CHUNK_SIZE):
        found = result.heads.get(chain)
        if chain in broken or seq == 0 or (found is not None and found.seq >= seq):
            continue
        ended = found.seq if found else 0
        result.breaks.append(
            Break(
                chain=chain,
                seq=ended or None,
                problem=f"de keten is ingekort: ze eindigt bij {ended}, "
                f"maar de kop van de keten staat op {seq}",
            )  # fmt: skip
        )


def verify(
    *,
    checkpoint: dict[str, Head] | None = None,
    incremental: bool = False,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int], None] | None = None,
) -> Result:
    """Recompute every chain (or, `incremental`, only what came after the checkpoint)."""
    checkpoint = checkpoint or {}
    result = Result()
    started = time.perf_counter()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        _snapshot(outermost)
        walk = _Walk(key=_log_key(), start={}, checkpoint=checkpoint, result=result)
        if progress is not None:
            walk.on_rows = progress
        if incremental and checkpoint:
            _verify_after(walk, checkpoint, chunk_size)
        else:
            walk.feed(_rows(chunk_size=chunk_size))
            _check_tails(checkpoint, result.heads, result)
        _check_chain_heads(result)
    result.seconds = time.perf_counter() - started
    return result


def _verify_after(walk: _Walk, checkpoint: dict[str, Head], chunk_size: int) -> None:
    """Only the entries after each chain's checkpointed head, starting from its checkpointed MAC."""
    now = current_heads()
    _check_tails(checkpoint, now, walk.result)
    for chain, held in checkpoint.items():
        head = now.get(chain)
        if head is not None and head.seq == held.seq and head.mac != held.mac:
            entry_id = AccessLogEntry.objects.filter(chain=chain, seq=held.seq).values_list("id", flat=True)
            walk.result.breaks.append(
                Break(chain=chain, seq=held.seq, entry_id=entry_id.first(), problem="de regel wijkt af van het checkpoint")
            )  # fmt: skip
    grown = sorted(c for c, h in now.items() if c not in checkpoint or h.seq > checkpoint[c].seq)
    walk.start = {c: checkpoint[c] for c in grown if c in checkpoint}
    walk.result.heads = {c: h for c, h in checkpoint.items() if c not in grown}
    for i in range(0, len(grown), CHAINS_PER_QUERY):
        where = Q()
        for chain in grown[i : i + CHAINS_PER_QUERY]:
            since = checkpoint.get(chain)
            where |= Q(chain=chain, seq__gt=since.seq) if since else Q(chain=chain)
        walk.feed(_rows(where, chunk_size))


# --- Checkpoints ----------------------------------------------------------------------------------------


def _signature(body: dict[str, Any]) -> str:
    return hmac.digest(checkpoint_key(), _ENCODE(body).encode(), "sha256").hex()


def checkpoint_build(now: datetime | None = None) -> dict[str, Any]:
    """Every chain's head and the time, signed: write it somewhere the database's admins cannot edit."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        _snapshot(outermost)
        heads = current_heads()
    body: dict[str, Any] = {
        "formaat": CHECKPOINT_FORMAT,
        "gemaakt_op": (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds"),
        "ketens": {chain: {"seq": h.seq, "mac": h.mac} for chain, h in sorted(heads.items())},
    }
    return {**body, "handtekening": _signature(body)}


def checkpoint_write(path: Path, now: datetime | None = None) -> dict[str, Any]:
    data = checkpoint_build(now)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".deel")
    partial.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    partial.replace(path)  # never a half-written checkpoint under the real name
    return data


def checkpoint_read(path: Path) -> tuple[dict[str, Head], str]:
    """The heads in a checkpoint file and when it was made; CheckpointError when it cannot be trusted."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise CheckpointError(f"Checkpoint {path} bestaat niet.") from error
    except (OSError, ValueError) as error:
        raise CheckpointError(f"Checkpoint {path} is niet te lezen: {error}.") from error
    if not isinstance(data, dict) or data.get("formaat") != CHECKPOINT_FORMAT:
        raise CheckpointError(f"Checkpoint {path} heeft niet het formaat {CHECKPOINT_FORMAT}.")
    body = {k: v for k, v in data.items() if k != "handtekening"}
    signature = data.get("handtekening")
    if not isinstance(signature, str) or not hmac.compare_digest(signature, _signature(body)):
        raise CheckpointError(
            f"De handtekening van checkpoint {path} klopt niet: het bestand is gewijzigd "
            "of met een andere sleutel gemaakt."
        )
    try:
        heads = {str(c): Head(int(h["seq"]), str(h["mac"])) for c, h in body["ketens"].items()}
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise CheckpointError(f"Checkpoint {path} is onvolledig: {error}.") from error
    return heads, str(body.get("gemaakt_op", ""))


def entries_total() -> int:
    return AccessLogEntry.objects.count()
