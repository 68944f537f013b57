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

Speed (issue 12: ≥ 100,000 entries per second on PostgreSQL):
- a full verify reads the table in its stored order (a sequential scan, no index walk, no sort) through
  a server-side cursor, as plain tuples with the timestamp and the UUID as text and the JSON columns as
  text (no model instances), keeping each chain's last (seq, MAC) in memory. The writer appends to a
  chain under the chain's lock, so a chain's entries are stored in seq order; a chain where anything is
  off is walked again in (chain, seq) order, which names the first broken entry exactly;
- the canonical bytes are put together field by field with the json module's own string encoder
  (`message`), byte for byte what `accesslog.canonical` gives (a test compares the two on awkward values);
  each distinct JSON value is re-encoded once (most entries repeat a handful of details);
- chains are independent, so the chains are split by a hash of their name over worker processes
  (`--processen`), each with its own connection in the SAME snapshot (pg_export_snapshot / SET
  TRANSACTION SNAPSHOT).
Inside a caller's transaction (tests) and on SQLite verify runs in one process: other connections
could not see the caller's uncommitted rows.

Incremental (`--vanaf-checkpoint`): per chain only the entries after the checkpointed head, starting
from the checkpointed MAC; the checkpointed head must still be there unchanged, and a chain that ends
before it or is gone was cut. On PostgreSQL the chains' current ends are found through the head table
(an index probe per chain, not a scan of the log). Changes to entries BEFORE a checkpoint, and a chain
forged whole without a head row, are found by the full verify only: run that regularly too.
"""

from __future__ import annotations

import hmac
import json
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q

from kansrijk.care.accesslog import MAC_FIELDS
from kansrijk.care.models import AccessLogEntry, ChainHead

CHECKPOINT_FORMAT = "kansrijk-toegangslog-checkpoint/1"
CHUNK_SIZE = 10_000
# How many chains one query names on SQLite (each as "chain = … AND seq > …").
CHAINS_PER_QUERY = 300
# Distinct JSON values remembered while re-encoding (details repeat; list entries name other families).
JSON_CACHE = 100_000
_ROW_FIELDS = ("id", *MAC_FIELDS, "prev_mac", "mac")
_ENCODE = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode
# The json module's encoder of one string with ensure_ascii=False: what _ENCODE uses for every string.
_STR: Callable[[str], str] = json.encoder.encode_basestring
_LOG_TABLE = AccessLogEntry._meta.db_table
_HEAD_TABLE = ChainHead._meta.db_table

Row = tuple[Any, ...]


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
    processes: int = 1

    @property
    def ok(self) -> bool:
        return not self.breaks

    @property
    def per_second(self) -> int:
        return round(self.entries / self.seconds) if self.seconds > 0 else 0


class CheckpointError(Exception):
    """The checkpoint file is missing, unreadable or not signed with our key (message in Dutch)."""


# --- Canonical bytes and MACs ---------------------------------------------------------------------------

# The keys in the order json.dumps(sort_keys=True) writes them; `message` spells them out in this order.
SORTED_FIELDS = tuple(sorted(MAC_FIELDS))


def _log_key() -> bytes:
    return str(settings.KANSRIJK_ACCESS_LOG_KEY).encode()


def checkpoint_key() -> bytes:
    """A sub-key for signing checkpoints, derived from the log key: a checkpoint signature can never be
    replayed as an entry MAC, and the log key itself never signs anything but entries."""
    return hmac.digest(_log_key(), b"kansrijk/toegangslog/checkpoint/v1", "sha256")


def _same(text: str) -> str:
    return text


def _scalar(value: Any) -> str:
    """One JSON value as _ENCODE writes it (strings and integers directly, the rest through _ENCODE)."""
    if value is None:
        return "null"
    kind = type(value)
    if kind is str:
        return _STR(value)
    if kind is int:
        return int.__repr__(value)
    return _ENCODE(value)


def message(row: Row, canon: Callable[[str], str], when: Callable[[str], str] = _same) -> bytes:
    """canonical(entry) + prev_mac for a row in text form (`_ROW_FIELDS`; occurred_at as ISO text in
    UTC with microseconds, episode_id as text, episodes and detail as JSON text that `canon` turns into
    their canonical encoding; `when` may turn the database's text of occurred_at into that). Byte for
    byte `accesslog.canonical(values) + prev_mac.encode()`."""
    s = _STR
    try:  # the columns that are never NULL, encoded directly (this runs once per entry)
        episode, user_id, organisation_id = row[6], row[8], row[10]
        return (
            f'{{"action":{s(row[5])},"basis":{s(row[15])},"chain":{s(row[1])},"detail":{canon(row[16])},'
            f'"episode_id":{"null" if episode is None else s(episode)},"episodes":{canon(row[7])},'
            f'"event":{s(row[4])},"occurred_at":{s(when(row[3]))},'
            f'"organisation_id":{"null" if organisation_id is None else int.__repr__(organisation_id)},'
            f'"organisation_label":{s(row[11])},"purpose":{s(row[14])},"responsible_label":{s(row[13])},'
            f'"seq":{int.__repr__(row[2])},"team_label":{s(row[12])},'
            f'"user_id":{"null" if user_id is None else int.__repr__(user_id)},"user_label":{s(row[9])}}}'
            f"{row[17]}"
        ).encode()
    except TypeError:  # a None or a non-string where the table has text: the general encoder
        return _message_general(row, canon, when)


def _message_general(row: Row, canon: Callable[[str], str], when: Callable[[str], str]) -> bytes:
    occurred = row[3] if row[3] is None else when(row[3])
    return (
        '{"action":' + _scalar(row[5])
        + ',"basis":' + _scalar(row[15])
        + ',"chain":' + _scalar(row[1])
        + ',"detail":' + canon(row[16])
        + ',"episode_id":' + _scalar(row[6])
        + ',"episodes":' + canon(row[7])
        + ',"event":' + _scalar(row[4])
        + ',"occurred_at":' + _scalar(occurred)
        + ',"organisation_id":' + _scalar(row[10])
        + ',"organisation_label":' + _scalar(row[11])
        + ',"purpose":' + _scalar(row[14])
        + ',"responsible_label":' + _scalar(row[13])
        + ',"seq":' + _scalar(row[2])
        + ',"team_label":' + _scalar(row[12])
        + ',"user_id":' + _scalar(row[8])
        + ',"user_label":' + _scalar(row[9])
        + "}" + row[17]
    ).encode()  # fmt: skip


def text_row(values: dict[str, Any], prev_mac: str, mac: str = "", entry_id: int = 0) -> Row:
    """An entry's values (as `log_access` builds them or as the ORM reads them) in the text form of
    `message`, JSON already canonical (so `canon` is the identity)."""
    occurred = values.get("occurred_at")
    episode = values.get("episode_id")
    return (
        entry_id, values.get("chain"), values.get("seq"),
        None if occurred is None else occurred.astimezone(UTC).isoformat(timespec="microseconds"),
        values.get("event"), values.get("action"), None if episode is None else str(episode),
        _ENCODE(values.get("episodes")), values.get("user_id"), values.get("user_label"),
        values.get("organisation_id"), values.get("organisation_label"), values.get("team_label"),
        values.get("responsible_label"), values.get("purpose"), values.get("basis"),
        _ENCODE(values.get("detail")), prev_mac, mac,
    )  # fmt: skip


def fast_mac(key: bytes, values: dict[str, Any], prev_mac: str) -> str:
    """`accesslog.compute_mac(values, prev_mac)` without json.dumps of the whole entry (the bulk loader
    of synthetic volume uses it; a test keeps the two equal)."""
    return hmac.digest(key, message(text_row(values, prev_mac), _same), "sha256").hex()


class _Canonical:
    """Raw JSON text from the database → canonical encoding, remembered per distinct text."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}

    def __call__(self, raw: str) -> str:
        found = self.seen.get(raw)
        if found is None:
            if len(self.seen) >= JSON_CACHE:
                self.seen.clear()
            found = self.seen[raw] = _ENCODE(json.loads(raw))
        return found


# --- Walking the chains -----------------------------------------------------------------------------------


@dataclass
class _Walk:
    """Walks a stream of rows ordered by (chain, seq), one chain at a time."""

    key: bytes
    start: dict[str, Head]  # where each chain starts (incremental: the checkpointed head), else (0, "")
    checkpoint: dict[str, Head]  # the entry at a checkpointed seq must carry the checkpointed MAC
    result: Result
    canon: Callable[[str], str] = _same
    when: Callable[[str], str] = _same
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

    def _fail(self, row: Row, problem: str) -> None:
        self.result.breaks.append(Break(chain=row[1], seq=row[2], entry_id=row[0], problem=problem))
        self._broken = True

    def feed(self, rows: Iterable[Row]) -> None:
        key, canon, when, digest, counted = self.key, self.canon, self.when, hmac.digest, 0
        checkpoint = self.checkpoint
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
            mac = digest(key, message(row, canon, when), "sha256").hex()
            if not hmac.compare_digest(mac, stored):
                self._fail(row, "de inhoud past niet bij de MAC: de regel is gewijzigd of ingevoegd")
                continue
            if checkpoint:
                held = checkpoint.get(row[1])
                if held is not None and held.seq == seq and held.mac != mac:
                    self._fail(row, "de regel wijkt af van het checkpoint")
                    continue
            self._seq, self._mac = seq, mac
        self.on_rows(counted)
        self._close()


# --- Where rows come from ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Shard:
    """The chains whose hash modulo `count` is `index` (one worker's share of a full verify)."""

    count: int = 1
    index: int = 0


def _shard_where(shard: _Shard, column: str) -> tuple[str, list[Any]]:
    if shard.count == 1:
        return "1 = 1", []
    return f"(hashtext({column}) & 2147483647) %% %s = %s", [shard.count, shard.index]


class _Source(Protocol):
    canon: Callable[[str], str]
    when: Callable[[str], str]

    def physical(self, shard: _Shard) -> Iterator[Row]: ...

    def in_shard(self, chains: list[str], shard: _Shard) -> set[str]: ...

    def chain_heads(self, shard: _Shard) -> list[Row]: ...

    def rows_after(self, since: list[tuple[str, int]]) -> Iterator[Row]: ...

    def fetch(self, sql: str, params: list[Any]) -> list[Row]: ...


# The columns of `message`'s text form, computed by PostgreSQL (the session's time zone is UTC, so a
# timestamp reads "2026-03-01 09:05:07.000012+00"; `_iso` makes it isoformat's text: to_char() in the
# database would do the same at a tenth of the speed).
_PG_COLUMNS = (
    "e.id, e.chain, e.seq, "
    "e.occurred_at::text, "
    "e.event, e.action, e.episode_id::text, e.episodes::text, e.user_id, e.user_label, e.organisation_id, "
    "e.organisation_label, e.team_label, e.responsible_label, e.purpose, e.basis, e.detail::text, "
    "e.prev_mac, e.mac"
)


def _iso(text: str) -> str:
    """PostgreSQL's text of a timestamp in UTC → `datetime.isoformat(timespec="microseconds")`."""
    if len(text) in (22, 29) and text.endswith("+00") and text[10] == " ":
        return text[:10] + "T" + text[11:19] + (text[19:26] if len(text) == 29 else ".000000") + "+00:00"
    moment = datetime.fromisoformat(text + ":00" if text[-3] in "+-" else text)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


class _PostgresSource:
    """Rows from PostgreSQL through a server-side cursor on a raw psycopg connection, in text form."""

    def __init__(self, raw: Any, chunk_size: int) -> None:
        self.raw, self.chunk_size, self._cursors = raw, chunk_size, 0
        self.canon: Callable[[str], str] = _Canonical()
        self.when: Callable[[str], str] = _iso

    def _stream(self, sql: str, params: list[Any]) -> Iterator[Row]:
        self._cursors += 1
        with self.raw.cursor(name=f"kansrijk_verify_{os.getpid()}_{self._cursors}") as cursor:
            cursor.itersize = self.chunk_size
            cursor.execute(sql, params)
            yield from cursor

    def physical(self, shard: _Shard) -> Iterator[Row]:
        """Every row of the shard in the order the table holds them (a sequential scan, no sort)."""
        where, params = _shard_where(shard, "e.chain")
        return self._stream(f"SELECT {_PG_COLUMNS} FROM {_LOG_TABLE} e WHERE {where}", params)  # noqa: S608

    def in_shard(self, chains: list[str], shard: _Shard) -> set[str]:
        if shard.count == 1:
            return set(chains)
        where, params = _shard_where(shard, "c")
        sql = f"SELECT c FROM unnest(%s::text[]) AS c WHERE {where}"  # noqa: S608 - no input in the SQL
        return {row[0] for row in self.fetch(sql, [chains, *params])}

    def chain_heads(self, shard: _Shard) -> list[Row]:
        where, params = _shard_where(shard, "chain")
        return self.fetch(f"SELECT chain, seq FROM {_HEAD_TABLE} WHERE {where}", params)  # noqa: S608

    def rows_after(self, since: list[tuple[str, int]]) -> Iterator[Row]:
        sql = (
            f"SELECT {_PG_COLUMNS} FROM unnest(%s::text[], %s::bigint[]) AS c(chain, since) "  # noqa: S608
            f"JOIN {_LOG_TABLE} e ON e.chain = c.chain AND e.seq > c.since ORDER BY e.chain, e.seq"
        )
        return self._stream(sql, [[c for c, _s in since], [s for _c, s in since]])

    def fetch(self, sql: str, params: list[Any]) -> list[Row]:
        with self.raw.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())


