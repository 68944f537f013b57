"""`kansrijk auditlog verify` and `checkpoint`: intact → 0; altered, removed, inserted, cut short → 1,
naming the first broken entry. Tampering is done as an attacker with database access would: raw SQL."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import override_settings

from kansrijk.care.accesslog import MAC_FIELDS, canonical, compute_mac, log_access
from kansrijk.care.accesslog_verify import (
    SORTED_FIELDS,
    _Canonical,
    _OrmSource,
    _PostgresSource,
    _Shard,
    checkpoint_read,
    fast_mac,
    message,
    text_row,
    verify,
)
from kansrijk.care.models import AccessEvent, AccessLogEntry, ChainHead
from tests.care.accesslog_tamper import TABLE, entry, read_entries, run, sql
from tests.care.personas import CareCast


@pytest.fixture
def chain(care: CareCast) -> str:
    """The Reuring family's chain with five entries (registration + four reads)."""
    read_entries(care.ctx(care.midwife), care.family.public_id, 4)
    return f"gezin:{care.family.public_id}"


def test_an_intact_log_verifies(chain: str) -> None:
    code, out = run("verify")
    assert code == 0, out
    assert "Toegangslog in orde" in out and "regels per seconde" in out


def test_the_fast_mac_equals_the_writer_mac(chain: str) -> None:
    """verify's inlined MAC is byte for byte log_access's (else every real chain would 'break')."""
    for row in AccessLogEntry.objects.order_by("chain", "seq"):
        assert compute_mac({f: getattr(row, f) for f in MAC_FIELDS}, row.prev_mac) == row.mac


def test_an_altered_entry_is_named(chain: str) -> None:
    target = entry(chain, 3)
    sql("UPDATE {table} SET user_label = %s WHERE id = %s", ["iemand-anders@example.org", target.pk])
    code, out = run("verify")
    assert code == 1
    assert f"Eerste fout: keten {chain}, volgnummer 3, regel-id {target.pk}: de inhoud past niet" in out


def test_an_altered_entry_with_a_recomputed_mac_but_wrong_key_is_named(chain: str) -> None:
    """Someone without the key cannot make a matching MAC, even when they fix up the next link."""
    target = entry(chain, 2)
    fake = compute_mac({f: getattr(target, f) for f in MAC_FIELDS} | {"action": "niets"}, target.prev_mac)
    sql("UPDATE {table} SET action = 'niets', mac = %s WHERE id = %s", ["0" * 64, target.pk])
    assert fake != target.mac
    code, out = run("verify")
    assert code == 1 and f"volgnummer 2, regel-id {target.pk}" in out


def test_a_removed_entry_is_named(chain: str) -> None:
    removed, after = entry(chain, 3), entry(chain, 4)
    sql("DELETE FROM {table} WHERE id = %s", [removed.pk])
    code, out = run("verify")
    assert code == 1
    assert f"keten {chain}, volgnummer 4, regel-id {after.pk}: volgnummer 3 ontbreekt" in out


def test_a_removed_entry_hidden_by_renumbering_is_named(chain: str) -> None:
    removed, after = entry(chain, 3), entry(chain, 4)
    sql("DELETE FROM {table} WHERE id = %s", [removed.pk])
    sql("UPDATE {table} SET seq = seq + 1000 WHERE chain = %s AND seq > 3", [chain])
    sql("UPDATE {table} SET seq = seq - 1001 WHERE chain = %s AND seq > 1000", [chain])
    code, out = run("verify")
    assert code == 1
    assert f"volgnummer 3, regel-id {after.pk}: de verwijzing naar de vorige regel klopt niet" in out


def test_an_inserted_entry_is_named(chain: str) -> None:
    """A forged entry slipped in at seq 2 (later entries moved up), linked to seq 1 as it should be."""
    first = entry(chain, 1)
    sql("UPDATE {table} SET seq = seq + 1000 WHERE chain = %s AND seq >= 2", [chain])
    sql("UPDATE {table} SET seq = seq - 999 WHERE chain = %s AND seq > 1000", [chain])
    forged = AccessLogEntry(**{f: getattr(first, f) for f in MAC_FIELDS})
    forged.seq, forged.action, forged.prev_mac, forged.mac = 2, "gezin.bekeken", first.mac, "ab" * 32
    forged.save()
    code, out = run("verify")
    assert code == 1
    assert f"keten {chain}, volgnummer 2, regel-id {forged.pk}: de inhoud past niet bij de MAC" in out


def test_an_entry_copied_from_another_chain_is_named(care: CareCast, chain: str) -> None:
    other = f"gezin:{care.other_family.public_id}"
    last = AccessLogEntry.objects.filter(chain=other).order_by("-seq").first()
    assert last is not None
    copy = entry(chain, 5)
    copy.pk, copy.chain, copy.seq, copy.prev_mac = None, other, last.seq + 1, last.mac
    copy.save()
    code, out = run("verify")
    assert code == 1 and f"keten {other}, volgnummer {last.seq + 1}, regel-id {copy.pk}" in out


