"""Writing the access log (NEN 7513): one function, `log_access`, called by care's services and
selectors inside their transaction, so an access and its entry commit together or not at all.

The HMAC chain: mac = HMAC-SHA256(key, canonical(entry) ‖ prev_mac), per chain; `kansrijk auditlog
verify` recomputes it (kansrijk.care.accesslog_verify). Chains: one per family ("gezin:<uuid>"), one per
organisation for lists that name several families ("lijst:<org id>"), one per user for the family's
own view of no family in particular. The head row of a chain is locked while appending, so two writers
of one family serialise and writers of different families never wait for each other.

Two ways to append, the same chain either way. Usually: lock the head (one upsert that also creates it),
insert the entry, move the head (three statements). A caller that already read the head in one of its own
queries (`head_of` as sub-selects, e.g. a worklist beside its counts) passes it as `head=`: the head is
then moved by a compare-and-set that holds only if nobody appended since (it takes the same row lock),
and the entry inserted (two statements). When the head moved in between, the usual way runs after all.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Subquery
from django.utils import timezone

from kansrijk.care.context import AccessContext
from kansrijk.care.models import AccessLogEntry, ChainHead

# The fields the MAC covers, in this order. Changing it invalidates every chain: only ever append.
MAC_FIELDS = (
    "chain", "seq", "occurred_at", "event", "action", "episode_id", "episodes", "user_id", "user_label",
    "organisation_id", "organisation_label", "team_label", "responsible_label", "purpose", "basis", "detail",
)  # fmt: skip


def canonical(values: dict[str, Any]) -> bytes:
    """A stable byte string of an entry's MAC'd fields (the same from a new entry and a stored row)."""
    out: dict[str, Any] = {}
    for name in MAC_FIELDS:
        value = values.get(name)
        if name == "occurred_at" and value is not None:
            value = value.astimezone(UTC).isoformat(timespec="microseconds")
        elif name == "episode_id" and value is not None:
            value = str(value)
        out[name] = value
    return json.dumps(out, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def compute_mac(values: dict[str, Any], prev_mac: str) -> str:
    key = settings.KANSRIJK_ACCESS_LOG_KEY.encode()
    return hmac.new(key, canonical(values) + prev_mac.encode(), hashlib.sha256).hexdigest()


def chain_for(ctx: AccessContext, episode_id: UUID | None) -> str:
    if episode_id is not None:
        return f"gezin:{episode_id}"
    if ctx.organisation is not None:
        return f"lijst:{ctx.organisation.pk}"
    return f"gebruiker:{ctx.user.pk}" if ctx.user else f"systeem:{ctx.system_label}"


# A fixed statement (the table name is checked against the model below); valid on PostgreSQL and SQLite.
_LOCK_HEAD = (
    "INSERT INTO care_chainhead (chain, seq, mac) VALUES (%s, 0, '') "
    "ON CONFLICT (chain) DO UPDATE SET seq = care_chainhead.seq RETURNING seq, mac"
)
# Move the head from the seq the caller saw to the next one, only if it still stands there (no row
# changed: someone appended in between). A chain the caller saw without a head gets it, as _LOCK_HEAD would
# make it, already moved; PostgreSQL locks a conflicting row even when the WHERE does not hold.
_SWAP_HEAD = "UPDATE care_chainhead SET seq = %s, mac = %s WHERE chain = %s AND seq = %s AND mac = %s"
_SWAP_NEW_HEAD = (
    "INSERT INTO care_chainhead (chain, seq, mac) VALUES (%s, 1, %s) "
    "ON CONFLICT (chain) DO UPDATE SET seq = 1, mac = excluded.mac "
    "WHERE care_chainhead.seq = 0 RETURNING seq"
)
if ChainHead._meta.db_table != "care_chainhead":  # pragma: no cover - a renamed table must fail loudly
    raise RuntimeError("kansrijk.care.accesslog: _LOCK_HEAD names the wrong table")


@dataclass(frozen=True)
class SeenHead:
    """A chain's head as a caller read it earlier in its transaction (seq 0 and no mac: no head yet)."""

    chain: str
    seq: int
    mac: str


def head_of(chain: str) -> dict[str, Subquery]:
    """The chain's head as two sub-selects (`head_seq`, `head_mac`) to annotate onto a query the caller
    runs anyway; `seen_head` turns what came back into the `head=` of `log_access`."""
    heads = ChainHead.objects.filter(chain=chain)
    return {
        "head_seq": Subquery(heads.values("seq")[:1]),
        "head_mac": Subquery(heads.values("mac")[:1]),
    }


def seen_head(chain: str, seq: int | None, mac: str | None) -> SeenHead:
    return SeenHead(chain=chain, seq=int(seq or 0), mac=str(mac or ""))


def _next_link(chain: str) -> tuple[int, str]:
    """Lock the chain's head and return (next seq, previous mac), in one statement: the upsert creates the
    head on first use without a race, and its no-op update takes the row lock a second writer waits on
    (PostgreSQL returns the row as the first writer committed it). One query instead of two per entry."""
    with connection.cursor() as cursor:
        cursor.execute(_LOCK_HEAD, [chain])
        seq, mac = cursor.fetchone()
    return int(seq) + 1, str(mac)


def _swap_head(head: SeenHead, mac: str) -> bool:
    """Move the head from `head` to the next seq with `mac`; False when it no longer stands at `head`."""
    with connection.cursor() as cursor:
        if head.seq == 0:
            cursor.execute(_SWAP_NEW_HEAD, [head.chain, mac])
            return cursor.fetchone() is not None
        cursor.execute(_SWAP_HEAD, [head.seq + 1, mac, head.chain, head.seq, head.mac])
        return cursor.rowcount == 1


def log_access(
    ctx: AccessContext,
    *,
    event: str,
    action: str,
    basis: str,
    episode_id: UUID | None = None,
    episodes: Iterable[UUID] = (),
    detail: dict[str, Any] | None = None,
    head: SeenHead | None = None,
) -> AccessLogEntry:
    """Append one entry. Must run inside the caller's transaction (like audit.record). `head`: the chain's
    head as the caller read it in this transaction (`head_of`), for the two-statement append."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("log_access() must be called inside the caller's transaction")
    chain = chain_for(ctx, episode_id)
    values: dict[str, Any] = {
        "chain": chain,
        "seq": 0,
        "occurred_at": timezone.now(),
        "event": event,
        "action": action,
        "episode_id": episode_id,
        "episodes": sorted(str(e) for e in episodes),
        "user_id": ctx.user.pk if ctx.user else None,
        "user_label": ctx.user.get_username() if ctx.user else ctx.system_label,
        "organisation_id": ctx.organisation.pk if ctx.organisation else None,
        "organisation_label": ctx.organisation.name if ctx.organisation else "",
        "team_label": ctx.team.name if ctx.team else "",
        "responsible_label": ctx.responsible.get_username() if ctx.responsible else "",
        "purpose": ctx.purpose,
        "basis": basis,
        "detail": detail or {},
    }
    if head is not None and head.chain == chain:
        values["seq"], prev_mac = head.seq + 1, head.mac
        mac = compute_mac(values, prev_mac)
        if _swap_head(head, mac):
            return AccessLogEntry.objects.create(**values, prev_mac=prev_mac, mac=mac)
    values["seq"], prev_mac = _next_link(chain)
    mac = compute_mac(values, prev_mac)
    entry = AccessLogEntry.objects.create(**values, prev_mac=prev_mac, mac=mac)
    ChainHead.objects.filter(chain=chain).update(seq=values["seq"], mac=mac)
    return entry
