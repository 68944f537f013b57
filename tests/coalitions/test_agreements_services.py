"""Ketenafspraken services: at least two partners of this coalition, review date not before start date,
concepts from Kansrijk's own regional checklist; only coordinators write; everything audited."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from kansrijk.coalitions.models import Agreement
from kansrijk.coalitions.models.agreements import AgreementStatus
from kansrijk.coalitions.selectors.agreements import (
    agreements_by_level,
    agreements_due_for_review,
    agreements_export,
    checklist_points,
)
from kansrijk.coalitions.services._common import NOT_COORDINATOR
from kansrijk.coalitions.services.agreements import (
    NO_CHECKLIST_POINTS,
    PARTNER_NOT_IN_COALITION,
    REVIEW_BEFORE_START,
    TOO_FEW_PARTNERS,
    UNKNOWN_CHECKLIST_POINT,
    agreement_create,
    agreement_delete,
    agreement_update,
    agreements_from_checklist,
)
from kansrijk.coalitions.templates_data import regional_checklist
from tests.coalitions.test_plan_support import counts, foreign_partner, jgz, kraamzorg, last_event
from tests.personas import Cast

START = datetime.date(2026, 1, 1)
REVIEW = datetime.date(2027, 1, 1)


def _create(cast: Cast, **overrides: object) -> Agreement:
    data: dict[str, object] = {
        "coalition": cast.coalition,
        "level": "uitvoering",
        "topic": "Warme overdracht",
        "text": "Binnen vijf werkdagen.",
        "partners": [jgz(cast), kraamzorg(cast)]
        if "partners" not in overrides
        else overrides.pop("partners"),
        "start_date": START,
        "review_date": REVIEW,
        "actor": cast.coordinator,
    }
    data.update(overrides)
    return agreement_create(**data)  # type: ignore[arg-type]


def test_coordinator_creates_with_audit(cast: Cast) -> None:
    agreement = _create(cast)
    assert sorted(p.organisation.name for p in agreement.partners.all()) == ["JGZ Test", "Kraamzorg Test"]
    assert agreement.status == AgreementStatus.AGREED
    event = last_event()
    assert event.action == "coalition.agreement_created"
    assert event.changes["partners"] == ["JGZ Test", "Kraamzorg Test"]
    assert event.changes["review_date"] == "2027-01-01"


def test_review_before_start_is_refused_and_nothing_saved(cast: Cast) -> None:
    partners = [jgz(cast), kraamzorg(cast)]
    before = counts()
    with pytest.raises(ValidationError) as info:
        _create(cast, partners=partners, review_date=START - datetime.timedelta(days=1))
    assert info.value.message_dict == {"review_date": [REVIEW_BEFORE_START]}
    assert counts() == before


def test_review_on_the_start_date_is_fine(cast: Cast) -> None:
    assert _create(cast, review_date=START).review_date == START


def test_database_check_is_the_last_line(cast: Cast) -> None:
    agreement = _create(cast)
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=agreement.pk).update(review_date=START - datetime.timedelta(days=1))


def test_fewer_than_two_partners_is_refused(cast: Cast) -> None:
    partners = [jgz(cast)]
    before = counts()
    with pytest.raises(ValidationError) as info:
        _create(cast, partners=partners)
    assert info.value.message_dict == {"partners": [TOO_FEW_PARTNERS]}
    assert counts() == before


def test_partner_of_another_coalition_is_refused(cast: Cast) -> None:
    partners = [jgz(cast), foreign_partner(cast)]
    before = counts()
    with pytest.raises(ValidationError) as info:
        _create(cast, partners=partners)
    assert info.value.message_dict == {"partners": [PARTNER_NOT_IN_COALITION]}
    assert counts() == before


def test_all_errors_at_once(cast: Cast) -> None:
    partners = [jgz(cast)]
    with pytest.raises(ValidationError) as info:
        _create(cast, partners=partners, review_date=START - datetime.timedelta(days=1))
    assert info.value.message_dict == {"partners": [TOO_FEW_PARTNERS], "review_date": [REVIEW_BEFORE_START]}


def test_update_checks_the_same_rules_and_records_the_diff(cast: Cast) -> None:
    agreement = _create(cast)
    base = {
        "agreement": agreement,
        "level": "bestuur",
        "topic": "Warme overdracht",
        "text": "Binnen vijf werkdagen.",
        "partners": list(agreement.partners.all()),
        "start_date": START,
        "status": AgreementStatus.AGREED,
        "actor": cast.coordinator,
    }
    before = counts()
    with pytest.raises(ValidationError) as info:
        agreement_update(**base, review_date=datetime.date(2025, 1, 1))  # type: ignore[arg-type]
    assert info.value.message_dict == {"review_date": [REVIEW_BEFORE_START]}
    assert counts() == before
    agreement.refresh_from_db()
    assert agreement.level == "uitvoering" and agreement.review_date == REVIEW
    agreement_update(**base, review_date=datetime.date(2028, 1, 1))  # type: ignore[arg-type]
    assert last_event().changes == {
        "level": ["uitvoering", "bestuur"],
        "review_date": ["2027-01-01", "2028-01-01"],
    }


def test_delete(cast: Cast) -> None:
    agreement = _create(cast)
    agreement_delete(agreement=agreement, actor=cast.coordinator)
    assert not Agreement.objects.exists()
    assert last_event().action == "coalition.agreement_deleted"


@pytest.mark.parametrize("who", ["partner_member", "national", "other_coordinator", "outsider"])
def test_only_coordinators_write(cast: Cast, who: str) -> None:
    user = getattr(cast, who)
    agreement = _create(cast)
    partners = list(agreement.partners.all())
    before = counts()
    attempts = [
        lambda: _create(cast, partners=partners, actor=user),
        lambda: agreement_update(
            agreement=agreement,
            level="bestuur",
            topic="x",
            text="x",
            partners=partners,
            start_date=START,
            review_date=REVIEW,
            status=AgreementStatus.AGREED,
            actor=user,
        ),
        lambda: agreement_delete(agreement=agreement, actor=user),
        lambda: agreements_from_checklist(
            coalition=cast.coalition, points=[1], start_date=START, review_date=REVIEW, actor=user
        ),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied) as info:
            attempt()
        assert str(info.value) == NOT_COORDINATOR
    assert counts() == before


def test_checklist_points_become_concepts(cast: Cast) -> None:
    created = agreements_from_checklist(
        coalition=cast.coalition, points=[2, 8], start_date=START, review_date=REVIEW, actor=cast.coordinator
    )
    points = {p["nummer"]: p for p in regional_checklist()["punten"]}
    assert [(a.checklist_point, a.topic, a.level, a.status) for a in created] == [
        (2, points[2]["onderwerp"], points[2]["niveau"], AgreementStatus.CONCEPT),
        (8, points[8]["onderwerp"], points[8]["niveau"], AgreementStatus.CONCEPT),
    ]
    assert all(a.partners.count() == 0 for a in created)  # a concept may still lack partners
    used = {p.number for p in checklist_points(coalition=cast.coalition) if p.used}
    assert used == {2, 8}


def test_a_concept_must_get_two_partners_before_it_is_agreed(cast: Cast) -> None:
    (concept,) = agreements_from_checklist(
        coalition=cast.coalition, points=[1], start_date=START, review_date=REVIEW, actor=cast.coordinator
    )
    with pytest.raises(ValidationError) as info:
        agreement_update(
            agreement=concept,
            level=concept.level,
            topic=concept.topic,
            text=concept.text,
            partners=[],
            start_date=START,
            review_date=REVIEW,
            status=AgreementStatus.AGREED,
            actor=cast.coordinator,
        )
    assert info.value.message_dict == {"partners": [TOO_FEW_PARTNERS]}


def test_checklist_rejects_unknown_and_empty_choices_with_nothing_saved(cast: Cast) -> None:
    before = counts()
    for points, message in (([1, 99], UNKNOWN_CHECKLIST_POINT.format(number=99)), ([], NO_CHECKLIST_POINTS)):
        with pytest.raises(ValidationError) as info:
            agreements_from_checklist(
                coalition=cast.coalition,
                points=points,
                start_date=START,
                review_date=REVIEW,
                actor=cast.coordinator,
            )
        assert info.value.message_dict == {"points": [message]}
    with pytest.raises(ValidationError):
        agreements_from_checklist(
            coalition=cast.coalition,
            points=[1, 2],
            start_date=REVIEW,
            review_date=START,
            actor=cast.coordinator,
        )
    assert counts() == before


def test_checklist_is_labelled_as_kansrijks_own() -> None:
    data = regional_checklist()
    assert "eigen checklist van Kansrijk" in data["titel"]
    assert "niet openbaar" in data["toelichting"]


def test_grouping_due_and_export(cast: Cast) -> None:
    today = datetime.date(2026, 12, 1)
    soon = _create(
        cast, topic="Binnenkort", start_date=START, review_date=today + datetime.timedelta(days=30)
    )
    _create(cast, topic="Later", level="bestuur", review_date=today + datetime.timedelta(days=31))
    past = _create(
        cast, topic="Verlopen", level="organisatie", review_date=today - datetime.timedelta(days=1)
    )
    agreements_from_checklist(
        coalition=cast.coalition, points=[10], start_date=START, review_date=START, actor=cast.coordinator
    )
    groups = agreements_by_level(coalition=cast.coalition)
    assert [g.level for g in groups] == ["uitvoering", "organisatie", "bestuur"]
    assert [a.topic for a in groups[0].agreements] == ["Binnenkort"]
    # Concepts are never due; 30 days ahead is, 31 is not.
    assert agreements_due_for_review(coalition=cast.coalition, today=today) == [past, soon]
    exported = {row["onderwerp"]: row for row in agreements_export(cast.coalition, today=today)}
    assert exported["Verlopen"] == {
        "onderwerp": "Verlopen",
        "niveau": "organisatie",
        "status": "vastgesteld",
        "tekst": "Binnen vijf werkdagen.",
        "partners": ["JGZ Test", "Kraamzorg Test"],
        "ingangsdatum": "2026-01-01",
        "evaluatiedatum": "2026-11-30",
        "evaluatie_nodig": True,
    }
    assert exported["Later"]["evaluatie_nodig"] is False
    assert exported["Monitoring en evaluatie"]["status"] == "concept"