def test_a_cut_chain_is_found_by_the_checkpoint(chain: str, tmp_path: Path) -> None:
    point = tmp_path / "checkpoint.json"
    assert run("checkpoint", "--uit", str(point))[0] == 0
    # A careful attacker removes the last two entries and moves the chain's head back too.
    fourth = entry(chain, 3)
    sql("DELETE FROM {table} WHERE chain = %s AND seq > 3", [chain])
    ChainHead.objects.filter(chain=chain).update(seq=3, mac=fourth.mac)
    assert run("verify")[0] == 0  # the chain alone cannot show a cut tail: hence checkpoints
    for extra in ([], ["--vanaf-checkpoint"]):
        code, out = run("verify", "--checkpoint", str(point), *extra)
        assert code == 1, extra
        assert f"keten {chain}, volgnummer 3: de keten is ingekort: ze eindigt bij 3" in out
        assert "tot 5" in out


def test_a_cut_chain_whose_head_was_left_is_found_without_checkpoint(chain: str) -> None:
    sql("DELETE FROM {table} WHERE chain = %s AND seq = 5", [chain])
    code, out = run("verify")
    assert code == 1 and "de keten is ingekort: ze eindigt bij 4, maar de kop van de keten staat op 5" in out


def test_a_removed_chain_is_found_by_the_checkpoint(chain: str, tmp_path: Path) -> None:
    point = tmp_path / "checkpoint.json"
    run("checkpoint", "--uit", str(point))
    sql("DELETE FROM {table} WHERE chain = %s", [chain])
    ChainHead.objects.filter(chain=chain).delete()
    code, out = run("verify", "--checkpoint", str(point))
    assert code == 1 and f"keten {chain}: de keten ontbreekt; bij het checkpoint liep die tot 5" in out


def test_a_replaced_tail_differs_from_the_checkpoint(chain: str, tmp_path: Path) -> None:
    point = tmp_path / "checkpoint.json"
    run("checkpoint", "--uit", str(point))
    target = entry(chain, 5)
    sql("UPDATE {table} SET mac = %s WHERE id = %s", ["cd" * 32, target.pk])
    code, out = run("verify", "--checkpoint", str(point), "--vanaf-checkpoint")
    assert code == 1 and f"volgnummer 5, regel-id {target.pk}: de regel wijkt af van het checkpoint" in out


def test_incremental_verify_checks_only_what_came_after(care: CareCast, chain: str, tmp_path: Path) -> None:
    point = tmp_path / "checkpoint.json"
    code, out = run("checkpoint", "--uit", str(point))
    assert code == 0 and "Checkpoint geschreven" in out
    read_entries(care.ctx(care.midwife), care.family.public_id, 3)
    code, out = run("verify", "--checkpoint", str(point), "--vanaf-checkpoint")
    assert code == 0, out
    assert "handtekening klopt" in out and "3 regels na het checkpoint" in out
    target = entry(chain, 7)
    sql("UPDATE {table} SET basis = 'meldcode:x' WHERE id = %s", [target.pk])
    code, out = run("verify", "--checkpoint", str(point), "--vanaf-checkpoint")
    assert code == 1 and f"volgnummer 7, regel-id {target.pk}" in out


def test_a_tampered_checkpoint_is_refused(chain: str, tmp_path: Path) -> None:
    point = tmp_path / "checkpoint.json"
    run("checkpoint", "--uit", str(point))
    data = json.loads(point.read_text())
    data["ketens"][chain]["seq"] = 2  # hide that the tail may be cut
    point.write_text(json.dumps(data))
    code, out = run("verify", "--checkpoint", str(point))
    assert code == 1 and "De handtekening van checkpoint" in out and "klopt niet" in out


def test_a_checkpoint_made_with_another_key_is_refused(chain: str, tmp_path: Path) -> None:
    point = tmp_path / "checkpoint.json"
    with override_settings(KANSRIJK_ACCESS_LOG_KEY="een-andere-sleutel-" * 3):
        run("checkpoint", "--uit", str(point))
    code, out = run("verify", "--checkpoint", str(point))
    assert code == 1 and "klopt niet" in out


def test_a_missing_checkpoint_file_is_an_error(chain: str, tmp_path: Path) -> None:
    code, out = run("verify", "--checkpoint", str(tmp_path / "weg.json"))
    assert code == 1 and "bestaat niet" in out


