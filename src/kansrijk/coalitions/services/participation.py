"""Writes for who takes part in a coalition: partnership decisions and participations (docs/adr/0007).

A coordinator proposes an organisation as partner (`partner_add`); only that organisation's admin (or the
platform admin, for an organisation without one) accepts or declines it here. People take part only
through a participation on behalf of an accepted partner; removing the partner ends them all.
a `SystemActor` is the system (demo, tests, the coalition's creation): no view ever passes None.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import Organisation, User
from kansrijk.accounts.organisation_selectors import user_administers
from kansrijk.accounts.types import Actor, person
from kansrijk.audit.services import record
from kansrijk.coalitions.models import (
    Coalition,
    CoalitionPartner,
    Invitation,
    Participation,
    ParticipationRole,
    PartnerStatus,
)
from kansrijk.coalitions.selectors.access import partners_accepted
from kansrijk.coalitions.services._common import ensure_coordinator

NOT_ORGANISATION_ADMIN = _(
    "Alleen de beheerder van deze organisatie beslist over partnerschappen. Heeft de organisatie nog geen "
    "beheerder? Dan beslist de beheerder van het platform."
)
NOT_PROPOSED = _("Over dit voorstel is al besloten.")
NOT_ACCEPTED_PARTNER = _("Deze organisatie is (nog) geen geaccepteerde partner van deze coalitie.")
ALREADY_PARTICIPATES = _("Deze persoon neemt al deel aan deze coalitie.")
REASON_PARTNER_REMOVED = "partner verwijderd"
_REASON_MAX = 200


def _ensure_decider(actor: Actor, organisation: Organisation) -> None:
    if isinstance(actor, User) and not user_administers(actor, organisation):
        raise PermissionDenied(NOT_ORGANISATION_ADMIN)


def _decide(partner: CoalitionPartner, *, status: str, actor: Actor) -> CoalitionPartner:
    partner = (
        CoalitionPartner.objects.select_for_update(of=("self",))  # one decision only
        .select_related("coalition", "organisation")
        .get(pk=partner.pk)
    )
    _ensure_decider(actor, partner.organisation)
    if partner.status != PartnerStatus.PROPOSED:
        raise ValidationError(NOT_PROPOSED)
    partner.status = status
    partner.decided_at = timezone.now()
    partner.decided_by = person(actor)
    partner.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    return partner


@transaction.atomic
def partner_accept(*, partner: CoalitionPartner, actor: Actor) -> CoalitionPartner:
    """The organisation agrees to take part in the coalition. Nobody of it participates yet: that
    takes an invitation by a coordinator."""
    partner = _decide(partner, status=PartnerStatus.ACCEPTED, actor=actor)
    record(
        actor=actor,
        action="coalition.partner_accepted",
        obj=partner,
        changes={"coalition": partner.coalition.slug, "organisation": partner.organisation.name},
    )
    return partner


@transaction.atomic
def partner_decline(*, partner: CoalitionPartner, actor: Actor, reason: str = "") -> CoalitionPartner:
    partner = _decide(partner, status=PartnerStatus.DECLINED, actor=actor)
    record(
        actor=actor,
        action="coalition.partner_declined",
        obj=partner,
        changes={
            "coalition": partner.coalition.slug,
            "organisation": partner.organisation.name,
            "reason": " ".join(reason.split())[:500],
        },
    )
    return partner


def participation_start(
    *, coalition: Coalition, user: User, organisation: Organisation, role: str, actor: Actor
) -> Participation:
    """Create (or raise the role of) the user's participation. No permission check: for the services
    of this app that checked already (invitation accepted, coalition created). Run inside their
    transaction."""
    if role not in ParticipationRole.values:
        raise ValueError(f"Onbekende rol in de coalitie: {role}")
    if not partners_accepted(coalition).filter(organisation=organisation).exists():
        raise ValidationError(NOT_ACCEPTED_PARTNER)
    current = (
        Participation.objects.select_for_update()
        .filter(coalition=coalition, user=user, ended_at__isnull=True)
        .first()
    )
    if current is not None:
        if (
            current.organisation_id != organisation.pk
            or current.role == role
            or role == ParticipationRole.MEMBER
        ):
            raise ValidationError(ALREADY_PARTICIPATES)
        current.role = role
        current.save(update_fields=["role", "updated_at"])
        participation = current
    else:
        participation = Participation.objects.create(
            coalition=coalition, user=user, organisation=organisation, role=role
        )
    record(
        actor=actor,
        action="coalition.participation_started",
        obj=participation,
        changes={
            "coalition": coalition.slug,
            "user": user.email,
            "organisation": organisation.name,
            "role": role,
        },
    )
    return participation


@transaction.atomic
def participation_grant(
    *, coalition: Coalition, user: User, organisation: Organisation, role: str, actor: Actor
) -> Participation:
    """Let someone take part directly, without an invitation mail: for the demo and the tests (a
    `SystemActor`) and for coordinators' scripts. Only on behalf of an accepted partner."""
    if isinstance(actor, User):
        ensure_coordinator(actor, coalition)
    return participation_start(
        coalition=coalition, user=user, organisation=organisation, role=role, actor=actor
    )


def participations_end_via(
    *, coalition: Coalition, organisation: Organisation, reason: str, actor: Actor
) -> list[str]:
    """End every active participation in the coalition on behalf of the organisation; the e-mail
    addresses of those who lost access. Run inside the caller's (permission-checked) transaction."""
    active: QuerySet[Participation] = Participation.objects.filter(
        coalition=coalition, organisation=organisation, ended_at__isnull=True
    ).select_related("user")
    ended = []
    for participation in active.select_for_update(of=("self",)):
        participation.ended_at = timezone.now()
        participation.ended_reason = reason[:_REASON_MAX]
        participation.save(update_fields=["ended_at", "ended_reason", "updated_at"])
        record(
            actor=actor,
            action="coalition.participation_ended",
            obj=participation,
            changes={
                "coalition": coalition.slug,
                "user": participation.user.email,
                "organisation": organisation.name,
                "role": participation.role,
                "reason": participation.ended_reason,
            },
        )
        ended.append(participation.user.email)
    return ended


def invitations_revoke_via(*, coalition: Coalition, organisation: Organisation) -> list[str]:
    """Delete the open invitations on the organisation's behalf (an old link must never let someone in
    once the partner is gone); their addresses, for the caller's audit event."""
    pending = Invitation.objects.filter(
        coalition=coalition, organisation=organisation, accepted_at__isnull=True
    )
    emails = sorted(pending.values_list("email", flat=True))
    pending.delete()
    return emails
