"""Shared test set-up: open data loaded once per session, browser availability, personas."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

CHROMIUM = os.environ.get("KANSRIJK_CHROMIUM", "/usr/bin/chromium")
REQUIRE_BROWSER = os.environ.get("KANSRIJK_REQUIRE_BROWSER") == "1"


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "e2e" in Path(str(item.fspath)).parts:
            item.add_marker(pytest.mark.e2e)
    if chromium_available():
        return
    if REQUIRE_BROWSER:
        raise pytest.UsageError(f"KANSRIJK_REQUIRE_BROWSER=1 maar er is geen Chromium op {CHROMIUM}")
    skip = pytest.mark.skip(reason=f"geen Chromium op {CHROMIUM}: e2e- en axe-tests overgeslagen")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # In CI nothing may be skipped silently: a skipped test fails the run.
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if REQUIRE_BROWSER and reporter is not None and reporter.stats.get("skipped"):
        reporter.write_line(
            "KANSRIJK_REQUIRE_BROWSER=1: er zijn tests overgeslagen; dat mag hier niet.", red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def data_dir() -> Path:
    path = Path(settings.KANSRIJK_DATA_DIR)
    if not (path / "kwb").is_dir():
        pytest.fail(f"Open data niet gevonden in {path}: zet KANSRIJK_DATA_DIR (zie docs/configuration.md)")
    return path


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest, data_dir: Path) -> None:
    """Load the real open data once into the test database; tests run in transactions on top of it."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("data", "load", verbosity=0)


def open_data_ensure() -> None:
    """A transactional test empties the database afterwards; one that ran before took the open data with
    it. Fixtures of later transactional or data-reading tests call this first."""
    from kansrijk.areas.models import Area

    if not Area.objects.filter(code="GM0344").exists():
        call_command("data", "load", verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def _fresh_page_stores(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A fresh database numbers its import runs from 1 again: PDFs and cached pages of an earlier test
    session (the shared Redis page cache, the PDF folder) must not be served to this one."""
    from django.core.cache import caches

    settings.KANSRIJK_PDF_DIR = tmp_path_factory.mktemp("startfoto-pdf")
    caches["pages"].clear()


@pytest.fixture(autouse=True)
def _fast_passwords(settings: object) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