class _OrmSource:
    """Rows through the ORM (SQLite, or any other database), turned into the same text form."""

    canon: Callable[[str], str] = staticmethod(_same)
    when: Callable[[str], str] = staticmethod(_same)

    def __init__(self, chunk_size: int) -> None:
        self.chunk_size = chunk_size

    def _rows(self, where: Q) -> Iterator[Row]:
        rows = (
            AccessLogEntry.objects.filter(where)
            .order_by("chain", "seq")
            .values_list(*_ROW_FIELDS)
            .iterator(chunk_size=self.chunk_size)
        )
        for row in rows:
            yield text_row(dict(zip(MAC_FIELDS, row[1:17], strict=True)), row[17], row[18], row[0])

    def physical(self, shard: _Shard) -> Iterator[Row]:
        for row in AccessLogEntry.objects.order_by("id").values_list(*_ROW_FIELDS).iterator(self.chunk_size):
            yield text_row(dict(zip(MAC_FIELDS, row[1:17], strict=True)), row[17], row[18], row[0])

    def in_shard(self, chains: list[str], shard: _Shard) -> set[str]:
        return set(chains)  # one process: one shard

    def chain_heads(self, shard: _Shard) -> list[Row]:
        return list(ChainHead.objects.values_list("chain", "seq").iterator(CHUNK_SIZE))

    def rows_after(self, since: list[tuple[str, int]]) -> Iterator[Row]:
        for i in range(0, len(since), CHAINS_PER_QUERY):
            where = Q()
            for chain, seq in since[i : i + CHAINS_PER_QUERY]:
                where |= Q(chain=chain, seq__gt=seq)
            yield from self._rows(where)

    def fetch(self, sql: str, params: list[Any]) -> list[Row]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())


