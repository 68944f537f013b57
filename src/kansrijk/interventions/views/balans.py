"""Balans pages: the matrix phase × theme, one cell with its notes, the per-wijk view and the PDF.

Members of the coalition and the national programme read; coordinators edit the notes. Outsiders get 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kansrijk.atlas.services import atlas_model_ensure
from kansrijk.coalitions.selectors.access import coalition_get_for_user, user_coordinates
from kansrijk.coalitions.services import ensure_coordinator
from kansrijk.core.auth import signed_in_user
from kansrijk.core.form_helpers import GET_POST, posted, submit
from kansrijk.interventions.balans_pdf import balans_pdf
from kansrijk.interventions.forms.balans import BalansNoteForm
from kansrijk.interventions.selectors.balans import (
    balans_cell,
    balans_get,
    balans_wijken,
    gap_summary,
    is_balans_cell,
)
from kansrijk.interventions.selectors.needs import LEVEL_LABELS, RULE_TEXT
from kansrijk.interventions.selectors.wegwijzer import wegwijzer_gaps
from kansrijk.interventions.services.balans import balans_note_save


@require_GET
@login_required
def balans(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = coalition_get_for_user(request.user, slug)
    data = balans_get(coalition=coalition)
    context = {
        "coalition": coalition,
        "balans": data,
        "summary": gap_summary(data.gap_count),
        "rule": RULE_TEXT,
        "levels": LEVEL_LABELS,
        "may_edit": user_coordinates(request.user, coalition),
        # The same rule as the public Wegwijzer: themes a parent sees only national help for.
        "wegwijzer": wegwijzer_gaps(coalition=coalition),
    }
    return render(request, "interventions/balans/balans.html", context)


@require_http_methods(GET_POST)
@login_required
def balans_cel(request: HttpRequest, slug: str, fase: str, thema: str) -> HttpResponse:
    coalition = coalition_get_for_user(request.user, slug)
    if not is_balans_cell(fase, thema):
        raise Http404(_("Onbekende cel van de balans."))
    may_edit = user_coordinates(request.user, coalition)
    if request.method == "POST":
        ensure_coordinator(signed_in_user(request), coalition)
    cell = balans_cell(balans=balans_get(coalition=coalition), phase=fase, need=thema)
    initial = {"goes_well": cell.goes_well, "gaps": cell.gaps} if cell else {}
    form = BalansNoteForm(posted(request), initial=initial) if may_edit else None
    if form is not None:
        done = submit(
            request,
            form,
            save=lambda data: balans_note_save(
                coalition=coalition, phase=fase, need=thema, actor=signed_in_user(request), **data
            ),
            success=_("De notities van deze cel zijn opgeslagen."),
            next_url=reverse("interventions:balans", args=[coalition.slug]) + f"#cel-{fase}-{thema}",
        )
        if done:
            return done
    context = {"coalition": coalition, "cell": cell, "form": form, "rule": RULE_TEXT}
    status = 422 if form is not None and form.is_bound else 200
    return render(request, "interventions/balans/cel.html", context, status=status)


@require_GET
@login_required
def wijken(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = coalition_get_for_user(request.user, slug)
    data = balans_wijken(coalition=coalition, model=atlas_model_ensure())
    return render(request, "interventions/balans/wijken.html", {"coalition": coalition, "wijken": data})


@require_GET
@login_required
def pdf(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = coalition_get_for_user(request.user, slug)
    data = balans_get(coalition=coalition)
    per_wijk = balans_wijken(coalition=coalition, model=atlas_model_ensure())
    response = HttpResponse(balans_pdf(data, wijken=per_wijk), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="balans-{coalition.slug}.pdf"'
    return response
