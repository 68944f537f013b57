"""The zelfscan comparison (issue "Ready for personal data", item 10): only confirmed, non-demo coalitions
count; the page reads a monthly snapshot, never live data; and it shows bands (the rounded middle half),
never a mean that could be read back.

The two attacks on the old comparison, each as a regression test:
(a) five fake coalitions answering all 1s: viewed from one of them, the shown mean m of the four other
    fakes and the victim gave the victim's score as 5m − 4;
(b) the mean just before and just after one coalition submits gave that coalition's score by subtraction.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import statistics
from collections import defaultdict
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kansrijk.accounts.models import User
from kansrijk.coalitions.models import Coalition, Questionnaire, ZelfscanComparisonSnapshot, ZelfscanRound
from kansrijk.coalitions.selectors.zelfscan_comparison import (
    COMPARISON_MIN_COALITIONS,
    REASON_DEMO,
    REASON_NO_SNAPSHOT,
    REASON_NOT_CONFIRMED,
    REASON_TOO_FEW,
    comparison_bands_compute,
    zelfscan_comparison,
)
from kansrijk.coalitions.services import zelfscan as svc
from kansrijk.coalitions.services.confirmation import coalition_confirm
from kansrijk.coalitions.services.zelfscan_comparison import (
    NOT_PLATFORM_ADMIN,
    zelfscan_snapshot_take,
)
from tests.coalitions.conftest import client_for
from tests.coalitions.zelfscan_support import active_statements, coalition_with_answers, open_round
from tests.personas import Cast
from tests.system import TESTS

TODAY = timezone.localdate()
LAST_MONTH = TODAY - dt.timedelta(days=62)  # always another calendar month than TODAY
# Theme means spread over the scale: ten coalitions with different answers.
SPREAD = [[1], [1, 2], [2], [2, 3], [3], [3, 4], [4], [4, 5], [5], [1, 5]]


def _questionnaire() -> Questionnaire:
    return Questionnaire.objects.get(is_active=True)


def _confirmed(index: int, values: list[int], *, is_demo: bool = False) -> Coalition:
    coalition = coalition_with_answers(index, values, is_demo=is_demo)
    coalition_confirm(coalition=coalition, actor=TESTS)
    return coalition


def _mean_per_theme(values: list[int]) -> dict[str, float]:
    """What coalition_with_answers gives per theme (values cycled over all statements in order)."""
    per_theme: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(active_statements()):
        per_theme[s.theme.key].append(values[i % len(values)])
    return {k: statistics.mean(v) for k, v in per_theme.items()}


def _expected_band(means: list[float]) -> dict[str, float]:
    """Independent: linear interpolation at (n−1)·p, rounded outwards to halves."""
    s = sorted(means)

    def q(p: float) -> float:
        pos = (len(s) - 1) * p
        lo = math.floor(pos)
        return s[lo] + (s[min(lo + 1, len(s) - 1)] - s[lo]) * (pos - lo)

    return {"laag": math.floor(q(0.25) * 2 + 1e-9) / 2, "hoog": math.ceil(q(0.75) * 2 - 1e-9) / 2}


def _own_round(cast: Cast, value: int = 3) -> ZelfscanRound:
    """The persona coalition, confirmed, with one answered round."""
    coalition_confirm(coalition=cast.coalition, actor=TESTS)
    zs_round = open_round(cast.coalition, cast.coordinator)
    svc.zelfscan_response_submit(
        round=zs_round, answers={s.pk: value for s in active_statements()}, actor=cast.coordinator
    )
    return zs_round


def _page(cast: Cast, zs_round: ZelfscanRound) -> str:
    url = reverse("coalitions:zelfscan_round", args=[zs_round.coalition.slug, zs_round.public_id])
    response = client_for(cast.coordinator).get(url)
    assert response.status_code == 200
    text = response.content.decode()
    # The comparison section only: the rest of the page holds CSRF tokens that differ per request.
    return text[text.index('id="vergelijking"') : text.index("</main>")]


# --- the snapshot ------------------------------------------------------------------------------------------


def test_snapshot_bands_are_the_rounded_middle_half_of_confirmed_real_coalitions(cast: Cast) -> None:
    zs_round = _own_round(cast, value=3)
    for i, values in enumerate(SPREAD[:9]):
        _confirmed(i, values)
    coalition_with_answers(50, [5])  # requested, never confirmed: does not count
    _confirmed(60, [5], is_demo=True)  # demo: never counts
    snapshot = zelfscan_snapshot_take(questionnaire=_questionnaire(), taken_on=TODAY, actor=TESTS)
    assert snapshot.coalition_count == 10  # nine others and the persona coalition
    per_coalition = [_mean_per_theme([3])] + [_mean_per_theme(v) for v in SPREAD[:9]]
    assert set(snapshot.bands) == set(per_coalition[0])
    for key, band in snapshot.bands.items():
        assert band == _expected_band([m[key] for m in per_coalition])
        assert band["laag"] * 2 == int(band["laag"] * 2) and band["hoog"] * 2 == int(band["hoog"] * 2)
    comparison = zelfscan_comparison(zs_round)
    assert comparison.shown and comparison.coalition_count == 10 and comparison.taken_on == TODAY
    for row in comparison.rows:
        assert row.own == pytest.approx(3)
        assert (row.low, row.high) == (snapshot.bands[row.key]["laag"], snapshot.bands[row.key]["hoog"])
        expected = "lager" if row.low > 3 else "hoger" if row.high < 3 else "binnen"
        assert row.position == expected
    text = _page(cast, zs_round)
    assert "Middelste helft van de coalities" in text and 'id="zs-compare-absent"' not in text
    assert "Geheim" not in text and "geheim" not in text  # names of other coalitions never shown


def test_too_few_coalitions_give_no_bands(cast: Cast) -> None:
    zs_round = _own_round(cast)
    for i, values in enumerate(SPREAD[:8]):
        _confirmed(i, values)
    snapshot = zelfscan_snapshot_take(questionnaire=_questionnaire(), taken_on=TODAY, actor=TESTS)
    assert snapshot.coalition_count == COMPARISON_MIN_COALITIONS - 1 and snapshot.bands == {}
    comparison = zelfscan_comparison(zs_round)
    assert not comparison.shown and comparison.reason == REASON_TOO_FEW and comparison.rows == []
    assert "te weinig bevestigde coalities" in _page(cast, zs_round)


def test_without_a_snapshot_nothing_is_compared_even_with_many_answers(cast: Cast) -> None:
    zs_round = _own_round(cast)
    for i, values in enumerate(SPREAD):
        _confirmed(i, values)
    comparison = zelfscan_comparison(zs_round)
    assert not comparison.shown and comparison.reason == REASON_NO_SNAPSHOT
    assert "Er is nog geen peiling" in _page(cast, zs_round)


def test_a_requested_coalition_does_not_count(cast: Cast) -> None:
    _own_round(cast)
    for i, values in enumerate(SPREAD[:9]):
        _confirmed(i, values)
    before = comparison_bands_compute(_questionnaire())
    coalition_with_answers(50, [5])  # requested (the default): extreme answers, no effect at all
    assert comparison_bands_compute(_questionnaire()) == before
    assert before[0] == 10


def test_demo_and_unconfirmed_coalitions_see_no_comparison(cast: Cast) -> None:
    zs_round = open_round(cast.coalition, cast.coordinator)  # the persona coalition, still requested
    for i, values in enumerate(SPREAD):
        _confirmed(i, values)
    zelfscan_snapshot_take(questionnaire=_questionnaire(), taken_on=TODAY, actor=TESTS)
    comparison = zelfscan_comparison(zs_round)
    assert not comparison.shown and comparison.reason == REASON_NOT_CONFIRMED
    assert "zodra het landelijk programma deze coalitie heeft bevestigd" in _page(cast, zs_round)
    Coalition.objects.filter(pk=cast.coalition.pk).update(is_demo=True, status="bevestigd")
    zs_round = ZelfscanRound.objects.get(pk=zs_round.pk)
    assert zelfscan_comparison(zs_round).reason == REASON_DEMO


def test_snapshot_rules(cast: Cast) -> None:
    questionnaire = _questionnaire()
    with pytest.raises(PermissionDenied, match=re.escape(str(NOT_PLATFORM_ADMIN))):
        zelfscan_snapshot_take(questionnaire=questionnaire, taken_on=TODAY, actor=cast.coordinator)
    with pytest.raises(PermissionDenied):
        zelfscan_snapshot_take(questionnaire=questionnaire, taken_on=TODAY, actor=cast.national)
    with pytest.raises(ValidationError):
        zelfscan_snapshot_take(
            questionnaire=questionnaire, taken_on=TODAY + dt.timedelta(days=1), actor=TESTS
        )
    zelfscan_snapshot_take(questionnaire=questionnaire, taken_on=LAST_MONTH, actor=TESTS)
    zelfscan_snapshot_take(questionnaire=questionnaire, taken_on=TODAY, actor=TESTS)
    with pytest.raises(ValidationError, match="al een peiling"):
        zelfscan_snapshot_take(questionnaire=questionnaire, taken_on=TODAY.replace(day=1), actor=TESTS)
    assert ZelfscanComparisonSnapshot.objects.count() == 2


def test_command_takes_one_snapshot_per_month(cast: Cast) -> None:
    _own_round(cast)
    out = StringIO()
    call_command("zelfscan_peiling", stdout=out)
    assert f"peiling van {TODAY.isoformat()} onder 1 coalitie(s)" in out.getvalue()
    out = StringIO()
    call_command("zelfscan_peiling", stdout=out)
    assert "al een peiling genomen in deze maand" in out.getvalue()
    assert ZelfscanComparisonSnapshot.objects.count() == 1


# --- the two attacks ---------------------------------------------------------------------------------------


def test_attack_a_fake_coalitions_answering_all_ones_recover_nothing(cast: Cast) -> None:
    victim_round = _own_round(cast, value=4)  # the victim: a real, confirmed coalition
    # The attacker makes five coalitions (anyone with a coordinator role can) answering all 1s.
    fakes = [coalition_with_answers(70 + i, [1]) for i in range(5)]
    assert all(f.status == "aangevraagd" for f in fakes)
    snapshot = zelfscan_snapshot_take(questionnaire=_questionnaire(), taken_on=TODAY, actor=TESTS)
    # Fakes are not confirmed, so they do not count, and one real coalition gives no bands at all.
    assert snapshot.coalition_count == 1 and snapshot.bands == {}
    fake_round = ZelfscanRound.objects.get(coalition=fakes[0])
    comparison = zelfscan_comparison(fake_round)
    assert not comparison.shown and comparison.rows == []
    # Even with ten real coalitions counting, the page shows a band, never a mean to solve for: with
    # the old formula the shown figure would give the victim's score; now it gives nothing of it.
    for i, values in enumerate(SPREAD[:9]):
        _confirmed(i, values)
    ZelfscanComparisonSnapshot.objects.all().delete()
    zelfscan_snapshot_take(questionnaire=_questionnaire(), taken_on=TODAY, actor=TESTS)
    other_round = ZelfscanRound.objects.get(coalition__slug="geheim-0")
    rows = zelfscan_comparison(other_round).rows
    assert rows and not any(hasattr(r, "others") or hasattr(r, "mean") for r in rows)
    for row in rows:
        assert row.low is not None and row.high is not None
        assert row.low * 2 == int(row.low * 2) and row.high * 2 == int(row.high * 2)
    text = _page(cast, victim_round)
    assert "Gemiddelde van" not in text and "andere coalities met dezelfde vragenlijstversie." not in text


def test_attack_b_one_submission_does_not_change_the_comparison_until_the_next_snapshot(cast: Cast) -> None:
    zs_round = _own_round(cast, value=3)
    others = [_confirmed(i, values) for i, values in enumerate(SPREAD[:9])]
    zelfscan_snapshot_take(questionnaire=_questionnaire(), taken_on=LAST_MONTH, actor=TESTS)
    before = zelfscan_comparison(zs_round)
    page_before = _page(cast, zs_round)
    assert before.shown
    # One coalition submits very different answers in a new round.
    target = others[0]
    coordinator = User.objects.get(email="coord0@elders.nl")  # made by coalition_with_answers
    old = ZelfscanRound.objects.get(coalition=target)
    svc.zelfscan_round_close(round=old, actor=coordinator)
    new = open_round(target, coordinator, name="Tweede", opened_on=dt.date(2025, 6, 1))
    svc.zelfscan_response_submit(round=new, answers={s.pk: 5 for s in active_statements()}, actor=coordinator)
    # The page reads only the snapshot: the comparison it shows is exactly the same.
    after = zelfscan_comparison(zs_round)
    assert after == before
    assert _page(cast, zs_round) == page_before
    # Nor can a second snapshot be taken this month to see the difference sooner.
    with pytest.raises(ValidationError):
        zelfscan_snapshot_take(questionnaire=_questionnaire(), taken_on=LAST_MONTH, actor=TESTS)
    # Next month's snapshot holds the new answers (and is what the page then shows).
    zelfscan_snapshot_take(questionnaire=_questionnaire(), taken_on=TODAY, actor=TESTS)
    assert zelfscan_comparison(zs_round).taken_on == TODAY