def _heads_in(source: _Source, shard: _Shard) -> dict[str, Head]:
    """The last stored entry of every chain in the shard."""
    where, params = _shard_where(shard, "chain")
    sql = (
        f"SELECT e.chain, e.seq, e.mac FROM {_LOG_TABLE} e JOIN "  # noqa: S608 - table names, no input
        f"(SELECT chain, MAX(seq) AS seq FROM {_LOG_TABLE} WHERE {where} GROUP BY chain) last "
        "ON e.chain = last.chain AND e.seq = last.seq"
    )
    return {chain: Head(int(seq), mac) for chain, seq, mac in source.fetch(sql, params)}


def _heads_claimed(source: _Source, shard: _Shard, checkpoint: dict[str, Head]) -> dict[str, Head]:
    """The last stored entry of every chain in the shard, found from the head table (index probes, not a
    scan of the whole log): the entry at the head's seq or any after it. Where that entry is gone, and
    for checkpointed chains without a head row, the last entry is looked up per chain. (A chain with
    neither a head row nor a checkpoint is left to the full verify.)"""
    where, params = _shard_where(shard, "h.chain")
    sql = (
        f"SELECT h.chain, e.seq, e.mac FROM {_HEAD_TABLE} h LEFT JOIN LATERAL "  # noqa: S608 - table names
        f"(SELECT seq, mac FROM {_LOG_TABLE} WHERE chain = h.chain AND seq >= h.seq "
        f"ORDER BY seq DESC LIMIT 1) e ON true WHERE {where}"
    )
    now, lost = {}, []
    for chain, seq, mac in source.fetch(sql, params):
        if seq is None:
            lost.append(chain)
        else:
            now[chain] = Head(int(seq), mac)
    lost += [c for c in checkpoint if c not in now and c not in lost]
    if lost:
        rows = source.fetch(
            f"SELECT DISTINCT ON (chain) chain, seq, mac FROM {_LOG_TABLE} "  # noqa: S608 - table name
            "WHERE chain = ANY(%s) ORDER BY chain, seq DESC",
            [lost],
        )
        now.update({chain: Head(int(seq), mac) for chain, seq, mac in rows})
    return now


