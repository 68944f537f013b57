"""The referral pages (issue 12): a new referral along the klantroute, and one referral's page for the
sender and the receiving team, with the moves this side may make now, the handover set and the warm
handover.

Thin views: the context from `care_context` (404 without a care team), the referral through
kansrijk.care.selectors.referrals (404 when not visible; each page logged there), writes through
kansrijk.care.services.referrals (logged there). A refused or invalid step re-shows the page with 422;
a write on a stale version shows "changed by someone else — reload" (also 422).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kansrijk.care.context import AccessContext
from kansrijk.care.forms import add_service_error
from kansrijk.care.forms.referrals import (
    MoveForm,
    ReferralNewForm,
    VersionForm,
    WarmHandoverForm,
    handover_form_class,
)
from kansrijk.care.models import CareTeam
from kansrijk.care.models.referral import Referral, ReferralSide, ReferralStatus
from kansrijk.care.referral_states import CLOSED
from kansrijk.care.selectors.access import episodes_visible_to
from kansrijk.care.selectors.families import categories_text, level_label
from kansrijk.care.selectors.referrals import (
    NeedProposals,
    Proposal,
    ProposalPage,
    ReferralPage,
    referral_get,
    referral_page,
    referral_proposals,
)
from kansrijk.care.services.referrals import (
    CHANGED_BY_SOMEONE_ELSE,
    handover_update,
    referral_create,
    referral_receive,
    referral_send,
    referral_transition,
    warm_handover_update,
)
from kansrijk.care.views._common import care_context
from kansrijk.routes.models import RouteStep

_T = "care/referrals/"
S = ReferralStatus
# The way a referral is meant to go; a referral that ends elsewhere shows its end after the last step
# it reached.
LOOP = (S.CONCEPT, S.SENT, S.RECEIVED, S.ACCEPTED, S.FIRST_CONTACT, S.COMPLETED)
# Moves that have no form of their own: "ontvangen" happens when the receiving team opens the page.
AUTOMATIC = frozenset({S.RECEIVED, S.EXPIRED})


@dataclass(frozen=True)
class ProposalBlock:
    """A proposal of the route with a radio option (key, team) per team of its organisation."""

    proposal: Proposal
    options: list[tuple[str, CareTeam]]
    categories_text: str


@dataclass(frozen=True)
class NeedBlock:
    need: NeedProposals
    proposals: list[ProposalBlock]


def _proposal_choices(
    page: ProposalPage,
) -> tuple[list[NeedBlock], list[tuple[str, str]], dict[str, tuple[str, RouteStep, CareTeam]]]:
    """Per need the proposals with a radio option per team; the choices; what each choice stands for."""
    blocks: list[NeedBlock] = []
    choices: list[tuple[str, str]] = []
    chosen: dict[str, tuple[str, RouteStep, CareTeam]] = {}
    for need in page.needs:
        proposals = []
        for proposal in need.proposals:
            options = []
            for team in proposal.teams:
                key = f"{need.need}|{proposal.step.public_id}|{team.public_id}"
                options.append((key, team))
                choices.append((key, f"{proposal.step.title}: {proposal.organisation.name}, {team.name}"))
                chosen[key] = (need.need, proposal.step, team)
            proposals.append(ProposalBlock(proposal, options, categories_text(proposal.categories)))
        blocks.append(NeedBlock(need, proposals))
    return blocks, choices, chosen


@require_http_methods(["GET", "POST"])
@login_required
def referral_new_view(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The proposals of the klantroute for the needs found; pick one, say why, save or send."""
    ctx = care_context(request)
    page = referral_proposals(ctx, public_id)
    blocks, choices, chosen = _proposal_choices(page)
    form = ReferralNewForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        need, step, team = chosen[form.cleaned_data["choice"]]
        try:
            referral = referral_create(
                ctx,
                episode_id=public_id,
                need=need,
                receiving_team=team,
                reason=form.cleaned_data["reason"],
                message=form.cleaned_data["message"],
                route_step=step,
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            if "versturen" not in request.POST:
                messages.success(request, _("De verwijzing is opgeslagen als concept."))
                return redirect("care:referral", public_id, referral.public_id)
            try:
                referral_send(ctx, referral_id=referral.public_id, version=referral.version)
            except (ValidationError, PermissionDenied) as exc:
                messages.warning(
                    request,
                    _("De verwijzing is opgeslagen als concept, maar niet verstuurd: %(why)s")
                    % {"why": _text(exc)},
                )
            else:
                messages.success(request, _("De verwijzing is verstuurd."))
            return redirect("care:referral", public_id, referral.public_id)
    context = {
        "ctx": ctx,
        "episode": page.access.episode,
        "page": page,
        "needs": blocks,
        "level_text": level_label(page.level),
        "form": form,
    }
    return render(request, _T + "new.html", context, status=422 if form.errors else 200)


def _text(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages)
    return str(exc)


def _is_stale(form: Any) -> bool:
    return str(CHANGED_BY_SOMEONE_ELSE) in [str(e) for e in form.non_field_errors()]


# --- one referral's page --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoopStep:
    label: str
    state: str  # "gedaan", "nu", "volgt"

    @property
    def state_text(self) -> str:
        return {"gedaan": _("gedaan"), "nu": _("nu"), "volgt": _("nog niet")}[self.state]


def loop_steps(referral: Referral, reached: set[str]) -> list[LoopStep]:
    """The loop as steps done / now / next. An end off the way (rejected, withdrawn …) comes after the
    last step reached, and nothing follows it."""
    labels = dict(S.choices)
    current = referral.status
    steps: list[LoopStep] = []
    for status in LOOP:
        if status == current:
            steps.append(LoopStep(str(labels[status]), "nu"))
        elif status in reached:
            steps.append(LoopStep(str(labels[status]), "gedaan"))
        elif current not in LOOP:
            break
        else:
            steps.append(LoopStep(str(labels[status]), "volgt"))
    if current not in LOOP:
        steps.append(LoopStep(str(labels[current]), "nu"))
    return steps


@dataclass(frozen=True)
class HistoryRow:
    when: Any
    status: str
    who: str
    reason: str


def _history(page: ReferralPage) -> list[HistoryRow]:
    """What happened, oldest first (the selector already leaves out the receiver's reasons for the sender:
    feedback to the sender is status, date and outcome)."""
    labels = dict(S.choices)
    rows = []
    for move in page.transitions:
        who = move.organisation.name if move.organisation is not None else _("Kansrijk, automatisch")
        rows.append(
            HistoryRow(
                when=move.created_at,
                status=str(labels.get(move.to_status, move.to_status)),
                who=who,
                reason=move.reason,
            )
        )
    return rows


def _handover_form(page: ReferralPage, data: Any = None) -> VersionForm | None:
    if not page.may_edit_handover:
        return None
    form_class = handover_form_class([(name, label) for name, label, _value in page.handover_fields])
    initial: dict[str, Any] = {name: value for name, _label, value in page.handover_fields}
    initial["version"] = page.referral.version
    return form_class(data, initial=initial, prefix="overdracht")


def _move_forms(page: ReferralPage, bound: MoveForm | None = None) -> list[MoveForm]:
    forms = []
    for target in page.next_moves:
        if target in AUTOMATIC:
            continue
        if bound is not None and bound.target == target:
            forms.append(bound)
        else:
            forms.append(MoveForm(initial={"version": page.referral.version}, target=target))
    return forms


def _warm_form(page: ReferralPage, data: Any = None) -> WarmHandoverForm | None:
    if page.referral.status in CLOSED or page.referral.status == S.CONCEPT:
        return None
    warm = page.warm_handover
    initial: dict[str, Any] = {"version": page.referral.version}
    if warm is not None:
        initial |= {"status": warm.status, "planned_on": warm.planned_on, "held_on": warm.held_on}
    return WarmHandoverForm(data, initial=initial)


def _family_link(ctx: AccessContext, referral: Referral) -> bool:
    """Whether this team may open the family page (the receiver before acceptance may not)."""
    return episodes_visible_to(ctx).filter(pk=referral.episode_id).exists()


def _render(
    request: HttpRequest,
    ctx: AccessContext,
    public_id: UUID,
    referral_id: UUID,
    *,
    move_form: MoveForm | None = None,
    handover_form: VersionForm | None = None,
    warm_form: WarmHandoverForm | None = None,
) -> HttpResponse:
    page = referral_page(ctx, public_id, referral_id)
    referral = page.referral
    failed = next((f for f in (move_form, handover_form, warm_form) if f is not None and f.errors), None)
    reached = {S.CONCEPT, *(t.to_status for t in page.transitions)}
    context = {
        "ctx": ctx,
        "page": page,
        "referral": referral,
        "episode": referral.episode,
        "is_sender": page.side == ReferralSide.SENDER,
        "loop": loop_steps(referral, reached),
        "history": _history(page),
        "handover_form": handover_form or _handover_form(page),
        "move_forms": _move_forms(page, move_form),
        "warm_form": warm_form or _warm_form(page),
        "failed": failed,
        "stale": failed is not None and _is_stale(failed),
        "family_link": _family_link(ctx, referral),
        "closed": referral.status in CLOSED,
        "categories_text": categories_text(list(referral.categories)),
    }
    return render(request, _T + "detail.html", context, status=422 if failed is not None else 200)


@require_http_methods(["GET"])
@login_required
def referral_view(request: HttpRequest, public_id: UUID, referral_id: UUID) -> HttpResponse:
    """The referral's page. When the receiving team opens a sent referral, it is received."""
    ctx = care_context(request)
    referral = referral_get(ctx, public_id, referral_id)
    if referral.status == S.SENT and ctx.team is not None and referral.receiving_team_id == ctx.team.pk:
        referral_receive(ctx, referral_id=referral_id)
    return _render(request, ctx, public_id, referral_id)


@require_POST
@login_required
def referral_move_view(request: HttpRequest, public_id: UUID, referral_id: UUID) -> HttpResponse:
    """One move in the loop ("naar": the target status), by the side that may make it."""
    ctx = care_context(request)
    referral_get(ctx, public_id, referral_id)  # 404 for whoever may not see it
    target = request.POST.get("naar", "")
    form = MoveForm(request.POST, target=target if target in S.values else "onbekend")
    if target not in S.values:
        form.is_valid()
        form.add_error(None, _("Kies een stap die op deze pagina staat."))
    elif form.is_valid():
        data = form.cleaned_data
        try:
            if target == S.SENT:
                referral_send(ctx, referral_id=referral_id, version=data["version"])
            else:
                referral_transition(
                    ctx,
                    referral_id=referral_id,
                    version=data["version"],
                    to=target,
                    reason=data.get("reason", ""),
                    outcome=data.get("outcome", ""),
                    first_contact_on=data.get("first_contact_on"),
                )
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, _("De verwijzing staat nu op: %(status)s.") % {"status": dict(S.choices)[target]}
            )
            return redirect("care:referral", public_id, referral_id)
    return _render(request, ctx, public_id, referral_id, move_form=form)


