"""From the home page search to a municipality's startfoto: switch the map figure, download the PDF."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("typed", "name", "code"),
    [("Utrect", "Utrecht", "GM0344"), ("Hengelo", "Hengelo (O.)", "GM0164")],
)
def test_search_from_home_to_startfoto(page: Any, app_url: str, typed: str, name: str, code: str) -> None:
    page.goto(f"{app_url}/")
    page.get_by_label("Gemeentenaam of code").fill(typed)
    page.get_by_role("button", name="Zoeken").click()
    # A typo gives a suggestion to follow; a unique exact name goes straight to the startfoto.
    page.wait_for_load_state()
    if f"/startfoto/{code}/" not in page.url:
        page.get_by_role("main").get_by_role("link", name=name, exact=True).first.click()
    expect(page).to_have_url(re.compile(rf"/startfoto/{code}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Startfoto {name}")


def test_map_figure_switch_and_pdf_download(page: Any, app_url: str) -> None:
    page.goto(f"{app_url}/startfoto/GM0344/")
    page.wait_for_selector("#wijk-map[data-loaded]", timeout=30_000)
    panel = page.locator("#wijk-panel")
    select = page.get_by_label("Cijfer op de kaart")
    options = select.locator("option")
    assert options.count() >= 2
    current = select.input_value()
    other = next(
        (options.nth(i).get_attribute("value"), options.nth(i).inner_text())
        for i in range(options.count())
        if options.nth(i).get_attribute("value") != current
    )
    old_geojson = page.locator("#wijk-map").get_attribute("data-geojson")

    select.select_option(other[0])
    # htmx swaps the panel: a new map for the new figure, and its title above the legend.
    expect(panel.locator("strong").first).to_have_text(other[1].strip())
    page.wait_for_selector("#wijk-map[data-loaded]", timeout=30_000)
    assert page.locator("#wijk-map").get_attribute("data-geojson") != old_geojson
    expect(panel.get_by_role("heading", name="Legenda")).to_be_visible()
    assert page.locator("#wijk-map path.leaflet-interactive").count() > 0

    # The PDF as the browser gets it, with the visitor's cookies.
    link = page.get_by_role("link", name="Download PDF")
    response = page.request.get(f"{app_url}{link.get_attribute('href')}")
    assert response.ok and response.headers["content-type"].startswith("application/pdf")
    assert response.body()[:5] == b"%PDF-"
    # Served inline the browser shows the PDF instead of saving it; only a real download fires the event.
    if link.get_attribute("download") is not None or "attachment" in response.headers.get(
        "content-disposition", ""
    ):
        with page.expect_download() as info:
            link.click()
        with open(info.value.path(), "rb") as pdf:
            assert pdf.read(5) == b"%PDF-"
