"""Startfoto pages: search, the startfoto of a municipality, its wijk map data, and duidingen.

Public pages (open data): anyone may read. Writing a duiding needs a coordinator of a coalition that
includes the municipality.
"""

from __future__ import annotations

import functools
from functools import partial
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kansrijk.areas.models import Area, Indicator
from kansrijk.areas.selectors import municipality_by_code, municipality_search
from kansrijk.core.auth import signed_in_user
from kansrijk.startfoto.forms import DuidingForm, SearchForm
from kansrijk.startfoto.hooks import duiding_provider
from kansrijk.startfoto.models import Duiding
from kansrijk.startfoto.page import page_build, safe_bodies
from kansrijk.startfoto.selectors import (
    content_versions,
    duidingen_for,
    indicators_for_wijk,
    indicators_for_wijk_cached,
    municipality_get_cached,
    startfoto_get,
)
from kansrijk.startfoto.services import duiding_create, duiding_delete
from kansrijk.startfoto.wijken import wijk_geojson, wijk_map_build

UNKNOWN_MUNICIPALITY = "Er is geen gemeente met code {code} in de huidige gemeentelijke indeling."
UNKNOWN_WIJK_INDICATOR = "Onbekende wijkindicator '{key}'. Kies een van: {keys}."


def _municipality_or_404(code: str) -> Area:
    municipality = municipality_by_code(code)
    if municipality is None:
        raise Http404(UNKNOWN_MUNICIPALITY.format(code=code))
    return municipality


def _coalitions_for(request: HttpRequest, municipality: Area) -> QuerySet[Any]:
    """The coalitions in whose name this user may write duidingen for the municipality (the coalition
    layer decides, through startfoto.hooks)."""
    return duiding_provider().writable_coalitions(request.user, municipality)


# The map opens on the share of low-income households: the most telling wijk figure for the programme.
DEFAULT_WIJK_KEYS = ("pct_hh_laagste40_besteedbaar", "pct_0_15")


def _wijk_indicator(key: str | None, run_id: int | None = None) -> tuple[Indicator | None, list[Indicator]]:
    options = indicators_for_wijk_cached(run_id) if run_id is not None else list(indicators_for_wijk())
    by_key = {i.key: i for i in options}
    default = next((by_key[k] for k in DEFAULT_WIJK_KEYS if k in by_key), options[0] if options else None)
    return by_key.get(key or "", default), options


def _page_cache_key(
    request: HttpRequest,
    municipality: Area,
    versions: tuple[int, int | None],
    duidingen: dict[str, list[Duiding]],
    writable: list[Any],
    wijk_indicator: Indicator | None,
) -> str | None:
    """The cache key of the rendered page body, or None when this reader sees forms or buttons.

    Rendering ~50 cards is most of a page's cost, and for readers who cannot write (or remove) a
    duiding the body is the same for everyone. The key changes with the import run, the atlas model
    version, the language, the map figure and the set of duidingen, so a change shows at once.
    """
    if writable:
        return None
    notes = [note for notes in duidingen.values() for note in notes]
    if request.user.is_authenticated and any(note.author_id == request.user.pk for note in notes):
        return None  # the author sees "Verwijder mijn duiding"
    # UUIDs, not primary keys: SQLite may reuse the id of a deleted row for the next note.
    note_ids = ",".join(sorted(str(note.public_id) for note in notes))
    lang = getattr(request, "LANGUAGE_CODE", "")
    run_id, atlas = versions
    wijk = wijk_indicator.key if wijk_indicator else ""
    return f"{municipality.code}:{run_id}:{atlas}:{lang}:{wijk}:{note_ids}"


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    result = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        result = municipality_search(form.cleaned_data["q"])
        if result.single is not None:
            return redirect("startfoto:detail", code=result.single.code)
    return render(request, "startfoto/zoek.html", {"form": form, "result": result})


