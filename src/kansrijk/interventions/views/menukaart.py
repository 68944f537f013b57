"""Menukaart pages: the public list with filters and the detail page (everyone, also anonymous); the
management pages (platform admin only: others 403, anonymous to the login page)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kansrijk.accounts.selectors import user_is_platform_admin
from kansrijk.core.auth import signed_in_user
from kansrijk.core.form_helpers import GET_POST, confirm, posted, submit
from kansrijk.interventions.forms.menukaart import InterventionForm, MenukaartFilterForm, intervention_initial
from kansrijk.interventions.models import Intervention
from kansrijk.interventions.selectors.menukaart import (
    intervention_get,
    interventions_on_menukaart,
    need_labels,
    needs_of,
    phase_labels,
    phases_of,
)
from kansrijk.interventions.selectors.offer import offers_of_my_coalitions
from kansrijk.interventions.services import menukaart as services
from kansrijk.interventions.services.menukaart import NOT_PLATFORM_ADMIN

FORM_TEMPLATE = "interventions/menukaart/form.html"


def _row(intervention: Intervention) -> dict[str, object]:
    return {
        "intervention": intervention,
        "phases": phase_labels(phases_of(intervention)),
        "needs": need_labels(needs_of(intervention)),
    }


@require_GET
def menukaart(request: HttpRequest) -> HttpResponse:
    form = MenukaartFilterForm(request.GET or None)
    filters = form.filters() if request.GET else None
    is_admin = user_is_platform_admin(request.user)
    interventions = interventions_on_menukaart(filters=filters, include_inactive=is_admin)
    context = {
        "form": form,
        "filtered": bool(filters and filters.active),
        "rows": [_row(i) for i in interventions],
        "is_admin": is_admin,
    }
    return render(request, "interventions/menukaart/list.html", context)


@require_GET
def intervention_detail(request: HttpRequest, slug: str) -> HttpResponse:
    intervention = intervention_get(slug)
    context = {
        **_row(intervention),
        "is_admin": user_is_platform_admin(request.user),
        "my_offers": offers_of_my_coalitions(request.user, intervention),
    }
    return render(request, "interventions/menukaart/detail.html", context)


def _ensure_admin(request: HttpRequest) -> None:
    if not user_is_platform_admin(request.user):
        raise PermissionDenied(NOT_PLATFORM_ADMIN)


def _detail_url(intervention: Intervention) -> str:
    return reverse("interventions:menukaart_interventie", args=[intervention.slug])


def _form_page(
    request: HttpRequest, *, form: InterventionForm, title: str, submit: str, cancel: str
) -> HttpResponse:
    context = {"form": form, "title": title, "submit": submit, "cancel_url": cancel}
    return render(request, FORM_TEMPLATE, context, status=422 if form.is_bound else 200)


@require_http_methods(GET_POST)
@login_required
def intervention_new(request: HttpRequest) -> HttpResponse:
    _ensure_admin(request)
    form = InterventionForm(posted(request))
    done = submit(
        request,
        form,
        save=lambda data: services.intervention_create(actor=signed_in_user(request), **data),
        success=lambda intervention: _("“%(n)s” staat op de menukaart.") % {"n": intervention.name},
        next_url=_detail_url,
    )
    return done or _form_page(
        request,
        form=form,
        title=_("Interventie toevoegen"),
        submit=_("Interventie opslaan"),
        cancel=reverse("interventions:menukaart"),
    )


@require_http_methods(GET_POST)
@login_required
def intervention_edit(request: HttpRequest, slug: str) -> HttpResponse:
    _ensure_admin(request)
    intervention = intervention_get(slug)
    form = InterventionForm(posted(request), initial=intervention_initial(intervention))
    done = submit(
        request,
        form,
        save=lambda data: services.intervention_update(
            intervention=intervention, actor=signed_in_user(request), **data
        ),
        success=lambda saved: _("“%(n)s” is bijgewerkt.") % {"n": saved.name},
        next_url=_detail_url,
    )
    return done or _form_page(
        request,
        form=form,
        title=_("Interventie bewerken"),
        submit=_("Wijzigingen opslaan"),
        cancel=reverse("interventions:menukaart_interventie", args=[intervention.slug]),
    )


@require_http_methods(GET_POST)
@login_required
def intervention_active(request: HttpRequest, slug: str) -> HttpResponse:
    """Deactivate (take off the menukaart) or reactivate, after a confirmation page."""
    _ensure_admin(request)
    intervention = intervention_get(slug)
    activate = not intervention.is_active
    text = _("“%(n)s” staat weer op de menukaart.") if activate else _("“%(n)s” is van de menukaart gehaald.")
    done = confirm(
        request,
        do=lambda: services.intervention_set_active(
            intervention=intervention, active=activate, actor=signed_in_user(request)
        ),
        success=text % {"n": intervention.name},
        next_url=_detail_url(intervention),
    )
    if done:
        return done
    if activate:
        title, submit = _("Weer op de menukaart zetten"), _("Weer op de menukaart zetten")
        question = _("Wilt u “%(n)s” weer op de menukaart zetten?") % {"n": intervention.name}
    else:
        title, submit = _("Van de menukaart halen"), _("Van de menukaart halen")
        question = _(
            "Wilt u “%(n)s” van de menukaart halen? Lokaal aanbod dat het gebruikt, blijft bestaan."
        ) % {"n": intervention.name}
    context = {
        "title": title,
        "question": question,
        "submit": submit,
        "cancel_url": reverse("interventions:menukaart_interventie", args=[intervention.slug]),
    }
    return render(request, "interventions/menukaart/confirm.html", context)
