"""Atlas in a real browser: the map tooltip shows the interval, the method card reads, axe finds nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import axe_violations

pytestmark = pytest.mark.e2e


def test_municipality_map_tooltip_shows_interval(page: Any, app_url: str) -> None:
    page.goto(f"{app_url}/atlas/GM0599/")
    page.wait_for_selector("#atlas-map[data-loaded]", timeout=30_000)
    page.locator("#atlas-map path.leaflet-interactive").first.hover(force=True)
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=5_000)
    assert "90%-interval" in tooltip.inner_text() and "Schatting" in tooltip.inner_text()
    assert page.get_by_role("table").first.is_visible()


def test_the_map_is_one_tab_stop_and_works_with_arrows_and_enter(page: Any, app_url: str) -> None:
    """Issue 10: map shapes are one tab stop; the arrows choose a municipality, Enter opens it."""
    page.goto(f"{app_url}/atlas/")
    page.wait_for_selector("#atlas-map[data-loaded]", timeout=30_000)
    shapes = page.locator("#atlas-map path.leaflet-interactive")
    focusable = page.evaluate(
        "() => [...document.querySelectorAll('#atlas-map *')].filter(e => e.tabIndex >= 0 && e.matches('path')).length"
    )
    assert shapes.count() > 300 and focusable == 0  # no tab stop per shape
    page.locator("#atlas-map").focus()
    page.keyboard.press("ArrowRight")
    first = page.get_attribute("#atlas-map", "data-chosen")
    page.keyboard.press("ArrowRight")
    second = page.get_attribute("#atlas-map", "data-chosen")
    assert first and second and first != second
    assert "Enter opent deze gemeente" in page.locator("[aria-live=polite]").first.inner_text()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/atlas/{second}/", timeout=15_000)


def test_the_national_table_filters_by_name_without_accents(page: Any, app_url: str) -> None:
    """Issue 10: the national atlas table filters (and sorts, below)."""
    page.goto(f"{app_url}/atlas/")
    box = page.get_by_label("Zoek een gemeente in de tabel")
    box.fill("sudwest")  # Súdwest-Fryslân, typed without accents
    rows = page.locator("#atlas-table tbody tr:not([hidden])")
    assert rows.count() == 1 and "Súdwest-Fryslân" in rows.first.inner_text()
    box.fill("GM0363")
    assert rows.count() == 1 and "Amsterdam" in rows.first.inner_text()
    assert "1 gemeente in de tabel." in page.locator("#sort-status").inner_text()
    box.fill("")
    assert rows.count() > 300


def test_table_sorts_by_share(page: Any, app_url: str) -> None:
    page.goto(f"{app_url}/atlas/GM0599/")
    page.get_by_role("button", name="Geschat aandeel").click()
    page.get_by_role("button", name="Geschat aandeel").click()
    header = page.locator("th[aria-sort]")
    assert header.get_attribute("aria-sort") == "descending"
    values = [
        float(v)
        for v in page.locator("tbody tr td:nth-child(4)").evaluate_all(
            "cells => cells.map(c => c.dataset.sort)"
        )
    ]
    assert values == sorted(values, reverse=True)


def test_method_card_reads(page: Any, app_url: str) -> None:
    page.goto(f"{app_url}/atlas/")
    page.get_by_role("link", name="Methode, invoer en grenzen").click()
    assert page.get_by_role("heading", name="Methode: atlas kwetsbaarheid").is_visible()
    assert page.get_by_text("nooit over een gezin").first.is_visible()


@pytest.mark.parametrize("path", ["/atlas/", "/atlas/GM0599/", "/atlas/methode/"])
def test_no_axe_violations(page: Any, app_url: str, path: str) -> None:
    page.goto(f"{app_url}{path}")
    if path != "/atlas/methode/":
        page.wait_for_selector("#atlas-map[data-loaded]", timeout=30_000)
    assert axe_violations(page) == []
