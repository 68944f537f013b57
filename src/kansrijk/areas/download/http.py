"""HTTP for the open-data download: JSON over plain urllib with a timeout and Dutch error messages.

No extra dependency: CBS OData and PDOK WFS are simple GET requests returning JSON.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

USER_AGENT = "kansrijk-data-download (+https://www.kansrijkestartnl.nl/)"
DEFAULT_TIMEOUT = 60.0


class DownloadError(Exception):
    """A download that could not complete. The message is Dutch and names the URL; nothing was written."""


def _short(url: str) -> str:
    # Query strings of OData requests are long; the path and table are what a reader needs.
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _timeout_message(url: str, timeout: float) -> str:
    return (
        f"Geen antwoord binnen {timeout:.0f} seconden van {_short(url)} (time-out). "
        "Controleer de verbinding en probeer het opnieuw; er is niets gewijzigd in de datamap."
    )


def fetch_json(url: str, *, timeout: float = DEFAULT_TIMEOUT) -> Any:
    """GET `url` and parse JSON; every failure becomes a DownloadError with a clear Dutch message."""
    if urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
        raise DownloadError(f"Ongeldige URL (alleen http/https): {url}")
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        url, headers={"Accept": "application/json", "User-Agent": USER_AGENT}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked above)
            body = response.read()
    except urllib.error.HTTPError as exc:
        raise DownloadError(
            f"De server gaf een fout (HTTP {exc.code} {exc.reason}) bij {_short(url)}. "
            "Probeer het later opnieuw; er is niets gewijzigd in de datamap."
        ) from exc
    except TimeoutError as exc:
        raise DownloadError(_timeout_message(url, timeout)) from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):  # a connect time-out arrives wrapped
            raise DownloadError(_timeout_message(url, timeout)) from exc
        raise DownloadError(
            f"Kan {_short(url)} niet bereiken ({exc.reason}). "
            "Controleer de verbinding of de URL-instelling; er is niets gewijzigd in de datamap."
        ) from exc
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DownloadError(
            f"Onverwacht antwoord van {_short(url)}: geen geldige JSON ({exc}). "
            "Er is niets gewijzigd in de datamap."
        ) from exc


def with_query(base: str, params: dict[str, str]) -> str:
    """Append OData/WFS query parameters; `$` and `,` stay readable, spaces and quotes are escaped."""
    query = urllib.parse.urlencode(params, safe="$,:'()", quote_via=urllib.parse.quote)
    return f"{base}?{query}" if query else base
