"""Good practices: the shared search (all coalitions), one practice, a coalition's own list, share/edit/withdraw."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from kansrijk.coalitions.forms.practices import PracticeForm, PracticeSearchForm
from kansrijk.coalitions.models import GoodPractice
from kansrijk.coalitions.pages import confirm_page, form_page
from kansrijk.coalitions.selectors.access import (
    coalition_get_for_user,
    coalitions_of_member,
    user_is_national,
)
from kansrijk.coalitions.selectors.practices import (
    coalitions_to_share_for,
    practice_get_for_user,
    practices_of_coalition,
    practices_search,
    user_may_edit_practice,
    user_may_share_practice,
)
from kansrijk.coalitions.services import NOT_MEMBER
from kansrijk.coalitions.services import practices as services
from kansrijk.coalitions.services.practices import NOT_PRACTICE_EDITOR
from kansrijk.core.auth import signed_in_user
from kansrijk.core.form_helpers import GET_POST, posted, submit

NO_ACCESS = gettext_lazy(
    "Goede praktijken zijn te zien voor deelnemers van een coalitie en voor het landelijk programma."
)


@require_GET
@login_required
def practices(request: HttpRequest) -> HttpResponse:
    if not (user_is_national(request.user) or coalitions_of_member(request.user).exists()):
        # Not secret that the page exists: say who may read it (403) instead of a bare 404.
        return render(request, "coalitions/practices/no_access.html", {"message": NO_ACCESS}, status=403)
    form = PracticeSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    results = practices_search(
        user=request.user,
        q=filters.get("q", ""),
        theme=filters.get("thema", ""),
        phase=filters.get("fase", ""),
    )
    context = {
        "form": form,
        "results": results,
        "searched": bool(request.GET),
        "share_in": list(coalitions_to_share_for(request.user)),
    }
    return render(request, "coalitions/practices/index.html", context)


@require_GET
@login_required
def practice_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    practice = practice_get_for_user(request.user, public_id)
    context = {"practice": practice, "may_edit": user_may_edit_practice(request.user, practice)}
    return render(request, "coalitions/practices/detail.html", context)


@require_GET
@login_required
def coalition_practices(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = coalition_get_for_user(request.user, slug)
    rows = list(practices_of_coalition(coalition))
    if not user_may_share_practice(request.user, coalition):
        rows = [p for p in rows if p.withdrawn_at is None]  # withdrawn ones are the coalition's own business
    context = {
        "coalition": coalition,
        "practices": rows,
        "may_share": user_may_share_practice(request.user, coalition),
    }
    return render(request, "coalitions/practices/coalition.html", context)


@require_http_methods(GET_POST)
@login_required
def practice_new(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = coalition_get_for_user(request.user, slug)
    if not user_may_share_practice(request.user, coalition):
        raise PermissionDenied(NOT_MEMBER)
    form = PracticeForm(posted(request))
    done = submit(
        request,
        form,
        save=lambda data: services.practice_publish(
            coalition=coalition, actor=signed_in_user(request), **data
        ),
        success=lambda practice: (
            _("De praktijk “%(t)s” is gedeeld met alle coalities.") % {"t": practice.title}
        ),
        next_url=lambda practice: reverse("coalitions:praktijk", args=[practice.public_id]),
    )
    return done or form_page(
        request,
        coalition=coalition,
        form=form,
        title=_("Goede praktijk delen"),
        intro=_(
            "Wat u deelt, zien alle deelnemers van alle coalities en het landelijk programma. "
            "Schrijf geen gegevens van gezinnen op."
        ),
        submit=_("Praktijk delen"),
        cancel_url=reverse("coalitions:praktijken_coalitie", args=[coalition.slug]),
    )


def _own_practice(request: HttpRequest, slug: str, public_id: UUID) -> GoodPractice:
    coalition = coalition_get_for_user(request.user, slug)
    practice = get_object_or_404(
        GoodPractice.objects.select_related("coalition"), coalition=coalition, public_id=public_id
    )
    if not user_may_edit_practice(request.user, practice):
        raise PermissionDenied(NOT_PRACTICE_EDITOR)
    return practice


@require_http_methods(GET_POST)
@login_required
def practice_edit(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    practice = _own_practice(request, slug, public_id)
    fields = ("title", "target_group", "description", "results", "contact", "theme", "phase")
    form = PracticeForm(posted(request), initial={f: getattr(practice, f) for f in fields})
    done = submit(
        request,
        form,
        save=lambda data: services.practice_update(practice=practice, actor=signed_in_user(request), **data),
        success=_("De praktijk is bijgewerkt."),
        next_url=reverse("coalitions:praktijk", args=[practice.public_id]),
    )
    return done or form_page(
        request,
        coalition=practice.coalition,
        form=form,
        title=_("Praktijk bewerken"),
        submit=_("Wijzigingen opslaan"),
        cancel_url=reverse("coalitions:praktijk", args=[practice.public_id]),
    )


@require_http_methods(GET_POST)
@login_required
def practice_withdraw(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    practice = _own_practice(request, slug, public_id)
    back = reverse("coalitions:praktijken_coalitie", args=[practice.coalition.slug])
    if request.method == "POST":
        try:
            services.practice_withdraw(practice=practice, actor=signed_in_user(request))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("De praktijk “%(t)s” is ingetrokken.") % {"t": practice.title})
        return redirect(back)
    return confirm_page(
        request,
        coalition=practice.coalition,
        title=_("Praktijk intrekken"),
        question=_(
            "Wilt u “%(t)s” intrekken? Andere coalities zien de praktijk dan niet meer; uw eigen coalitie wel."
        )
        % {"t": practice.title},
        submit=_("Praktijk intrekken"),
        cancel_url=reverse("coalitions:praktijk", args=[practice.public_id]),
    )
