"""The public Wegwijzer pages: search, one municipality, its print version and its one-page PDF.

Anonymous and lean: a standalone template with its own small stylesheet, no forms that need a CSRF
cookie, no session, no tracking. Views are thin: find the municipality, read `page.wegwijzer_data`, render.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kansrijk.areas.models import Area
from kansrijk.areas.selectors import municipality_by_code, municipality_search
from kansrijk.wegwijzer import texts
from kansrijk.wegwijzer.page import municipality_by_slug, national_note, wegwijzer_data
from kansrijk.wegwijzer.pdf import wegwijzer_pdf

_CODE = re.compile(r"^gm\d{4}$", re.IGNORECASE)
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z]{2,4})?$")


def _content_language(request: HttpRequest) -> str:
    """The `?taal=` of the page: a language Django knows (so its direction is known), else none."""
    code = request.GET.get("taal", "").strip().lower()[:10]
    if not _LANGUAGE.match(code) or code == "nl":
        return ""
    try:
        get_language_info(code)
    except KeyError:
        return ""
    return code


def _municipality(code: str) -> Area:
    found = municipality_by_code(code) if _CODE.match(code) else None
    if found is None:
        raise Http404(_("Onbekende gemeente: %(code)s.") % {"code": code})
    return found


def _canonical(code: str, view: str) -> HttpResponse | None:
    """Redirect a readable alias (/wegwijzer/utrecht/) or a lower-case code to /wegwijzer/GM0344/."""
    if _CODE.match(code):
        return redirect(view, code=code.upper()) if code != code.upper() else None
    found = municipality_by_slug(code.lower())
    if found is None:
        raise Http404(_("Onbekende gemeente: %(code)s.") % {"code": code})
    return redirect(view, code=found.code)


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    result = municipality_search(query) if query else None
    if result is not None and result.single is not None:
        return redirect("wegwijzer:gemeente", code=result.single.code)
    return render(request, "wegwijzer/start.html", {"result": result, "query": query, "t": texts})


def _page(request: HttpRequest, code: str, *, view: str, printable: bool) -> HttpResponse:
    alias = _canonical(code, view)
    if alias is not None:
        return alias
    municipality = _municipality(code)
    data = wegwijzer_data(municipality, _content_language(request))
    context: dict[str, Any] = {"w": data, "t": texts, "note": national_note(data), "printable": printable}
    return render(request, "wegwijzer/page.html", context)


@require_GET
def gemeente(request: HttpRequest, code: str) -> HttpResponse:
    return _page(request, code, view="wegwijzer:gemeente", printable=False)


@require_GET
def afdrukken(request: HttpRequest, code: str) -> HttpResponse:
    return _page(request, code, view="wegwijzer:afdrukken", printable=True)


@require_GET
def pdf(request: HttpRequest, code: str) -> HttpResponse:
    alias = _canonical(code, "wegwijzer:pdf")
    if alias is not None:
        return alias
    municipality = _municipality(code)
    data = wegwijzer_data(municipality, _content_language(request))
    response = HttpResponse(wegwijzer_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="wegwijzer-{municipality.code}.pdf"'
    return response
