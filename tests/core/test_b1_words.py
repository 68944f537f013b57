"""B1 Dutch (issue 10): jargon stays off the pages people read first; the precise wording is one click
away (a <details> block or the method page). Money in euros, not "517 × € 1.000"."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from kansrijk.startfoto.presentation import format_value

JARGON = ("gekalibreerd", "ecologisch model", "ecologische schatting", "× € 1.000", "doi.org", "DOI:")
FIRST_READ = ["/", "/startfoto/GM0363/", "/startfoto/GM0344/", "/atlas/", "/atlas/GM0363/"]


def _visible(html: str) -> str:
    """The page without <details> blocks: what a reader sees before choosing "more"."""
    return re.sub(r"<details.*?</details>", "", html, flags=re.S)


@pytest.mark.parametrize("url", FIRST_READ)
def test_first_read_pages_use_plain_words(client: Client, url: str, db: None) -> None:
    html = _visible(client.get(url).content.decode())
    found = [word for word in JARGON if word in html]
    assert not found, f"{url}: {found}"


def test_the_precise_rule_is_one_click_away(client: Client, db: None) -> None:
    html = client.get("/startfoto/GM0363/").content.decode()
    assert "som van de tellers van alle gemeenten gedeeld door de som van hun noemers" in html
    assert "som van de tellers" not in _visible(html)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(517, "€ 517.000"), (35.24, "€ 35.200"), (0.26, "€ 300"), (None, "niet beschikbaar")],
)
def test_money_in_thousands_reads_as_euros(value: float | None, expected: str) -> None:
    assert format_value(value, "× € 1.000") == expected
