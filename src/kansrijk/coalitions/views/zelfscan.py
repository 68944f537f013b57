"""Zelfscan pages of one coalition: the rounds, answering a round, and the results of a round.

Members (coordinators and users of partner organisations) answer; coordinators open and close rounds;
the national programme reads everything but answers nothing. Outsiders get 404 (coalition_get_for_user).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kansrijk.coalitions.forms.zelfscan import ZelfscanAnswerForm, ZelfscanRoundForm, answers_initial
from kansrijk.coalitions.models import Coalition
from kansrijk.coalitions.selectors.access import coalition_get_for_user, user_coordinates
from kansrijk.coalitions.selectors.zelfscan import (
    questionnaire_active,
    questionnaire_themes,
    response_answers,
    user_may_answer,
    zelfscan_open_round,
    zelfscan_results,
    zelfscan_round_get,
    zelfscan_rounds,
    zelfscan_trend,
)
from kansrijk.coalitions.selectors.zelfscan_comparison import zelfscan_comparison
from kansrijk.coalitions.services import NOT_MEMBER
from kansrijk.coalitions.services.zelfscan import (
    zelfscan_response_submit,
    zelfscan_round_close,
    zelfscan_round_open,
)
from kansrijk.coalitions.views import zelfscan_charts as charts
from kansrijk.core.auth import signed_in_user


def _index(
    request: HttpRequest, coalition: Coalition, *, form: ZelfscanRoundForm | None = None, status: int = 200
) -> HttpResponse:
    is_coordinator = user_coordinates(request.user, coalition)
    open_round = zelfscan_open_round(coalition)
    if is_coordinator and form is None and open_round is None:
        form = ZelfscanRoundForm()
    rounds = zelfscan_rounds(coalition=coalition, user=request.user)
    context = {
        "coalition": coalition,
        "rounds": rounds,
        "open_round": open_round,
        "answered_open_round": any(r.answered_by_user and r.round == open_round for r in rounds),
        "is_coordinator": is_coordinator,
        "may_answer": user_may_answer(request.user, coalition),
        "round_form": form,
        "active_questionnaire": questionnaire_active(),
    }
    return render(request, "coalitions/zelfscan/index.html", context, status=status)


@require_GET
@login_required
def zelfscan(request: HttpRequest, slug: str) -> HttpResponse:
    return _index(request, coalition_get_for_user(request.user, slug))


@require_POST
@login_required
def round_open(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = coalition_get_for_user(request.user, slug)
    form = ZelfscanRoundForm(request.POST)
    if form.is_valid():
        try:
            zs_round = zelfscan_round_open(
                coalition=coalition, actor=signed_in_user(request), **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("De ronde “%(name)s” is gestart. Deelnemers kunnen nu invullen.") % {"name": zs_round.name},
            )
            return redirect("coalitions:zelfscan", coalition.slug)
    return _index(request, coalition, form=form, status=422)


@require_POST
@login_required
def round_close(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    coalition = coalition_get_for_user(request.user, slug)
    zs_round = zelfscan_round_get(user=request.user, coalition=coalition, public_id=public_id)
    try:
        zelfscan_round_close(round=zs_round, actor=signed_in_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("De ronde “%(name)s” is gesloten.") % {"name": zs_round.name})
    return redirect("coalitions:zelfscan", coalition.slug)


@require_http_methods(["GET", "POST"])
@login_required
def answer(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    coalition = coalition_get_for_user(request.user, slug)
    zs_round = zelfscan_round_get(user=request.user, coalition=coalition, public_id=public_id)
    if not user_may_answer(request.user, coalition):
        raise PermissionDenied(NOT_MEMBER)  # the national programme reads the results, it does not answer
    if zs_round.closed and request.method == "GET":
        messages.info(request, _("Deze ronde is gesloten; u ziet hier de resultaten."))
        return redirect("coalitions:zelfscan_round", coalition.slug, zs_round.public_id)
    themes = questionnaire_themes(zs_round.questionnaire)
    existing = response_answers(round=zs_round, user=request.user)
    if request.method == "POST":
        form = ZelfscanAnswerForm(request.POST, themes=themes)
        if form.is_valid():
            try:
                zelfscan_response_submit(
                    round=zs_round, answers=form.answers(), actor=signed_in_user(request)
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, _("Uw antwoorden zijn opgeslagen. U kunt ze wijzigen zolang de ronde open is.")
                )
                return redirect("coalitions:zelfscan_round", coalition.slug, zs_round.public_id)
        status = 422
    else:
        form = ZelfscanAnswerForm(initial=answers_initial(existing), themes=themes)
        status = 200
    context = {"coalition": coalition, "round": zs_round, "form": form, "editing": bool(existing)}
    return render(request, "coalitions/zelfscan/answer.html", context, status=status)


@require_GET
@login_required
def round_results(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    coalition = coalition_get_for_user(request.user, slug)
    zs_round = zelfscan_round_get(user=request.user, coalition=coalition, public_id=public_id)
    results = zelfscan_results(zs_round)
    trend = zelfscan_trend(coalition)
    comparison = zelfscan_comparison(zs_round, own=results)
    context: dict[str, Any] = {
        "coalition": coalition,
        "round": zs_round,
        "results": results,
        "theme_charts": [
            {"theme": t, "id": f"zs-chart-{t.key}", "spec": charts.distribution_spec(t)}
            for t in results.themes
        ]
        if results.respondents
        else [],
        "trend": trend,
        "trend_spec": charts.trend_spec(trend) if trend.rows else None,
        "comparison": comparison,
        "comparison_spec": charts.comparison_spec(comparison, coalition.name) if comparison.shown else None,
        "may_answer": user_may_answer(request.user, coalition) and not zs_round.closed,
        "answered": bool(response_answers(round=zs_round, user=request.user)),
        "is_coordinator": user_coordinates(request.user, coalition),
    }
    return render(request, "coalitions/zelfscan/results.html", context)
