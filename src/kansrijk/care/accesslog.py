"""Writing the access log (NEN 7513): one function, `log_access`, called by care's services and
selectors inside their transaction, so an access and its entry commit together or not at all.

The HMAC chain: mac = HMAC-SHA256(key, canonical(entry) ‖ prev_mac), per chain; `kansrijk auditlog
verify` recomputes it (kansrijk.care.accesslog_verify). Chains: one per family ("gezin:<uuid>"), one per
organisation for lists that name several families ("lijst:<org id>"), one per user for the family's
own view of no family in particular. The head row of a chain is locked while appending, so two writers
of one family serialise and writers of different families never wait for each other.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from datetime import UTC
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import connection, transaction
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
if ChainHead._meta.db_table != "care_chainhead":  # pragma: no cover - a renamed table must fail loudly
    raise RuntimeError("kansrijk.care.accesslog: _LOCK_HEAD names the wrong table")


def _next_link(chain: str) -> tuple[int, str]:
    """Lock the chain's head and return (next seq, previous mac), in one statement: the upsert creates the
    head on first use without a race, and its no-op update takes the row lock a second writer waits on
    (PostgreSQL returns the row as the first writer committed it). One query instead of two per entry."""
    with connection.cursor() as cursor:
        cursor.execute(_LOCK_HEAD, [chain])
        seq, mac = cursor.fetchone()
    return int(seq) + 1, str(mac)


def log_access(
    ctx: AccessContext,
    *,
    event: str,
    action: str,
    basis: str,
    episode_id: UUID | None = None,
    episodes: Iterable[UUID] = (),
    detail: dict[str, Any] | None = None,
) -> AccessLogEntry:
    """Append one entry. Must run inside the caller's transaction (like audit.record)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("log_access() must be called inside the caller's transaction")
    chain = chain_for(ctx, episode_id)
    seq, prev_mac = _next_link(chain)
    values: dict[str, Any] = {
        "chain": chain,
        "seq": seq,
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
    mac = compute_mac(values, prev_mac)
    entry = AccessLogEntry.objects.create(**values, prev_mac=prev_mac, mac=mac)
    ChainHead.objects.filter(chain=chain).update(seq=seq, mac=mac)
    return entry
