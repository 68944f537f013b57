"""The professional's worklists (issue 12): referrals waiting for the team, referrals it sent, overdue
first contacts, reassessments due and home visits to plan — beside "Mijn gezinnen" (the first tab, its
own page). Each list is filterable (fixed choices only), 25 rows a page, and logs one search entry
(kansrijk.care.selectors.worklists). Anyone without a care team gets a 404 (care_context)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from kansrijk.care.context import AccessContext
from kansrijk.care.models import ReferralSide, ReferralStatus, VisitStatus
from kansrijk.care.selectors.worklists import (
    REASSESS_WINDOW_DAYS,
    WAITING,
    ListKey,
    ListPage,
    first_contacts_overdue,
    reassessments_due,
    referrals_sent,
    referrals_waiting,
    visits_to_plan,
)
from kansrijk.care.views._common import care_context
from kansrijk.interventions.models import Need

_T = "care/worklists/"
S = ReferralStatus


def _choices(all_label: Any, choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", all_label), *choices]


def _need_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Thema"), required=False, choices=_choices(_("Alle thema's"), Need.choices)
    )


class WaitingFilter(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=_choices(_("Verstuurd en ontvangen"), [(s, S(s).label) for s in WAITING]),
    )
    thema = _need_field()


class SentFilter(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_choices(_("Alle statussen"), S.choices)
    )
    thema = _need_field()


class OverdueFilter(forms.Form):
    kant = forms.ChoiceField(
        label=_("Verwijzingen"),
        required=False,
        choices=_choices(
            _("Verstuurd en ontvangen"),
            [
                (ReferralSide.SENDER, _("Door ons team verstuurd")),
                (ReferralSide.RECEIVER, _("Naar ons team")),
            ],
        ),
    )
    thema = _need_field()


class ReassessFilter(forms.Form):
    wanneer = forms.ChoiceField(
        label=_("Wanneer"),
        required=False,
        choices=_choices(
            format_lazy(_("Te laat en binnen {days} dagen"), days=REASSESS_WINDOW_DAYS),
            [("te-laat", _("Alleen te laat"))],
        ),
    )


class VisitFilter(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=_choices(
            _("Aangeboden en geaccepteerd"),
            [
                (VisitStatus.OFFERED, VisitStatus.OFFERED.label),
                (VisitStatus.ACCEPTED, VisitStatus.ACCEPTED.label),
            ],
        ),
    )


TITLES = {
    ListKey.WAITING: _("Verwijzingen voor ons team"),
    ListKey.SENT: _("Verwijzingen van ons team"),
    ListKey.OVERDUE: _("Eerste contact te laat"),
    ListKey.REASSESS: _("Niveau opnieuw bekijken"),
    ListKey.VISITS: _("Huisbezoeken plannen"),
}
TABS = {
    ListKey.WAITING: _("Voor ons team"),
    ListKey.SENT: _("Door ons verstuurd"),
    ListKey.OVERDUE: _("Eerste contact te laat"),
    ListKey.REASSESS: _("Opnieuw bekijken"),
    ListKey.VISITS: _("Huisbezoeken plannen"),
}
URL_NAMES = {
    ListKey.WAITING: "care:worklist_waiting",
    ListKey.SENT: "care:worklist_sent",
    ListKey.OVERDUE: "care:worklist_overdue",
    ListKey.REASSESS: "care:worklist_reassess",
    ListKey.VISITS: "care:worklist_visits",
}


def _cleaned(form: forms.Form) -> dict[str, str]:
    """The chosen filters; an invalid choice (a hand-made URL) is ignored: the whole list shows."""
    if form.is_bound and form.is_valid():
        return {name: str(value) for name, value in form.cleaned_data.items()}
    return {name: "" for name in form.fields}


def _render(
    request: HttpRequest,
    ctx: AccessContext,
    result: ListPage[Any],
    form: forms.Form,
    filters: dict[str, str],
    template: str,
) -> HttpResponse:
    counts = result.counts
    tabs = [
        {"key": key, "label": TABS[key], "url_name": URL_NAMES[key], "count": counts.of(key)}
        for key in ListKey.ALL
    ]
    context = {
        "key": result.key,
        "title": TITLES[result.key],
        "tabs": tabs,
        "families_count": counts.families,
        "form": form,
        "page": result.page,
        "rows": result.rows,
        "filter_query": urlencode({k: v for k, v in filters.items() if v}),
        "filtered": any(filters.values()),
        "ctx": ctx,
        "window": REASSESS_WINDOW_DAYS,
    }
    return render(request, _T + template, context)


def _start(
    request: HttpRequest, form_class: type[forms.Form]
) -> tuple[AccessContext, forms.Form, dict[str, str]]:
    ctx = care_context(request)
    form = form_class(request.GET) if any(k in request.GET for k in form_class.base_fields) else form_class()
    return ctx, form, _cleaned(form)


def _page_number(request: HttpRequest) -> str:
    return request.GET.get("pagina", "1")


@require_GET
@login_required
def worklists_view(request: HttpRequest) -> HttpResponse:
    care_context(request)  # 404 for anyone without a care team
    return redirect("care:worklist_waiting")


@require_GET
@login_required
def waiting_view(request: HttpRequest) -> HttpResponse:
    ctx, form, filters = _start(request, WaitingFilter)
    result = referrals_waiting(
        ctx, status=filters["status"], need=filters["thema"], page_number=_page_number(request)
    )
    return _render(request, ctx, result, form, filters, "referrals.html")


@require_GET
@login_required
def sent_view(request: HttpRequest) -> HttpResponse:
    ctx, form, filters = _start(request, SentFilter)
    result = referrals_sent(
        ctx, status=filters["status"], need=filters["thema"], page_number=_page_number(request)
    )
    return _render(request, ctx, result, form, filters, "referrals.html")


@require_GET
@login_required
def overdue_view(request: HttpRequest) -> HttpResponse:
    ctx, form, filters = _start(request, OverdueFilter)
    result = first_contacts_overdue(
        ctx, side=filters["kant"], need=filters["thema"], page_number=_page_number(request)
    )
    return _render(request, ctx, result, form, filters, "referrals.html")


@require_GET
@login_required
def reassess_view(request: HttpRequest) -> HttpResponse:
    ctx, form, filters = _start(request, ReassessFilter)
    result = reassessments_due(
        ctx, late_only=filters["wanneer"] == "te-laat", page_number=_page_number(request)
    )
    return _render(request, ctx, result, form, filters, "reassessments.html")


@require_GET
@login_required
def visits_view(request: HttpRequest) -> HttpResponse:
    ctx, form, filters = _start(request, VisitFilter)
    result = visits_to_plan(ctx, status=filters["status"], page_number=_page_number(request))
    return _render(request, ctx, result, form, filters, "visits.html")
