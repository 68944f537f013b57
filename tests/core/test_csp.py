"""Security headers: a strict Content-Security-Policy on every page, HSTS when configured, Swagger UI
from our own static files, and `check --deploy` clean with production settings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings

PACKAGE = Path(settings.PACKAGE_DIR)
TEMPLATES = sorted(PACKAGE.rglob("templates/**/*.html"))


def _csp(response: object) -> dict[str, str]:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/", "/account/login/", "/api/v1/docs"])
def test_every_page_has_a_strict_policy(client: Client, db: None, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    policy = _csp(response)
    assert policy["default-src"] == "default-src 'self'"
    assert policy["script-src"] == "script-src 'self'"
    assert policy["style-src"] == "style-src 'self'"
    assert policy["img-src"] == "img-src 'self' data:"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert policy["base-uri"] == "base-uri 'self'" and policy["form-action"] == "form-action 'self'"
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("template", TEMPLATES, ids=[str(t.relative_to(PACKAGE)) for t in TEMPLATES])
def test_templates_have_no_inline_script_or_style(template: Path) -> None:
    """The policy refuses inline code; a template that has some would silently break in the browser."""
    html = template.read_text(encoding="utf-8")
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, f"inline <script> in {template}: {tag}"
    assert not re.search(r"\sstyle=\"", html), f"style attribute in {template}"
    assert "<style" not in html, f"<style> element in {template}"
    assert not re.search(r"\son[a-z]+=\"", html), f"inline event handler in {template}"


def test_charts_use_the_csp_safe_expression_interpreter() -> None:
    for path in ["startfoto/static/startfoto/startfoto.js", "atlas/static/atlas/chart.js"]:
        js = (PACKAGE / path).read_text(encoding="utf-8")
        assert "ast: true" in js and "disableDefaultStyle: true" in js and "defaultStyle: false" in js


def test_no_hsts_by_default(client: Client, db: None) -> None:
    assert "Strict-Transport-Security" not in client.get("/", secure=True)


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_when_configured(client: Client, db: None) -> None:
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_ssl_redirect_trusts_the_proxy_header(client: Client, db: None) -> None:
    assert client.get("/").status_code == 301
    assert client.get("/", headers={"X-Forwarded-Proto": "https"}).status_code == 200


def test_api_docs_load_swagger_from_our_own_static_files(client: Client, db: None) -> None:
    html = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "/static/ninja/swagger-ui.css" in html
    hosts = re.findall(r"""(?:src|href)=["'](?:https?:)?//([^/"']+)""", html)
    assert hosts == [], hosts
    assert "cdn.jsdelivr.net" not in html and "unpkg" not in html


PRODUCTION_ENV = {
    "KANSRIJK_PRODUCTION": "true",
    "KANSRIJK_DEBUG": "false",
    "KANSRIJK_SECRET_KEY": "p7-" + "x9Kq2LmZ4vR8tW1yB6nC3dF5gH0jA" * 3,
    "KANSRIJK_ALLOWED_HOSTS": "kansrijk.example.nl",
    "KANSRIJK_SECURE_COOKIES": "true",
    "KANSRIJK_HSTS_SECONDS": "31536000",
    "KANSRIJK_HSTS_INCLUDE_SUBDOMAINS": "true",
    "KANSRIJK_HSTS_PRELOAD": "true",
    "KANSRIJK_SSL_REDIRECT": "true",
    "KANSRIJK_PROXY_SSL_HEADER": "true",
    # The care layer's keys: production refuses to start without them (they live outside the database).
    "KANSRIJK_ACCESS_LOG_KEY": "log-" + "Qw7eR4tY1uI8oP5aS2dF" * 3,
    "KANSRIJK_BSN_KEY": "bsn-" + "Zx3cV6bN9mL2kJ5hG8fD" * 3,
}


def _check_deploy(extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # A production process never has the test run's settings, nor the e2e tests' async escape hatch
    # (tests/e2e/conftest.py sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; Django refuses it in deploy).
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("KANSRIJK_") and k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    }
    env.update({"DJANGO_SETTINGS_MODULE": "kansrijk.settings", **extra})
    env["KANSRIJK_DATA_DIR"] = str(settings.KANSRIJK_DATA_DIR)
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings() -> None:
    result = _check_deploy(PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_check_deploy_refuses_production_without_hsts_and_with_debug() -> None:
    result = _check_deploy({**PRODUCTION_ENV, "KANSRIJK_HSTS_SECONDS": "0", "KANSRIJK_DEBUG": "true"})
    assert result.returncode != 0
    assert "kansrijk.E010" in result.stderr and "kansrijk.E012" in result.stderr
