"""Zelfscan services: rounds, responses (one per user per round, editable while open), bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from kansrijk.audit.models import AuditEvent
from kansrijk.coalitions.models import Questionnaire, ZelfscanAnswer, ZelfscanResponse, ZelfscanRound
from kansrijk.coalitions.services import zelfscan as svc
from tests.coalitions.zelfscan_support import (
    active_statements,
    answers_for,
    make_platform_admin,
    open_round,
)
from tests.personas import Cast


def _state() -> tuple[int, int, int, int]:
    return (
        ZelfscanRound.objects.count(),
        ZelfscanResponse.objects.count(),
        ZelfscanAnswer.objects.count(),
        AuditEvent.objects.count(),
    )


# --- rounds ----------------------------------------------------------------------------------------


def test_coordinator_opens_a_round_on_the_active_questionnaire(cast: Cast) -> None:
    zs_round = svc.zelfscan_round_open(
        coalition=cast.coalition,
        name="  Nulmeting 2025 ",
        opened_on=dt.date(2025, 2, 1),
        actor=cast.coordinator,
    )
    assert zs_round.name == "Nulmeting 2025"
    assert zs_round.questionnaire == Questionnaire.objects.get(is_active=True)
    assert not zs_round.closed
    event = AuditEvent.objects.get(action="zelfscan.round_opened")
    assert event.actor == cast.coordinator and event.object_id == str(zs_round.public_id)
    assert event.changes["questionnaire_version"] == 1


@pytest.mark.parametrize("who", ["partner_member", "national", "other_coordinator", "outsider"])
def test_only_a_coordinator_opens_a_round(cast: Cast, who: str) -> None:
    before = _state()
    with pytest.raises(PermissionDenied):
        svc.zelfscan_round_open(
            coalition=cast.coalition, name="R", opened_on=dt.date(2025, 1, 1), actor=getattr(cast, who)
        )
    assert _state() == before


def test_one_open_round_at_a_time_and_unique_names(cast: Cast) -> None:
    first = open_round(cast.coalition, cast.coordinator, name="Ronde A")
    before = _state()
    with pytest.raises(ValidationError) as exc:
        open_round(cast.coalition, cast.coordinator, name="Ronde B")
    assert exc.value.messages == [svc.ROUND_ALREADY_OPEN.format(name="Ronde A")]
    svc.zelfscan_round_close(round=first, actor=cast.coordinator)
    before = _state()
    with pytest.raises(ValidationError) as exc:
        open_round(cast.coalition, cast.coordinator, name="ronde a")
    assert exc.value.messages == [svc.ROUND_NAME_TAKEN.format(name="ronde a")]
    with pytest.raises(ValidationError) as exc:
        open_round(cast.coalition, cast.coordinator, name="   ")
    assert exc.value.messages == [svc.ROUND_NAME_EMPTY]
    assert _state() == before


def test_no_active_questionnaire_is_a_clear_error(cast: Cast) -> None:
    Questionnaire.objects.update(is_active=False)
    with pytest.raises(ValidationError) as exc:
        open_round(cast.coalition, cast.coordinator)
    assert exc.value.messages == [svc.NO_ACTIVE_QUESTIONNAIRE]


def test_close_round(cast: Cast) -> None:
    zs_round = open_round(cast.coalition, cast.coordinator)
    with pytest.raises(PermissionDenied):
        svc.zelfscan_round_close(round=zs_round, actor=cast.partner_member)
    with pytest.raises(PermissionDenied):
        svc.zelfscan_round_close(round=zs_round, actor=cast.national)
    svc.zelfscan_round_close(round=zs_round, actor=cast.coordinator)
    zs_round.refresh_from_db()
    assert zs_round.closed
    assert AuditEvent.objects.filter(action="zelfscan.round_closed").count() == 1
    with pytest.raises(ValidationError) as exc:
        svc.zelfscan_round_close(round=zs_round, actor=cast.coordinator)
    assert exc.value.messages == [svc.ROUND_ALREADY_CLOSED.format(name="Ronde 1")]
    assert AuditEvent.objects.filter(action="zelfscan.round_closed").count() == 1


def test_new_rounds_use_the_newly_active_version_old_rounds_keep_theirs(cast: Cast) -> None:
    old = open_round(cast.coalition, cast.coordinator, name="Oud")
    svc.zelfscan_round_close(round=old, actor=cast.coordinator)
    admin = make_platform_admin()
    v2 = svc.questionnaire_import(
        source={
            "version": 2,
            "title": "Versie twee",
            "themes": [{"key": "a", "title": "A", "statements": [{"key": "s", "text": "Stelling"}]}],
        },
        actor=admin,
    )
    svc.questionnaire_activate(questionnaire=v2, actor=admin)
    new = open_round(cast.coalition, cast.coordinator, name="Nieuw")
    old.refresh_from_db()
    assert new.questionnaire == v2 and old.questionnaire.version == 1


# --- responses -------------------------------------------------------------------------------------


def test_partner_member_answers_and_the_organisation_is_kept(cast: Cast) -> None:
    zs_round = open_round(cast.coalition, cast.coordinator)
    response = svc.zelfscan_response_submit(
        round=zs_round, answers=answers_for(zs_round, 4), actor=cast.partner_member
    )
    assert response.organisation.name == "JGZ Test"
    assert response.answers.count() == len(active_statements())
    assert set(response.answers.values_list("value", flat=True)) == {4}
    event = AuditEvent.objects.get(action="zelfscan.response_submitted")
    # The audit row says who and how many, not what was answered.
    assert event.changes == {
        "coalition": "test",
        "round": str(zs_round.public_id),
        "organisation": "JGZ Test",
        "answers": len(active_statements()),
    }


def test_coordinator_answers_on_behalf_of_their_own_organisation(cast: Cast) -> None:
    zs_round = open_round(cast.coalition, cast.coordinator)
    response = svc.zelfscan_response_submit(
        round=zs_round, answers=answers_for(zs_round), actor=cast.coordinator
    )
    assert response.organisation.name == "Gemeente Test"


def test_second_submit_edits_the_same_response(cast: Cast) -> None:
    zs_round = open_round(cast.coalition, cast.coordinator)
    first = svc.zelfscan_response_submit(
        round=zs_round, answers=answers_for(zs_round, 2), actor=cast.partner_member
    )
    second = svc.zelfscan_response_submit(
        round=zs_round, answers=answers_for(zs_round, 5), actor=cast.partner_member
    )
    assert first.pk == second.pk
    assert ZelfscanResponse.objects.filter(round=zs_round).count() == 1
    assert set(ZelfscanAnswer.objects.filter(response=second).values_list("value", flat=True)) == {5}
    assert ZelfscanAnswer.objects.count() == len(active_statements())
    assert AuditEvent.objects.filter(action="zelfscan.response_changed").count() == 1


@pytest.mark.parametrize("bad", [0, 6, -1, 3.5, "4", True, None])
def test_answer_outside_the_scale_is_refused_naming_the_statement(cast: Cast, bad: object) -> None:
    zs_round = open_round(cast.coalition, cast.coordinator)
    statements = active_statements()
    answers = answers_for(zs_round, 3)
    answers[statements[2].pk] = bad
    before = _state()
    with pytest.raises(ValidationError) as exc:
        svc.zelfscan_response_submit(round=zs_round, answers=answers, actor=cast.partner_member)
    if bad is None:
        expected = svc.ANSWER_MISSING.format(statement=statements[2].text)
    else:
        expected = svc.ANSWER_OUT_OF_SCALE.format(statement=statements[2].text, value=bad)
    assert exc.value.messages == [expected]
    assert _state() == before


def test_missing_answers_are_all_named(cast: Cast) -> None:
    zs_round = open_round(cast.coalition, cast.coordinator)
    statements = active_statements()
    answers = answers_for(zs_round, 3)
    del answers[statements[0].pk]
    del answers[statements[-1].pk]
    before = _state()
    with pytest.raises(ValidationError) as exc:
        svc.zelfscan_response_submit(round=zs_round, answers=answers, actor=cast.partner_member)
    assert exc.value.messages == [
        svc.ANSWER_MISSING.format(statement=statements[0].text),
        svc.ANSWER_MISSING.format(statement=statements[-1].text),
    ]
    assert _state() == before


def test_answer_to_a_statement_of_another_version_is_refused(cast: Cast) -> None:
    zs_round = open_round(cast.coalition, cast.coordinator)
    answers = answers_for(zs_round, 3)
    answers[999_999] = 3
    with pytest.raises(ValidationError) as exc:
        svc.zelfscan_response_submit(round=zs_round, answers=answers, actor=cast.partner_member)
    assert exc.value.messages == [svc.ANSWER_UNKNOWN_STATEMENT.format(ref=999_999)]
    assert not ZelfscanResponse.objects.exists()


def test_failed_edit_keeps_the_earlier_answers(cast: Cast) -> None:
    zs_round = open_round(cast.coalition, cast.coordinator)
    svc.zelfscan_response_submit(round=zs_round, answers=answers_for(zs_round, 2), actor=cast.partner_member)
    answers = answers_for(zs_round, 5)
    answers[active_statements()[0].pk] = 0
    before = _state()
    with pytest.raises(ValidationError):
        svc.zelfscan_response_submit(round=zs_round, answers=answers, actor=cast.partner_member)
    assert _state() == before
    assert set(ZelfscanAnswer.objects.values_list("value", flat=True)) == {2}


def test_closed_round_takes_no_answers(cast: Cast) -> None:
    zs_round = open_round(cast.coalition, cast.coordinator)
    svc.zelfscan_response_submit(round=zs_round, answers=answers_for(zs_round, 2), actor=cast.partner_member)
    svc.zelfscan_round_close(round=zs_round, actor=cast.coordinator)
    before = _state()
    for actor in (cast.partner_member, cast.coordinator):
        with pytest.raises(ValidationError) as exc:
            svc.zelfscan_response_submit(round=zs_round, answers=answers_for(zs_round, 5), actor=actor)
        assert exc.value.messages == [svc.ROUND_CLOSED.format(name="Ronde 1")]
    assert _state() == before
    assert set(ZelfscanAnswer.objects.values_list("value", flat=True)) == {2}


@pytest.mark.parametrize("who", ["national", "other_coordinator", "outsider"])
def test_non_members_cannot_answer(cast: Cast, who: str) -> None:
    zs_round = open_round(cast.coalition, cast.coordinator)
    before = _state()
    with pytest.raises(PermissionDenied):
        svc.zelfscan_response_submit(round=zs_round, answers=answers_for(zs_round), actor=getattr(cast, who))
    assert _state() == before


def test_database_check_is_the_last_line(cast: Cast) -> None:
    zs_round = open_round(cast.coalition, cast.coordinator)
    response = ZelfscanResponse.objects.create(round=zs_round, user=cast.partner_member)
    with pytest.raises(IntegrityError), transaction.atomic():
        ZelfscanAnswer.objects.create(response=response, statement=active_statements()[0], value=6)
    with pytest.raises(IntegrityError), transaction.atomic():
        ZelfscanResponse.objects.create(round=zs_round, user=cast.partner_member)
