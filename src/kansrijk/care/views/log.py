"""The log manager's page (`/zorg/log/`): the organisation's access-log entries, filtered and paginated,
with unusual access flagged. Reading the log is itself logged (one log-review entry naming the families
the page showed). A 404 for everyone who is not a log manager of an organisation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from kansrijk.accounts.models import Organisation, User
from kansrijk.care.accesslog import log_access
from kansrijk.care.context import log_manager_context
from kansrijk.care.models import AccessEvent
from kansrijk.care.selectors.accesslog import (
    LogFilter,
    families_named,
    log_manager_organisations,
    organisation_log,
    outside_hours,
    unusual_access,
)
from kansrijk.core.auth import signed_in_user

PER_PAGE = 50
DEFAULT_DAYS = 14  # without a date filter: the last two weeks, so flags stay about recent access


class LogFilterForm(forms.Form):
    gebruiker = forms.TypedChoiceField(label=_("Medewerker"), required=False, coerce=int, empty_value=None)
    van = forms.DateField(label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    tot = forms.DateField(
        label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    gezin = forms.UUIDField(label=_("Gezinsnummer"), required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = User.objects.filter(memberships__organisation=organisation).distinct().order_by("email")
        self.fields["gebruiker"].choices = [("", _("Iedereen")), *((u.pk, u.email) for u in people)]  # type: ignore[attr-defined]

    def log_filter(self) -> LogFilter:
        data = self.cleaned_data if self.is_valid() else {}
        start = data.get("van") or (timezone.localdate() - timedelta(days=DEFAULT_DAYS))
        return LogFilter(
            user_id=data.get("gebruiker"),
            date_from=start,
            date_to=data.get("tot"),
            episode_id=data.get("gezin"),
        )


def _organisation(request: HttpRequest, user: User) -> Organisation:
    """The organisation whose log is shown: the only one, or the one chosen (?organisatie=<uuid>)."""
    organisations = list(log_manager_organisations(user))
    if not organisations:
        raise Http404
    wanted = request.GET.get("organisatie")
    return next((o for o in organisations if str(o.public_id) == wanted), organisations[0])


@require_GET
@login_required
def log_review(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    organisation = _organisation(request, user)
    ctx = log_manager_context(user, organisation=organisation)
    form = LogFilterForm(request.GET or None, organisation=organisation)
    flt = form.log_filter()
    page = Paginator(organisation_log(ctx, flt), PER_PAGE).get_page(request.GET.get("pagina"))
    unusual = unusual_access(ctx, flt)
    entries = list(page.object_list)
    with transaction.atomic():
        log_access(
            ctx,
            event=AccessEvent.READ,
            action="toegangslog.bekeken",
            basis="logbeheer",
            episodes=families_named(entries),
            detail={"pagina": page.number, "filter": {k: str(v) for k, v in flt.__dict__.items() if v}},
        )
    busy = {f.user_id for f in unusual.many_families}
    rows = [(e, outside_hours(e.occurred_at), e.user_id in busy) for e in entries]
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "care/log/index.html",
        {
            "organisation": organisation,
            "organisations": list(log_manager_organisations(user)),
            "form": form,
            "page": page,
            "rows": rows,
            "unusual": unusual,
            "query": query.urlencode(),
            "filter": flt,
        },
    )
