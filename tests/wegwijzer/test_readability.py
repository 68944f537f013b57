"""Every text the Wegwijzer writes itself meets our B1 rule: per text, and over the whole rendered page."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client
from django.utils import translation

from kansrijk.wegwijzer import texts
from kansrijk.wegwijzer.national import EMERGENCY, FIRST_STEP_THEME, FIRST_STEPS, HELPLINES
from tests.wegwijzer.conftest import Wegwijzer
from tests.wegwijzer.readability import readability, sentences, syllables

GENERATED = [
    *texts.ALL_TEXTS,
    *(h.what for h in HELPLINES.values()),
    *FIRST_STEPS.values(),
    FIRST_STEP_THEME,
    EMERGENCY,
]


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("kind", 1),
        ("huisarts", 2),
        ("zwangerschap", 3),
        ("verloskundige", 5),
        ("consultatiebureau", 6),
        ("bijdrage", 3),
        ("geweld", 2),
        ("zorgverzekering", 5),
    ],
)
def test_dutch_syllable_counter(word: str, count: int) -> None:
    assert syllables(word) == count


def test_sentence_split() -> None:
    assert sentences("Bel ons. Het is gratis! Vragen? Ja.") == [
        "Bel ons.",
        "Het is gratis!",
        "Vragen?",
        "Ja.",
    ]


@pytest.mark.parametrize("text", GENERATED, ids=lambda t: str(t)[:30])
def test_each_generated_text_is_b1(text: object) -> None:
    with translation.override("nl"):
        score = readability([str(text)])
    assert score.words_per_sentence <= 12, str(text)


def test_all_generated_texts_together_are_b1() -> None:
    with translation.override("nl"):
        score = readability([str(t) for t in GENERATED])
    assert score.is_b1, score


def _visible_text(html: str) -> str:
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    main = re.sub(r"<svg.*?</svg>", " ", main, flags=re.S)
    # Block ends become line ends: a heading or list item is a line of its own (one idea per line).
    main = re.sub(r"</(h[1-6]|p|li|dt|dd)>", "\n", main)
    return unescape(re.sub(r"<[^>]+>", " ", main))


@pytest.mark.parametrize("code", ["GM0344", "GM0014"])  # the coalition's page; a national version
def test_the_rendered_page_is_b1(ww: Wegwijzer, code: str) -> None:
    html = Client(HTTP_ACCEPT_LANGUAGE="nl").get(f"/wegwijzer/{code}/").content.decode()
    score = readability([_visible_text(html)])
    assert score.is_b1, score
