"""Copy the front-end files we use from node_modules into static/vendor (no bundler, no CDN)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
DEST = ROOT / "src" / "kansrijk" / "static" / "vendor"

FILES: dict[str, str] = {
    "@utrecht/component-library-css/dist/index.css": "utrecht/component-library.css",
    "@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css": "themes/voorbeeld.css",
    "@utrecht/design-tokens/dist/theme.css": "themes/utrecht.css",
    "@rijkshuisstijl-community/design-tokens/dist/index.css": "themes/rijkshuisstijl.css",
    "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
    "vega/build/vega.min.js": "vega/vega.min.js",
    "vega-lite/build/vega-lite.min.js": "vega/vega-lite.min.js",
    "vega-embed/build/vega-embed.min.js": "vega/vega-embed.min.js",
    "leaflet/dist/leaflet.js": "leaflet/leaflet.js",
    "leaflet/dist/leaflet.css": "leaflet/leaflet.css",
    "axe-core/axe.min.js": "axe/axe.min.js",
}


def main() -> int:
    missing = [src for src in FILES if not (NODE / src).exists()]
    if missing:
        print("Ontbrekende npm-bestanden (draai eerst `npm ci`):", *missing, sep="\n  ", file=sys.stderr)
        return 1
    for src, dest in FILES.items():
        target = DEST / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.stat().st_mtime < (NODE / src).stat().st_mtime:
            shutil.copy2(NODE / src, target)
    images = NODE / "leaflet" / "dist" / "images"
    shutil.copytree(images, DEST / "leaflet" / "images", dirs_exist_ok=True)
    print(f"Front-end bestanden klaar in {DEST.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
