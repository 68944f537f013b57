"""The balans shows which themes the Wegwijzer shows as "alleen landelijk": the same selector as the page."""

from __future__ import annotations

from kansrijk.interventions.selectors.wegwijzer import wegwijzer_gaps
from kansrijk.wegwijzer.page import wegwijzer_data
from tests.wegwijzer.conftest import Wegwijzer, client_for


def test_balans_and_wegwijzer_agree(ww: Wegwijzer) -> None:
    gaps = wegwijzer_gaps(coalition=ww.coalition)
    page = wegwijzer_data(ww.utrecht)
    assert gaps.public
    assert {g.need for g in gaps.gaps} == {t["code"] for t in page["themas"] if t["alleen_landelijk"]}
    assert "financien" not in {g.need for g in gaps.gaps}


def test_balans_page_lists_the_gaps(ww: Wegwijzer) -> None:
    html = client_for(ww.cast.coordinator).get("/coalities/test/balans/").content.decode()
    assert "Wegwijzer: wat ouders zien" in html and "alleen landelijk" in html
