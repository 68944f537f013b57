"""`kansrijk auditlog verify` and `checkpoint`: intact → 0; altered, removed, inserted, cut short → 1,
naming the first broken entry. Tampering is done as an attacker with database access would: raw SQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import override_settings

from kansrijk.care.accesslog import MAC_FIELDS, compute_mac
from kansrijk.care.models import AccessLogEntry, ChainHead
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
