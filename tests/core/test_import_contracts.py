"""The import contracts (pyproject.toml, `[tool.importlinter]`) hold for the real tree, and they bite.

The second half runs the project's own contracts on a miniature `kansrijk` package built in tmp_path: the
same app names, empty modules, then one wrong import at a time. Each must break the build.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# Every app the contracts name.
APPS = [
    "accounts", "api", "areas", "atlas", "audit", "care", "coalitions", "core", "demo", "interventions",
    "monitoring", "routes", "startfoto", "wegwijzer",
]  # fmt: skip


def _run(cwd: Path, *args: str, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if pythonpath is not None:  # in front of the installed kansrijk
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(  # noqa: S603 - our own console script
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_real_tree_keeps_every_contract() -> None:
    result = _run(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _contracts_for_a_miniature() -> str:
    """The project's own `[tool.importlinter]` section; ignore entries that name modules of the real tree
    (the demo command, the URLconf) may match nothing in the miniature, which is no error here."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    section = text[text.index("[tool.importlinter]") :]
    following = re.search(r"^\[(?!\[?tool\.importlinter)", section, flags=re.MULTILINE)
    if following:
        section = section[: following.start()]
    return re.sub(r"^(type = .*)$", r'\1\nunmatched_ignore_imports_alerting = "none"', section, flags=re.M)


@pytest.fixture
def miniature(tmp_path: Path) -> Path:
    """A `kansrijk` package with every app and its usual modules, importing nothing."""
    package = tmp_path / "src" / "kansrijk"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    for app in APPS:
        (package / app).mkdir()
        for module in ("__init__", "models", "selectors", "services", "views", "forms", "_private"):
            (package / app / f"{module}.py").write_text("")
    (tmp_path / "pyproject.toml").write_text(_contracts_for_a_miniature(), encoding="utf-8")
    return tmp_path


def test_the_miniature_keeps_every_contract(miniature: Path) -> None:
    (miniature / "src/kansrijk/coalitions/services.py").write_text("from kansrijk.areas import selectors\n")
    result = _run(miniature, pythonpath=miniature / "src")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("importer", "line", "broken"),
    [
        # An area-layer app uses the coalition layer (the old startfoto → coalitions loop).
        ("startfoto/views", "from kansrijk.coalitions import selectors", "The layer map"),
        # The coalition layer reaches into personal data.
        ("coalitions/selectors", "import kansrijk.care.models", "never import care or monitoring"),
        ("atlas/services", "from kansrijk.monitoring import services", "never import care or monitoring"),
        # A shared app imports a domain app (the old core → every app).
        ("core/views", "from kansrijk.areas import selectors", "Shared apps import no domain app"),
        # audit imports accounts (the old accounts ↔ audit loop).
        ("audit/services", "from kansrijk.accounts import models", "Audit is the lowest shared app"),
        # Another app's views or forms (the old form helpers in coalitions/views/plan.py).
        ("routes/views", "from kansrijk.coalitions.views import form_page", "public modules"),
        ("interventions/forms", "from kansrijk.coalitions import forms", "public modules"),
        # Nothing imports the demo, which sits at the top.
        ("coalitions/services", "from kansrijk.demo import services", "The layer map"),
        ("accounts/services", "from kansrijk.demo import services", "Shared apps import no domain app"),
        # The monitor reads care's tables instead of its outbox door (care.aggregation).
        ("monitoring/services", "from kansrijk.care import models", "only through its outbox"),
        # Another app's underscore module (the old coalitions.services._common).
        ("routes/services", "from kansrijk.coalitions import _private", "Underscore modules"),
    ],
)
def test_a_wrong_import_breaks_the_build(miniature: Path, importer: str, line: str, broken: str) -> None:
    (miniature / "src/kansrijk" / f"{importer}.py").write_text(line + "\n")
    result = _run(miniature, pythonpath=miniature / "src")
    assert result.returncode != 0, result.stdout
    assert broken in result.stdout.split("Broken contracts")[-1], result.stdout