@require_POST
@login_required
def referral_handover_view(request: HttpRequest, public_id: UUID, referral_id: UUID) -> HttpResponse:
    """The sender fills in the handover set (only the fields of the categories it sends)."""
    ctx = care_context(request)
    page = referral_page(ctx, public_id, referral_id)
    form = _handover_form(page, request.POST)
    if form is None:
        form = handover_form_class([])(request.POST, prefix="overdracht")
        form.is_valid()
        form.add_error(None, _("U kunt de overdracht nu niet aanpassen."))
    elif form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            handover_update(ctx, referral_id=referral_id, version=form.cleaned_data["version"], fields=fields)
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De gegevens voor de overdracht zijn opgeslagen."))
            return redirect("care:referral", public_id, referral_id)
    return _render(request, ctx, public_id, referral_id, handover_form=form)


@require_POST
@login_required
def referral_warm_view(request: HttpRequest, public_id: UUID, referral_id: UUID) -> HttpResponse:
    """The warm handover: proposed, planned, held or not held (with the reason); either side."""
    ctx = care_context(request)
    referral_get(ctx, public_id, referral_id)
    form = WarmHandoverForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            warm_handover_update(
                ctx,
                referral_id=referral_id,
                version=data["version"],
                status=data["status"],
                planned_on=data["planned_on"],
                held_on=data["held_on"],
                reason=data["reason"],
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De warme overdracht is bijgewerkt."))
            return redirect("care:referral", public_id, referral_id)
    return _render(request, ctx, public_id, referral_id, warm_form=form)
