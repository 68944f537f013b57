"""Sharing a family's data with another organisation: explicit consent or another recorded legal basis,
and withdrawal that works at once (the access selector reads it on every access)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import Organisation
from kansrijk.care.accesslog import log_access
from kansrijk.care.categories import ALL_CATEGORIES, DataCategory
from kansrijk.care.context import AccessContext
from kansrijk.care.models import (
    AccessEvent,
    CareRelation,
    CareTeam,
    Consent,
    ConsentText,
    LegalBasis,
    Person,
    PersonRole,
    RelationBasis,
)
from kansrijk.care.selectors.access import episode_access
from kansrijk.care.services._checks import require_professional
from kansrijk.care.services.episodes import timeline_add

ONLY_OWN_RELATION = _("Alleen een organisatie met een eigen relatie met het gezin kan gegevens delen.")
NO_CATEGORIES = _("Kies welke gegevens gedeeld mogen worden.")
UNKNOWN_CATEGORY = _("Onbekend soort gegevens.")
SAME_ORGANISATION = _("Deel niet met uw eigen organisatie: uw teams werken op uw eigen relatie.")
GIVER_NOT_PARENT = _("Toestemming voor een kind geeft een ouder.")
PERSON_OUTSIDE = _("Deze persoon hoort niet bij dit gezin.")
ALREADY_WITHDRAWN = _("Deze toestemming is al ingetrokken.")
NOT_YOURS = _("U kunt deze toestemming niet intrekken.")
REASON_NEEDED = _("Schrijf op waarom u deze grondslag gebruikt.")
FUTURE_DATE = _("De datum van de toestemming kan niet in de toekomst liggen.")
ACTIVE_TEAM = _("Dit team heeft al toegang tot dit gezin.")
NO_RECEIVER = _("Kies met welke organisatie of welk team de gegevens gedeeld mogen worden.")
TEAM_OF_OTHER_ORGANISATION = _("Dit team hoort niet bij de gekozen organisatie.")


def _clean_categories(categories: list[str]) -> list[str]:
    if not categories:
        raise ValidationError({"categories": NO_CATEGORIES})
    if not set(categories) <= ALL_CATEGORIES:
        raise ValidationError({"categories": UNKNOWN_CATEGORY})
    return [c for c in DataCategory.values if c in categories]


def _sharing_relation(
    ctx: AccessContext,
    episode_id: UUID,
    receiving_team: CareTeam | None,
    receiving_organisation: Organisation | None = None,
) -> tuple[CareRelation, Organisation]:
    """The sharer's own relation and the receiving organisation (of the team, or the one named)."""
    require_professional(ctx)
    access = episode_access(ctx, episode_id)
    if access.relation is None or access.relation.basis != RelationBasis.OWN:
        raise PermissionDenied(ONLY_OWN_RELATION)
    field = "receiving_team" if receiving_team is not None else "receiving_organisation"
    if receiving_team is not None:
        if receiving_organisation is not None and receiving_team.organisation_id != receiving_organisation.pk:
            raise ValidationError({"receiving_team": TEAM_OF_OTHER_ORGANISATION})
        receiving_organisation = receiving_team.organisation
    if receiving_organisation is None:
        raise ValidationError({"receiving_organisation": NO_RECEIVER})
    if receiving_organisation.pk == access.relation.organisation_id:
        raise ValidationError({field: SAME_ORGANISATION})
    if (
        receiving_team is not None
        and CareRelation.objects.filter(
            episode=access.episode, team=receiving_team, ended_at__isnull=True
        ).exists()
    ):
        raise ValidationError({"receiving_team": ACTIVE_TEAM})
    return access.relation, receiving_organisation