@require_GET
def detail(request: HttpRequest, code: str) -> HttpResponse:
    # Two queries for a reader with a cached page: the content versions and the duidingen.
    run_id, atlas_version = content_versions()
    municipality = municipality_get_cached(code, run_id)
    if municipality is None:
        raise Http404(UNKNOWN_MUNICIPALITY.format(code=code))
    if code != municipality.code:
        return redirect("startfoto:detail", code=municipality.code, permanent=True)
    # Lazy: on a cached page (see _page_cache_key) none of these is built or read from the cache.
    # Each built at most once per request; plain memoised functions keep their types, unlike the
    # SimpleLazyObject proxies the template gets.
    startfoto = functools.cache(lambda: startfoto_get(municipality=municipality, run_id=run_id))
    page = functools.cache(lambda: page_build(startfoto(), run_id))
    wijk_indicator, wijk_options = _wijk_indicator(request.GET.get("wijkindicator"), run_id)
    coalitions = _coalitions_for(request, municipality)
    writable = list(coalitions) if request.user.is_authenticated else []
    duidingen = duidingen_for(municipality=municipality)
    cache_key = _page_cache_key(
        request, municipality, (run_id, atlas_version), duidingen, writable, wijk_indicator
    )
    return render(
        request,
        "startfoto/detail.html",
        {
            "startfoto": SimpleLazyObject(startfoto),
            "municipality": municipality,
            "sections": SimpleLazyObject(lambda: page().sections),
            "perinatal_cards": SimpleLazyObject(lambda: page().perinatal_cards),
            "highlights": SimpleLazyObject(lambda: page().highlights),
            "card_bodies": SimpleLazyObject(lambda: safe_bodies(page())),
            "duidingen": duidingen,
            "duiding_coalitions": writable,
            "duiding_form": DuidingForm(coalitions=coalitions) if writable else None,
            "page_cache_key": cache_key,
            "wijk_indicator": wijk_indicator,
            "wijk_options": wijk_options,
            # Lazy: the template calls it only when the cached wijk fragment is missing.
            "wijk_map": partial(wijk_map_build, municipality=municipality, indicator=wijk_indicator)
            if wijk_indicator
            else None,
            "run_id": run_id,
        },
    )


@require_GET
def wijken_panel(request: HttpRequest, code: str) -> HttpResponse:
    """The legend and table of one wijk indicator (htmx swaps it in when the select changes)."""
    municipality = _municipality_or_404(code)
    # htmx sends the select's own name (wijkindicator); "indicator" is accepted for plain links.
    key = request.GET.get("indicator") or request.GET.get("wijkindicator")
    wijk_indicator, _options = _wijk_indicator(key)
    if wijk_indicator is None:
        raise Http404(_("Er zijn geen wijkcijfers geladen."))
    context = {
        "municipality": municipality,
        "wijk_indicator": wijk_indicator,
        "wijk_map": wijk_map_build(municipality=municipality, indicator=wijk_indicator),
    }
    return render(request, "startfoto/_wijken.html", context)


@require_GET
def wijken_geojson(request: HttpRequest, code: str) -> HttpResponse:
    municipality = _municipality_or_404(code)
    key = request.GET.get("indicator", "")
    options = list(indicators_for_wijk())
    indicator = next((i for i in options if i.key == key), None)
    if indicator is None:
        message = UNKNOWN_WIJK_INDICATOR.format(key=key, keys=", ".join(i.key for i in options))
        return JsonResponse({"fout": message}, status=400, json_dumps_params={"ensure_ascii": False})
    return HttpResponse(
        wijk_geojson(municipality=municipality, indicator=indicator),
        content_type="application/geo+json; charset=utf-8",
    )


@require_POST
@login_required
def duiding_add(request: HttpRequest, code: str) -> HttpResponse:
    municipality = _municipality_or_404(code)
    coalitions = _coalitions_for(request, municipality)
    if not coalitions.exists():
        raise PermissionDenied(
            _("Alleen coördinatoren van een coalitie met deze gemeente schrijven duidingen.")
        )
    form = DuidingForm(request.POST, coalitions=coalitions)
    indicator = Indicator.objects.filter(key=request.POST.get("indicator", "")).first()
    if indicator is None:
        raise Http404(_("Onbekende indicator."))
    if form.is_valid():
        try:
            duiding_create(
                coalition=form.cleaned_data["coalition"],
                municipality=municipality,
                indicator=indicator,
                text=form.cleaned_data["text"],
                actor=signed_in_user(request),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Uw duiding bij “%(title)s” is opgeslagen.") % {"title": indicator.title}
            )
            return redirect(
                reverse("startfoto:detail", args=[municipality.code]) + f"#indicator-{indicator.key}"
            )
    context = {"municipality": municipality, "indicator": indicator, "form": form}
    return render(request, "startfoto/duiding_form.html", context, status=422)


@require_POST
@login_required
def duiding_remove(request: HttpRequest, code: str, public_id: UUID) -> HttpResponse:
    municipality = _municipality_or_404(code)
    duiding = get_object_or_404(
        Duiding.objects.select_related("indicator", "municipality"),
        public_id=public_id,
        municipality=municipality,
    )
    duiding_delete(duiding=duiding, actor=signed_in_user(request))
    messages.success(request, _("Uw duiding is verwijderd."))
    return redirect(
        reverse("startfoto:detail", args=[municipality.code]) + f"#indicator-{duiding.indicator.key}"
    )