def test_the_database_refuses_changes_or_the_chain_catches_them(chain: str) -> None:
    """PostgreSQL refuses UPDATE and DELETE (the append-only trigger). SQLite has no such trigger: there a
    change goes through, and verify names it. One test for both databases, so neither pass skips it."""
    target = entry(chain, 1)
    statements = ("UPDATE {table} SET action = 'x' WHERE id = %s", "DELETE FROM {table} WHERE id = %s")
    if connection.vendor == "postgresql":
        for statement in statements:
            with (
                pytest.raises(DatabaseError, match="alleen aan te vullen"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(statement.format(table=TABLE), [target.pk])  # noqa: S608 - our table name
        assert entry(chain, 1).action == target.action
        return
    with connection.cursor() as cursor:
        cursor.execute(statements[0].format(table=TABLE), [target.pk])  # noqa: S608 - our table name
    code, out = run("verify")
    assert code == 1 and "volgnummer 1" in out


# --- The fast path: byte-identical canonical bytes, parallel workers, incremental from a checkpoint ---------

# Awkward values a log entry may carry (labels and details): quotes, backslashes, control characters,
# non-ASCII (composed and not), astral characters, the line separators JSON leaves alone, nesting, keys
# that sort differently as code points than as bytes, null, booleans, a big integer.
AWKWARD_TEXT = 'Zoë "quote" \\ back\nslash\ttab\r \u2028\u2029 \u0001\u001f\u007f € \U0001f600 e\u0301 ﬁ'
AWKWARD_DETAILS: list[Any] = [
    {},
    {"leeg": None, "ja": True, "nee": False, "groot": 10**20, "half": 2.5, "lijst": []},
    {"tekst": AWKWARD_TEXT, "É": "é", "é": 1, "Z": 2, "a": {"b": {"c": ["é", {}, [None]]}}},
    {"categorieen": ["identificatie", "screening"], "personen": 3},
]


def _values(detail: Any, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "chain": "gezin:x", "seq": 3, "occurred_at": datetime(2026, 3, 1, 9, 5, 7, 12, tzinfo=UTC),
        "event": "lezen", "action": "gezin.bekijken", "episode_id": uuid.uuid4(),
        "episodes": [], "user_id": 12, "user_label": AWKWARD_TEXT, "organisation_id": None,
        "organisation_label": "Zorg & Co ‘Ölçü’", "team_label": "", "responsible_label": "ü@example.org",
        "purpose": "zorg", "basis": "eigen relatie:ä", "detail": detail,
    }  # fmt: skip
    return values | overrides


def test_the_fast_canonical_bytes_equal_the_writer_bytes_on_awkward_values() -> None:
    """`message` builds canonical(entry) + prev_mac field by field; it must never differ from json.dumps
    (one byte off and every chain 'breaks'). Also with NUL, which PostgreSQL cannot store in JSON."""
    key = settings.KANSRIJK_ACCESS_LOG_KEY.encode()
    cases = [
        _values(detail) | extra
        for detail in [*AWKWARD_DETAILS, {"nul": "a\u0000b"}]
        for extra in (
            {},
            {"episode_id": None, "episodes": sorted(str(uuid.uuid4()) for _ in range(3)), "user_id": None},
            {"occurred_at": datetime(2026, 7, 1, 23, 59, 59, 999999, tzinfo=timezone(timedelta(hours=2)))},
            {"occurred_at": datetime(999, 1, 1, tzinfo=UTC), "organisation_id": 2**40, "seq": 10**12},
        )
    ]
    for values in cases:
        for prev in ("", "ab" * 32):
            assert message(text_row(values, prev), str) == canonical(values) + prev.encode()
            assert fast_mac(key, values, prev) == compute_mac(values, prev)
    # The canonical's keys in the order `message` writes them.
    assert list(json.loads(canonical(cases[0]))) == list(SORTED_FIELDS)
    # Denied: a different value gives different bytes (the comparison is not vacuous).
    assert message(text_row(cases[0] | {"user_label": "x"}, ""), str) != canonical(cases[0])


def test_rows_read_back_from_the_database_give_the_writer_bytes(care: CareCast) -> None:
    """Through the real writer and the real reader (PostgreSQL: server-side cursor, timestamps formatted
    by the database, JSON as jsonb text; SQLite: the ORM) the bytes are the writer's."""
    ctx = care.ctx(care.midwife)
    for detail in AWKWARD_DETAILS:
        with transaction.atomic():
            log_access(ctx, event=AccessEvent.READ, action="gezin.bekeken", basis=AWKWARD_TEXT[:80],
                       episode_id=care.family.public_id, detail=detail)  # fmt: skip
    with transaction.atomic():
        log_access(ctx, event=AccessEvent.SEARCH, action="gezinnen.lijst", basis="relaties van het team",
                   episodes=[care.family.public_id, care.other_family.public_id])  # fmt: skip
    connection.ensure_connection()
    source = _PostgresSource(connection.connection, 7) if connection.vendor == "postgresql" else _OrmSource(7)
    stored = {e.pk: e for e in AccessLogEntry.objects.all()}
    rows = list(source.physical(_Shard()))
    assert len(rows) == len(stored) >= len(AWKWARD_DETAILS) + 1
    for row in rows:
        original = stored[row[0]]
        values = {name: getattr(original, name) for name in MAC_FIELDS}
        assert message(row, source.canon, source.when) == canonical(values) + original.prev_mac.encode(), row
    assert verify().ok


def test_repeated_json_is_encoded_once_and_never_mixed_up() -> None:
    canon = _Canonical()
    first, second = '{"b": 1, "a": "é"}', '{"a": "é", "b": 1}'
    assert canon(first) == canon(second) == '{"a":"é","b":1}'
    assert canon('{"a": 2}') == '{"a":2}' and len(canon.seen) == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_and_incremental_verify_find_tampering(committed: CareCast, tmp_path: Path) -> None:
    """PostgreSQL: two worker processes in one exported snapshot; SQLite: one process (same checks)."""
    care = committed
    workers = 2 if connection.vendor == "postgresql" else 1
    ctx = care.ctx(care.midwife)
    read_entries(ctx, care.family.public_id, 6)
    read_entries(ctx, care.other_family.public_id, 4)
    family, other = f"gezin:{care.family.public_id}", f"gezin:{care.other_family.public_id}"
    total = AccessLogEntry.objects.count()
    full = verify(processes=2)
    assert full.ok and full.entries == total and full.processes == workers

    point = tmp_path / "checkpoint.json"
    assert run("checkpoint", "--uit", str(point))[0] == 0
    heads, _made = checkpoint_read(point)
    read_entries(ctx, care.family.public_id, 3)  # seq 8, 9, 10 come after the checkpoint
    after = verify(checkpoint=heads, incremental=True, processes=2)
    assert after.ok and after.entries == 3 and after.processes == workers

    # Tampering after the checkpoint: both modes name the entry.
    target = entry(family, 9)
    sql("UPDATE {table} SET detail = %s WHERE id = %s", ['{"keer": 99}', target.pk])
    for result in (verify(processes=2), verify(checkpoint=heads, incremental=True, processes=2)):
        assert [(b.chain, b.seq, b.entry_id) for b in result.breaks] == [(family, 9, target.pk)]
        assert "de inhoud past niet bij de MAC" in result.breaks[0].problem
    code, out = run("verify", "--checkpoint", str(point), "--vanaf-checkpoint", "--processen", "2")
    assert code == 1 and f"keten {family}, volgnummer 9, regel-id {target.pk}" in out

    # Before the checkpoint: the full verify names it; incremental checks only what came after it
    # (and the checkpointed head of each chain), so a complete verify stays the periodic check.
    early = entry(other, 2)
    sql("UPDATE {table} SET user_label = %s WHERE id = %s", ["iemand@example.org", early.pk])
    assert sorted((b.chain, b.seq) for b in verify(processes=2).breaks) == sorted([(family, 9), (other, 2)])
    assert [(b.chain, b.seq) for b in verify(checkpoint=heads, incremental=True).breaks] == [(family, 9)]

    # A checkpointed head removed together with its chain head: incremental finds the cut as well.
    last = entry(other, 5)
    sql("DELETE FROM {table} WHERE id = %s", [last.pk])
    ChainHead.objects.filter(chain=other).update(seq=4, mac=entry(other, 4).mac)
    cut = verify(checkpoint=heads, incremental=True, processes=2)
    assert (other, 4) in [(b.chain, b.seq) for b in cut.breaks]
    assert any("ingekort" in b.problem for b in cut.breaks if b.chain == other)


def test_incremental_verify_finds_an_entry_appended_behind_the_head_tables_back(
    chain: str, tmp_path: Path
) -> None:
    """Incremental finds each chain's end through the head table on PostgreSQL: an entry forged after
    the checkpoint without moving the head is still found (the probe looks at and beyond the head)."""
    point = tmp_path / "checkpoint.json"
    run("checkpoint", "--uit", str(point))
    last = entry(chain, 5)
    forged = AccessLogEntry(**{f: getattr(last, f) for f in MAC_FIELDS})
    forged.seq, forged.prev_mac, forged.mac = 6, last.mac, "ef" * 32
    forged.save()  # the head table still says 5
    assert ChainHead.objects.get(chain=chain).seq == 5
    code, out = run("verify", "--checkpoint", str(point), "--vanaf-checkpoint")
    assert code == 1 and f"keten {chain}, volgnummer 6, regel-id {forged.pk}: de inhoud past niet" in out
    assert "1 regels na het checkpoint" in out