@transaction.atomic
def consent_record(
    ctx: AccessContext,
    *,
    episode_id: UUID,
    subject: Person,
    given_by: Person,
    receiving_team: CareTeam | None = None,
    categories: list[str],
    purpose: str,
    given_on: date,
    method: str,
    text: ConsentText,
    receiving_organisation: Organisation | None = None,
) -> Consent:
    """Record consent to share with another organisation's team, and give that team access.

    With `receiving_team=None` and `receiving_organisation` the consent is recorded for the organisation
    without giving any of its teams access yet: a referral sends on it, and the receiving team gets
    access only when it accepts (kansrijk.care.services.referrals)."""
    relation, organisation = _sharing_relation(ctx, episode_id, receiving_team, receiving_organisation)
    episode = relation.episode
    if subject.episode_id != episode.pk or given_by.episode_id != episode.pk:
        raise ValidationError(PERSON_OUTSIDE)
    if given_by.role == PersonRole.CHILD:
        raise ValidationError({"given_by": GIVER_NOT_PARENT})
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": FUTURE_DATE})
    assert ctx.organisation is not None
    consent = Consent.objects.create(
        episode=episode,
        subject=subject,
        given_by=given_by,
        receiving_organisation=organisation,
        categories=_clean_categories(categories),
        purpose=purpose,
        given_on=given_on,
        method=method,
        text=text,
        recorded_by=ctx.user,
        recorded_for=ctx.organisation,
    )
    if receiving_team is not None:
        CareRelation.objects.create(
            episode=episode,
            organisation=organisation,
            team=receiving_team,
            basis=RelationBasis.CONSENT,
            consent=consent,
            started_by=ctx.user,
        )
    timeline_add(
        ctx,
        episode,
        kind="toestemming",
        text=str(_("Toestemming vastgelegd om gegevens te delen met %(org)s") % {"org": organisation}),
        category=DataCategory.IDENTIFICATION,
    )
    log_access(
        ctx,
        event=AccessEvent.CREATE,
        action="toestemming.vastleggen",
        basis=f"toestemming:{consent.public_id}",
        episode_id=episode.public_id,
        detail={"ontvanger": organisation.name, "categorieen": consent.categories},
    )
    return consent


@transaction.atomic
def consent_withdraw(ctx: AccessContext, *, consent: Consent) -> Consent:
    """Withdraw consent: by the parent it is about (or who gave it), or by a professional of the
    organisation that recorded it. Every later access on it is refused at once."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise ValidationError(ALREADY_WITHDRAWN)
    episode = consent.episode
    if ctx.is_parent:
        allowed = episode.persons.filter(
            account=ctx.user, pk__in=[consent.subject_id, consent.given_by_id]
        ).exists()
        allowed = allowed or (
            consent.subject.role == PersonRole.CHILD and episode.persons.filter(account=ctx.user).exists()
        )
    else:
        require_professional(ctx)
        access = episode_access(ctx, episode.public_id)
        allowed = access.relation is not None and access.relation.organisation_id == consent.recorded_for_id
    if not allowed:
        raise PermissionDenied(NOT_YOURS)
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = ctx.user
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
    CareRelation.objects.filter(consent=consent, ended_at__isnull=True).update(ended_at=consent.withdrawn_at)
    log_access(
        ctx,
        event=AccessEvent.UPDATE,
        action="toestemming.intrekken",
        basis=f"toestemming:{consent.public_id}",
        episode_id=episode.public_id,
        detail={"ontvanger": consent.receiving_organisation.name},
    )
    return consent


@transaction.atomic
def legal_basis_invoke(
    ctx: AccessContext,
    *,
    episode_id: UUID,
    kind: str,
    receiving_team: CareTeam,
    categories: list[str],
    reason: str,
) -> LegalBasis:
    """Share on another recorded legal basis (e.g. the meldcode), with who invoked it and why."""
    relation, _organisation = _sharing_relation(ctx, episode_id, receiving_team)
    if not reason.strip():
        raise ValidationError({"reason": REASON_NEEDED})
    assert ctx.organisation is not None
    basis = LegalBasis.objects.create(
        episode=relation.episode,
        kind=kind,
        receiving_organisation=receiving_team.organisation,
        categories=_clean_categories(categories),
        reason=reason.strip(),
        invoked_by=ctx.user,
        invoked_for=ctx.organisation,
    )
    CareRelation.objects.create(
        episode=relation.episode,
        organisation=receiving_team.organisation,
        team=receiving_team,
        basis=RelationBasis.LEGAL,
        legal_basis=basis,
        started_by=ctx.user,
    )
    log_access(
        ctx,
        event=AccessEvent.CREATE,
        action="grondslag.vastleggen",
        basis=f"{basis.kind}:{basis.public_id}",
        episode_id=relation.episode.public_id,
        detail={"ontvanger": receiving_team.organisation.name, "categorieen": basis.categories},
    )
    return basis


@transaction.atomic
def legal_basis_end(ctx: AccessContext, *, basis: LegalBasis) -> LegalBasis:
    """End a legal basis (e.g. the meldcode procedure is over): the receiving team's access ends, and
    entries made under it become visible to the family."""
    require_professional(ctx)
    access = episode_access(ctx, basis.episode.public_id)
    if access.relation is None or access.relation.organisation_id != basis.invoked_for_id or basis.ended_at:
        raise PermissionDenied(NOT_YOURS)
    basis.ended_at = timezone.now()
    basis.save(update_fields=["ended_at", "updated_at"])
    CareRelation.objects.filter(legal_basis=basis, ended_at__isnull=True).update(ended_at=basis.ended_at)
    log_access(
        ctx,
        event=AccessEvent.UPDATE,
        action="grondslag.beeindigen",
        basis=f"{basis.kind}:{basis.public_id}",
        episode_id=basis.episode.public_id,
    )
    return basis
