"""An unfiltered worklist takes its total from the tab counts (one query less); a filtered one counts."""

from __future__ import annotations

from kansrijk.care.models import Referral
from kansrijk.care.selectors.worklists import referrals_sent
from tests.care.personas import CareCast
from tests.care.referral_helpers import concept_referral


def test_the_unfiltered_total_equals_the_tab_and_a_filter_counts_again(care: CareCast) -> None:
    for _ in range(3):
        concept_referral(care)
    ctx = care.ctx(care.midwife)
    page = referrals_sent(ctx)
    assert page.page.paginator.count == page.counts.sent == Referral.objects.count() == 3
    filtered = referrals_sent(ctx, status="verstuurd")
    assert filtered.page.paginator.count == 0 and filtered.counts.sent == 3