def current_heads() -> dict[str, Head]:
    """The last stored entry of every chain (what a checkpoint signs)."""
    return _heads_in(_OrmSource(CHUNK_SIZE), _Shard())


# For the reading transaction on PostgreSQL: no JIT compilation for these simple queries; timestamps as
# UTC text.
_TUNING = ("SET LOCAL jit = off", "SET LOCAL TIME ZONE 'UTC'")


def _snapshot(outermost: bool) -> None:
    """Make the transaction just opened one consistent, read-only view of the log (when it is ours: inside
    a caller's transaction, e.g. a test's, the isolation level is already fixed)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if outermost:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for statement in _TUNING:
            cursor.execute(statement)


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


def _check_chain_heads(source: _Source, shard: _Shard, result: Result) -> None:
    """The head table moves with every append: a head past the last entry means entries were removed
    at the end of the chain (found even without a checkpoint, when whoever removed them forgot it)."""
    broken = {b.chain for b in result.breaks}
    for chain, seq in source.chain_heads(shard):
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


def _own_checkpoint(source: _Source, shard: _Shard, checkpoint: dict[str, Head]) -> dict[str, Head]:
    """The checkpointed chains of this shard (the database hashes the names, as for the rows)."""
    if not checkpoint or shard.count == 1:
        return checkpoint
    mine = source.in_shard(sorted(checkpoint), shard)
    return {c: h for c, h in checkpoint.items() if c in mine}


def _check_full(
    source: _Source,
    shard: _Shard,
    *,
    key: bytes,
    checkpoint: dict[str, Head],
    on_rows: Callable[[int], None] | None = None,
) -> Result:
    """Full verify of one shard, reading the table in its own order (no index walk, no sort: fast on
    PostgreSQL, where a walk in (chain, seq) order costs a random page read per entry).

    Each chain's last (seq, mac) is kept in memory. The writer appends to a chain one entry at a time
    under the chain's lock, so a chain's entries are stored in seq order; any chain where that does not
    hold, or where anything else is off, is a suspect, and suspects are walked again in (chain, seq) order
    by `_Walk` — which names exactly what is wrong, as the one-chain-at-a-time walk always did."""
    result = Result()
    checkpoint = _own_checkpoint(source, shard, checkpoint)
    state: dict[str, tuple[int, str]] = {}
    suspects: set[str] = set()
    canon, when, digest, compare = source.canon, source.when, hmac.digest, hmac.compare_digest
    report = on_rows or (lambda n: None)
    counted = 0
    for row in source.physical(shard):
        counted += 1
        if counted == 20_000:
            report(counted)
            result.entries += counted
            counted = 0
        chain = row[1]
        last = state.get(chain)
        if last is None:
            if chain in suspects:
                continue
            last = (0, "")
        seq = row[2]
        if seq != last[0] + 1 or row[17] != last[1]:
            suspects.add(chain)
            state.pop(chain, None)
            continue
        mac = digest(key, message(row, canon, when), "sha256").hex()
        held = checkpoint.get(chain) if checkpoint else None
        if not compare(mac, row[18]) or (held is not None and held.seq == seq and held.mac != mac):
            suspects.add(chain)
            state.pop(chain, None)
            continue
        state[chain] = (seq, mac)
    report(counted)
    result.entries += counted
    result.chains = len(state) + len(suspects)
    result.heads = {chain: Head(seq, mac) for chain, (seq, mac) in state.items()}
    if suspects:
        again = Result()
        walk = _Walk(key=key, start={}, checkpoint=checkpoint, result=again, canon=canon, when=when)
        walk.feed(source.rows_after([(chain, 0) for chain in sorted(suspects)]))
        result.breaks += again.breaks
        result.heads.update(again.heads)
    _check_tails(checkpoint, result.heads, result)
    _check_chain_heads(source, shard, result)
    return result


def _check_after(
    source: _Source,
    shard: _Shard,
    *,
    key: bytes,
    checkpoint: dict[str, Head],
    on_rows: Callable[[int], None] | None = None,
) -> Result:
    """Incremental verify of one shard: only the entries after each chain's checkpointed head, starting
    from its checkpointed MAC; the checkpointed heads themselves must still be there, unchanged."""
    result = Result()
    checkpoint = _own_checkpoint(source, shard, checkpoint)
    walk = _Walk(
        key=key, start={}, checkpoint=checkpoint, result=result, canon=source.canon, when=source.when
    )
    if on_rows is not None:
        walk.on_rows = on_rows
    postgres = isinstance(source, _PostgresSource)
    now = _heads_claimed(source, shard, checkpoint) if postgres else _heads_in(source, shard)
    _check_tails(checkpoint, now, result)
    for chain, held in checkpoint.items():
        head = now.get(chain)
        if head is not None and head.seq == held.seq and head.mac != held.mac:
            found = source.fetch(
                f"SELECT id FROM {_LOG_TABLE} WHERE chain = %s AND seq = %s",  # noqa: S608 - table name
                [chain, held.seq],
            )
            result.breaks.append(
                Break(chain=chain, seq=held.seq, entry_id=found[0][0] if found else None,
                      problem="de regel wijkt af van het checkpoint")
            )  # fmt: skip
    grown = sorted(c for c, h in now.items() if c not in checkpoint or h.seq > checkpoint[c].seq)
    walk.start = {c: checkpoint[c] for c in grown if c in checkpoint}
    grown_set = set(grown)
    result.heads = {c: h for c, h in checkpoint.items() if c not in grown_set}
    walk.feed(source.rows_after([(c, walk.start[c].seq if c in walk.start else 0) for c in grown]))
    _check_chain_heads(source, shard, result)
    return result


def _check(source: _Source, shard: _Shard, job: _Job, on_rows: Callable[[int], None] | None = None) -> Result:
    check = _check_after if job.incremental else _check_full
    return check(source, shard, key=job.key, checkpoint=job.checkpoint, on_rows=on_rows)


# --- Parallel workers (PostgreSQL) ---------------------------------------------------------------------


@dataclass
class _Job:
    """What a verify needs; for workers inherited through fork (never pickled)."""

    key: bytes
    checkpoint: dict[str, Head]
    incremental: bool
    chunk_size: int
    processes: int = 1
    params: dict[str, Any] = field(default_factory=dict)
    snapshot: str = ""
    source: _PostgresSource | None = None


_JOB: _Job | None = None


def _worker_start() -> None:
    """In a fresh worker: its own connection, in the snapshot of the process that started it."""
    import psycopg
    from psycopg import sql

    assert _JOB is not None  # noqa: S101 - set before the pool forks
    raw = psycopg.connect(**_JOB.params)
    raw.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
    raw.execute(sql.SQL("SET TRANSACTION SNAPSHOT {}").format(sql.Literal(_JOB.snapshot)))
    for statement in _TUNING:
        raw.execute(statement)
    _JOB.source = _PostgresSource(raw, _JOB.chunk_size)


def _worker_shard(index: int) -> Result:
    assert _JOB is not None and _JOB.source is not None  # noqa: S101 - set by _worker_start
    result = _check(_JOB.source, _Shard(_JOB.processes, index), _JOB)
    result.heads = {}  # not sent back: the heads were checked in the worker
    return result


def _connection_params() -> dict[str, Any]:
    params = dict(connection.get_connection_params())
    for name in ("context", "cursor_factory", "prepare_threshold"):
        params.pop(name, None)
    return params


def _parallel(job: _Job, progress: Callable[[int], None] | None) -> list[Result]:
    """One worker process per shard, all in this transaction's snapshot."""
    global _JOB  # noqa: PLW0603 - handed to the forked workers
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_export_snapshot()")
        job.snapshot = str(cursor.fetchone()[0])
    job.params = _connection_params()
    _JOB, results = job, []
    try:
        with multiprocessing.get_context("fork").Pool(job.processes, initializer=_worker_start) as pool:
            for result in pool.imap_unordered(_worker_shard, range(job.processes)):
                results.append(result)
                if progress is not None:
                    progress(result.entries)
    finally:
        _JOB = None
    return results


