"""Helpers for the referral tests (issue 12), shared by the referral, worklist and FHIR tests.

- `publish_route(care, need=..., partner_org=..., days=...)`: the "zorg" coalition's coordinator publishes
  a klantroute for a theme with one step by that partner (all levels); returns the step.
- `consent_for(care, org, categories)`: the parent's consent for an organisation, without giving any of
  its teams access (consent_record with receiving_team=None).
- `concept_referral(care, ...)`, `sent_referral(care, ...)`: from the midwife (team Praktijk Oost) to the
  social team "Wijk" by default, or to any team; `move(...)` makes one transition with the current version.
- `referral_in(care, status, ...)`: a referral brought to `status` along the real transitions.
- One open referral per family, receiving organisation and theme (`referral_one_open_per_theme`): a test
  that needs several open ones at once gives each its own theme (`need=`, `free_need(care)`) or its own
  family (`family=`, `more_families(care, n)`). The default is the family "Roos Reuring" and "financien".
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from kansrijk.accounts.models import Organisation
from kansrijk.audit.actors import SystemActor
from kansrijk.care.categories import Purpose
from kansrijk.care.context import AccessContext, system_context
from kansrijk.care.models import (
    OPEN_STATUSES,
    CareTeam,
    Consent,
    ConsentMethod,
    ConsentText,
    Episode,
    EpisodeStage,
    PersonRole,
    Referral,
    ReferralOutcome,
    ReferralStatus,
)
from kansrijk.care.referral_data import NEED_CATEGORIES
from kansrijk.care.services.consent import consent_record
from kansrijk.care.services.episodes import PersonData, family_register
from kansrijk.care.services.referrals import (
    referral_create,
    referral_receive,
    referral_send,
    referral_transition,
)
from kansrijk.coalitions.models import CoalitionPartner
from kansrijk.interventions.models import Need
from kansrijk.routes.models import RouteStatus, RouteStep, VulnerabilityLevel
from kansrijk.routes.services import klantroute_create, klantroute_publish, route_step_add
from tests.care.personas import CareCast

S = ReferralStatus
EXPIRY = SystemActor("verwijzing-test")
# Enough for every theme's base (identification, handover, level) and the social data debt help needs.
DEFAULT_CATEGORIES = ["identificatie", "niveau", "sociaal", "overdracht"]
# "financien" first, then the themes whose help needs the same data (a referral for one of them sends what
# a debt-help referral sends), then the others (they send less under DEFAULT_CATEGORIES).
THEMES: tuple[str, ...] = tuple(
    sorted(
        Need.values,
        key=lambda n: (n != Need.FINANCIEN, NEED_CATEGORIES[n] != NEED_CATEGORIES[Need.FINANCIEN]),
    )
)


def system(care: CareCast) -> AccessContext:
    """The unattended context that expires referrals (helper C's job runs under its own actor)."""
    return system_context(EXPIRY, purpose=Purpose.REFERRAL)


def publish_route(
    care: CareCast,
    need: str = "financien",
    partner_org: Organisation | None = None,
    days: int | None = 7,
    levels: list[str] | None = None,
    title: str = "Aanmelden bij het sociaal team",
) -> RouteStep:
    """A published route for `need` with one step by `partner_org` (default: the social team)."""
    organisation = partner_org or care.social
    partner = CoalitionPartner.objects.get(coalition=care.coalition, organisation=organisation)
    route = klantroute_create(
        coalition=care.coalition, need=need, title=f"Route {need}", actor=care.coordinator
    )
    step = route_step_add(
        route=route,
        title=title,
        partner=partner,
        levels=levels or list(VulnerabilityLevel.values),
        days_to_first_contact=days,
        actor=care.coordinator,
    )
    klantroute_publish(route=route, actor=care.coordinator)
    step.refresh_from_db()
    assert step.route.status == RouteStatus.PUBLISHED
    return step


def consent_for(
    care: CareCast,
    organisation: Organisation | None = None,
    categories: list[str] | None = None,
    *,
    family: Episode | None = None,
) -> Consent:
    family = family or care.family
    parent = family.persons.get(role=PersonRole.PARENT)
    return consent_record(
        care.ctx(care.midwife),
        episode_id=family.public_id,
        subject=parent,
        given_by=parent,
        receiving_team=None,
        receiving_organisation=organisation or care.social,
        categories=categories or DEFAULT_CATEGORIES,
        purpose=Purpose.REFERRAL,
        given_on=timezone.localdate(),
        method=ConsentMethod.SPOKEN,
        text=ConsentText.objects.order_by("-version").first(),  # type: ignore[arg-type]  # shipped text
    )


def concept_referral(
    care: CareCast,
    *,
    team: CareTeam | None = None,
    need: str = "financien",
    step: RouteStep | None = None,
    handover: dict[str, str] | None = None,
    reason: str = "Roos heeft schulden en wil hulp.",
    message: str = "Graag snel contact.",
    family: Episode | None = None,
) -> Referral:
    return referral_create(
        care.ctx(care.midwife),
        episode_id=(family or care.family).public_id,
        need=need,
        receiving_team=team or care.social_team,
        reason=reason,
        message=message,
        route_step=step,
        handover=handover,
    )


def sent_referral(
    care: CareCast,
    *,
    team: CareTeam | None = None,
    need: str = "financien",
    categories: list[str] | None = None,
    with_route: bool = True,
    days: int | None = 7,
    handover: dict[str, str] | None = None,
    consent: bool = True,
    family: Episode | None = None,
) -> Referral:
    """A sent referral of `family` (default the cast's family) from the midwife to `team` (default the
    social team "Wijk"), on the parent's consent for the team's organisation, along a published route step
    of that organisation when `with_route`."""
    team = team or care.social_team
    step = None
    if with_route:
        step = RouteStep.objects.filter(
            route__coalition=care.coalition,
            route__need=need,
            route__status=RouteStatus.PUBLISHED,
            partner__organisation=team.organisation,
        ).first() or publish_route(care, need=need, partner_org=team.organisation, days=days)
    if consent:
        consent_for(care, team.organisation, categories, family=family)
    referral = concept_referral(care, team=team, need=need, step=step, handover=handover, family=family)
    return referral_send(care.ctx(care.midwife), referral_id=referral.public_id, version=referral.version)


def receiver_of(care: CareCast, referral: Referral) -> AccessContext:
    user = {
        care.social_team.pk: care.social_worker,
        care.nurse_team.pk: care.nurse,
        care.colleague_team.pk: care.colleague,
    }[referral.receiving_team_id]
    return care.ctx(user)


def move(ctx: AccessContext, referral: Referral, to: str, **data: Any) -> Referral:
    """One transition with the referral's current version (read fresh)."""
    referral.refresh_from_db()
    return referral_transition(ctx, referral_id=referral.public_id, version=referral.version, to=to, **data)


def data_for(to: str, today: date | None = None) -> dict[str, Any]:
    """What a move to `to` needs (and nothing it refuses)."""
    data: dict[str, Any] = {}
    if to in {S.REJECTED, S.STOPPED, S.NOT_REACHED, S.REFERRED_ELSEWHERE, S.WITHDRAWN}:
        data["reason"] = "Reden van de stap."
    if to == S.COMPLETED:
        data["outcome"] = ReferralOutcome.HELP_RECEIVED
    if to == S.FIRST_CONTACT:
        data["first_contact_on"] = today or timezone.localdate()
    return data


# The path to each status along the table, after "verstuurd" (receiver moves unless noted).
PATHS: dict[str, list[str]] = {
    S.CONCEPT: [],
    S.SENT: [],
    S.RECEIVED: [S.RECEIVED],
    S.ACCEPTED: [S.RECEIVED, S.ACCEPTED],
    S.REJECTED: [S.RECEIVED, S.REJECTED],
    S.FIRST_CONTACT: [S.RECEIVED, S.ACCEPTED, S.FIRST_CONTACT],
    S.COMPLETED: [S.RECEIVED, S.ACCEPTED, S.FIRST_CONTACT, S.COMPLETED],
    S.STOPPED: [S.RECEIVED, S.ACCEPTED, S.STOPPED],
    S.WITHDRAWN: [S.WITHDRAWN],  # by the sender
    S.EXPIRED: [S.EXPIRED],  # by the system
    S.NOT_REACHED: [S.RECEIVED, S.ACCEPTED, S.NOT_REACHED],
    S.REFERRED_ELSEWHERE: [S.RECEIVED, S.REFERRED_ELSEWHERE],
}


def referral_in(
    care: CareCast,
    status: str,
    *,
    team: CareTeam | None = None,
    need: str = "financien",
    family: Episode | None = None,
    **kwargs: Any,
) -> Referral:
    """A referral brought to `status` along the real transitions (each by its own side)."""
    if status == S.CONCEPT:
        if not Consent.objects.filter(episode=family or care.family, withdrawn_at__isnull=True).exists():
            consent_for(care, (team or care.social_team).organisation, family=family)
        return concept_referral(care, team=team, need=need, family=family)
    referral = sent_referral(care, team=team, need=need, family=family, **kwargs)
    receiver = receiver_of(care, referral)
    for to in PATHS[status]:
        if to == S.RECEIVED:
            referral = referral_receive(receiver, referral_id=referral.public_id)
        elif to == S.WITHDRAWN:
            referral = move(care.ctx(care.midwife), referral, to, **data_for(to))
        elif to == S.EXPIRED:
            referral = move(system(care), referral, to)
        else:
            referral = move(receiver, referral, to, **data_for(to))
    referral.refresh_from_db()
    assert referral.status == status
    return referral


def free_need(care: CareCast, *, team: CareTeam | None = None, family: Episode | None = None) -> str:
    """The first of THEMES for which `family` (default the cast's family) has no open referral to `team`'s
    organisation (default the social team's): a new referral for it may be sent."""
    organisation = (team or care.social_team).organisation
    taken = set(
        Referral.objects.filter(
            episode=family or care.family, receiving_organisation=organisation, status__in=OPEN_STATUSES
        ).values_list("need", flat=True)
    )
    return next(need for need in THEMES if need not in taken)


def more_families(care: CareCast, n: int, family_name: str = "Lijst") -> list[Episode]:
    """`n` more families registered by the midwife (her own relation: she sees their names and may refer
    them), each one parent "Ouder00 <family_name>", "Ouder01 …"."""
    ctx = care.ctx(care.midwife)
    return [
        family_register(
            ctx, coalition=care.coalition, municipality=care.family.municipality, stage=EpisodeStage.PREGNANT,
            due_date=timezone.localdate() + timedelta(days=100),
            persons=[PersonData(role=PersonRole.PARENT, given_name=f"Ouder{i:02d}", family_name=family_name)],
            is_synthetic=True,
        )
        for i in range(n)
    ]  # fmt: skip
