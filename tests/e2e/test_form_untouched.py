"""Issue 10: a required field is not marked invalid before the user touched it; after typing and clearing
it (or after a server-side error, aria-invalid) it is. Real Chromium on the real stylesheets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

STATIC = Path(__file__).resolve().parents[2] / "src" / "kansrijk" / "static"


def _page(tmp_path: Path) -> Path:
    css = [
        STATIC / "vendor" / "themes" / "voorbeeld.css",
        STATIC / "vendor" / "utrecht" / "component-library.css",
        STATIC / "kansrijk" / "kansrijk.css",
    ]
    links = "".join(f'<link rel="stylesheet" href="{p.as_uri()}">' for p in css)
    html = (
        f"<!doctype html><html class='voorbeeld-theme utrecht-document'><head>{links}</head><body><form>"
        "<textarea id='required' class='utrecht-textarea utrecht-textarea--html-textarea' required></textarea>"
        "<textarea id='optional' class='utrecht-textarea utrecht-textarea--html-textarea'></textarea>"
        "<textarea id='server' class='utrecht-textarea utrecht-textarea--html-textarea' aria-invalid='true'>"
        "</textarea><select id='choice' class='utrecht-select utrecht-select--html-select'>"
        "<option>Een</option><option>Twee</option></select></form></body></html>"
    )
    path = tmp_path / "form.html"
    path.write_text(html, encoding="utf-8")
    return path


def _look(page: Any, selector: str) -> tuple[str, str, str]:
    return page.eval_on_selector(  # type: ignore[no-any-return]
        selector,
        "e => { const s = getComputedStyle(e); return [s.borderColor, s.borderWidth, s.backgroundColor]; }",
    )


def test_untouched_required_field_looks_normal_until_edited(page: Any, tmp_path: Path) -> None:
    page.goto(_page(tmp_path).as_uri())
    normal = _look(page, "#optional")
    assert _look(page, "#required") == normal  # untouched: no red yet
    assert _look(page, "#server") != normal  # a server-side error is shown at once
    page.fill("#required", "x")
    page.fill("#required", "")
    page.locator("#optional").focus()  # leave the field: now the browser counts it as touched
    assert _look(page, "#required") != normal


def test_a_select_looks_like_a_select(page: Any, tmp_path: Path) -> None:
    """Issue 10: the theme hides the native arrow; our stylesheet draws one."""
    page.goto(_page(tmp_path).as_uri())
    image, padding = page.eval_on_selector(
        "#choice", "e => { const s = getComputedStyle(e); return [s.backgroundImage, s.paddingRight]; }"
    )
    assert image.startswith('url("data:image/svg+xml') and float(padding.rstrip("px")) > 20