def default_processes() -> int:
    return max(1, min(8, os.cpu_count() or 1))


def verify(
    *,
    checkpoint: dict[str, Head] | None = None,
    incremental: bool = False,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int], None] | None = None,
    processes: int | None = None,
) -> Result:
    """Recompute every chain (or, `incremental`, only what came after the checkpoint): in `processes`
    worker processes on PostgreSQL outside a caller's transaction, else in this process."""
    checkpoint = checkpoint or {}
    job = _Job(_log_key(), checkpoint, incremental and bool(checkpoint), chunk_size)
    job.processes = default_processes() if processes is None else max(1, processes)
    started = time.perf_counter()
    outermost = not connection.in_atomic_block
    postgres = connection.vendor == "postgresql"
    with transaction.atomic():
        _snapshot(outermost)
        if postgres and outermost and job.processes > 1:
            results = _parallel(job, progress)
        else:
            job.processes = 1
            connection.ensure_connection()
            source: _Source = (
                _PostgresSource(connection.connection, chunk_size) if postgres else _OrmSource(chunk_size)
            )
            results = [_check(source, _Shard(), job, progress)]
    result = Result(processes=job.processes)
    for part in results:
        result.entries += part.entries
        result.chains += part.chains
        result.breaks += part.breaks
        result.heads.update(part.heads)
    result.breaks.sort(key=lambda b: (b.chain, b.seq or 0))
    result.seconds = time.perf_counter() - started
    return result


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
