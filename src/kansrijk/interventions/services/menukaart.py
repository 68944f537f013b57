"""Writes of the national menukaart: only the platform admin creates, edits and (de)activates interventions.

One rule set for the page, the CLI and the API: the forms only parse, these services decide. An intervention
that a local offer uses cannot be deleted (the database PROTECTs it): deactivate it instead.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import OrganisationKind, User
from kansrijk.accounts.selectors import user_is_platform_admin
from kansrijk.accounts.types import Actor
from kansrijk.areas.models import Phase
from kansrijk.audit.services import diff as audit_diff
from kansrijk.audit.services import record
from kansrijk.interventions.models import (
    Intervention,
    InterventionNeed,
    InterventionPhase,
    Need,
)

# The phases of the first 1000 days an intervention can serve (not "context", which is for indicators).
MENU_PHASES: tuple[str, ...] = tuple(p for p in Phase.values if p != Phase.CONTEXT)
RESERVED_SLUGS: frozenset[str] = frozenset({"nieuw"})

NOT_PLATFORM_ADMIN = _("Alleen de beheerder van het platform mag de menukaart wijzigen.")
NO_PHASE = _("Kies minstens één fase.")
NO_NEED = _("Kies minstens één thema.")
UNKNOWN_PHASE = _("Kies fases uit de lijst.")
UNKNOWN_NEED = _("Kies thema’s uit de lijst.")
UNKNOWN_KIND = _("Kies soorten organisaties uit de lijst.")
RATING_WITHOUT_DATABANK = _("Een oordeel hoort bij een databank: kies de databank, of laat het oordeel leeg.")
DATE_WITHOUT_RATING = _("Een datum hoort bij een oordeel: vul het oordeel in, of laat de datum leeg.")
DUPLICATE_NAME = _("Er staat al een interventie met de naam “{name}” op de menukaart.")
DUPLICATE_SLUG = _("Het webadres “{slug}” is al in gebruik. Kies een ander webadres.")
RESERVED_SLUG = _("Het webadres “{slug}” is gereserveerd. Kies een ander webadres.")
EMPTY_SLUG = _("Kies een webadres met minstens één letter of cijfer.")
IN_USE = _(
    "“{name}” wordt gebruikt in het lokale aanbod van een coalitie en kan niet worden verwijderd. Haal het van de menukaart (deactiveren)."
)

_TEXT_FIELDS = (
    "name",
    "summary",
    "target_group",
    "eligibility",
    "executor_text",
    "domain",
    "recognition_databank",
    "recognition_rating",
    "recognition_note",
    "licence_holder",
    "source_url",
)


def ensure_platform_admin(actor: Actor) -> None:
    """a `SystemActor` is the system (seed, demo, tests)."""
    if isinstance(actor, User) and not user_is_platform_admin(actor):
        raise PermissionDenied(NOT_PLATFORM_ADMIN)


def _check_choices(*, phases: Sequence[str], needs: Sequence[str], executor_kinds: Sequence[str]) -> None:
    errors: dict[str, str] = {}
    if not phases:
        errors["phases"] = str(NO_PHASE)
    elif any(p not in MENU_PHASES for p in phases):
        errors["phases"] = str(UNKNOWN_PHASE)
    if not needs:
        errors["needs"] = str(NO_NEED)
    elif any(n not in Need.values for n in needs):
        errors["needs"] = str(UNKNOWN_NEED)
    if any(k not in OrganisationKind.values for k in executor_kinds):
        errors["executor_kinds"] = str(UNKNOWN_KIND)
    if errors:
        raise ValidationError(errors)


def _check_recognition(*, databank: str, rating: str, date: datetime.date | None) -> None:
    if rating.strip() and not databank:
        raise ValidationError({"recognition_rating": RATING_WITHOUT_DATABANK})
    if date is not None and not rating.strip():
        raise ValidationError({"recognition_date": DATE_WITHOUT_RATING})


def _check_unique(*, name: str, slug: str, exclude_pk: int | None) -> None:
    others = Intervention.objects.exclude(pk=exclude_pk) if exclude_pk else Intervention.objects.all()
    if others.filter(name__iexact=name).exists():
        raise ValidationError({"name": str(DUPLICATE_NAME).format(name=name)})
    if not slug:
        raise ValidationError({"slug": EMPTY_SLUG})
    if slug in RESERVED_SLUGS:
        raise ValidationError({"slug": str(RESERVED_SLUG).format(slug=slug)})
    if others.filter(slug=slug).exists():
        raise ValidationError({"slug": str(DUPLICATE_SLUG).format(slug=slug)})


def _set_rows(intervention: Intervention, *, phases: Sequence[str], needs: Sequence[str]) -> None:
    intervention.phase_rows.all().delete()
    intervention.need_rows.all().delete()
    InterventionPhase.objects.bulk_create(
        [InterventionPhase(intervention=intervention, phase=p) for p in MENU_PHASES if p in phases]
    )
    InterventionNeed.objects.bulk_create(
        [InterventionNeed(intervention=intervention, need=n) for n in Need.values if n in needs]
    )


def _snapshot(intervention: Intervention) -> dict[str, object]:
    data: dict[str, object] = {f: getattr(intervention, f) for f in _TEXT_FIELDS}
    data["slug"] = intervention.slug
    data["recognition_date"] = (
        intervention.recognition_date.isoformat() if intervention.recognition_date else None
    )
    data["executor_kinds"] = list(intervention.executor_kinds)
    data["more_sources"] = list(intervention.more_sources)
    data["is_active"] = intervention.is_active
    data["phases"] = sorted(intervention.phase_rows.values_list("phase", flat=True))
    data["needs"] = sorted(intervention.need_rows.values_list("need", flat=True))
    return data


def _apply(
    intervention: Intervention,
    *,
    name: str,
    slug: str,
    summary: str,
    target_group: str,
    domain: str,
    phases: Iterable[str],
    needs: Iterable[str],
    eligibility: str,
    executor_kinds: Iterable[str],
    executor_text: str,
    recognition_databank: str,
    recognition_rating: str,
    recognition_date: datetime.date | None,
    recognition_note: str,
    licence_holder: str,
    source_url: str,
    more_sources: Iterable[str],
) -> tuple[list[str], list[str]]:
    phases, needs, kinds = list(phases), list(needs), list(executor_kinds)
    name = " ".join(name.split())
    slug = (slug or slugify(name))[:80].strip("-")
    _check_choices(phases=phases, needs=needs, executor_kinds=kinds)
    _check_recognition(databank=recognition_databank, rating=recognition_rating, date=recognition_date)
    _check_unique(name=name, slug=slug, exclude_pk=intervention.pk)
    intervention.name, intervention.slug = name, slug
    intervention.summary, intervention.target_group, intervention.eligibility = (
        summary,
        target_group,
        eligibility,
    )
    intervention.executor_kinds, intervention.executor_text = kinds, executor_text
    intervention.domain = domain
    intervention.recognition_databank = recognition_databank
    intervention.recognition_rating = recognition_rating.strip()
    intervention.recognition_date = recognition_date
    intervention.recognition_note = recognition_note
    intervention.licence_holder, intervention.source_url = licence_holder, source_url
    intervention.more_sources = [u for u in more_sources if u]
    # validate_unique=False: _check_unique gave the clear message; the constraints stay the guard.
    intervention.full_clean(validate_unique=False)
    return phases, needs


@transaction.atomic
def intervention_create(
    *,
    actor: Actor,
    name: str,
    summary: str,
    target_group: str,
    domain: str,
    phases: Iterable[str],
    needs: Iterable[str],
    slug: str = "",
    eligibility: str = "",
    executor_kinds: Iterable[str] = (),
    executor_text: str = "",
    recognition_databank: str = "",
    recognition_rating: str = "",
    recognition_date: datetime.date | None = None,
    recognition_note: str = "",
    licence_holder: str = "",
    source_url: str = "",
    more_sources: Iterable[str] = (),
) -> Intervention:
    """A new intervention on the menukaart, with at least one phase and one theme (need)."""
    ensure_platform_admin(actor)
    intervention = Intervention()
    phases, needs = _apply(
        intervention,
        name=name,
        slug=slug,
        summary=summary,
        target_group=target_group,
        domain=domain,
        phases=phases,
        needs=needs,
        eligibility=eligibility,
        executor_kinds=executor_kinds,
        executor_text=executor_text,
        recognition_databank=recognition_databank,
        recognition_rating=recognition_rating,
        recognition_date=recognition_date,
        recognition_note=recognition_note,
        licence_holder=licence_holder,
        source_url=source_url,
        more_sources=more_sources,
    )
    intervention.save()
    _set_rows(intervention, phases=phases, needs=needs)
    record(
        actor=actor,
        action="menukaart.intervention_created",
        obj=intervention,
        changes=_snapshot(intervention),
    )
    return intervention


@transaction.atomic
def intervention_update(
    *,
    intervention: Intervention,
    actor: Actor,
    name: str,
    summary: str,
    target_group: str,
    domain: str,
    phases: Iterable[str],
    needs: Iterable[str],
    slug: str = "",
    eligibility: str = "",
    executor_kinds: Iterable[str] = (),
    executor_text: str = "",
    recognition_databank: str = "",
    recognition_rating: str = "",
    recognition_date: datetime.date | None = None,
    recognition_note: str = "",
    licence_holder: str = "",
    source_url: str = "",
    more_sources: Iterable[str] = (),
) -> Intervention:
    """Change every field of an intervention. Local offers in a phase it no longer serves stay as they are
    (the coordinator sees it on the aanbod page when editing)."""
    ensure_platform_admin(actor)
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    before = _snapshot(intervention)
    phases, needs = _apply(
        intervention,
        name=name,
        slug=slug or intervention.slug,
        summary=summary,
        target_group=target_group,
        domain=domain,
        phases=phases,
        needs=needs,
        eligibility=eligibility,
        executor_kinds=executor_kinds,
        executor_text=executor_text,
        recognition_databank=recognition_databank,
        recognition_rating=recognition_rating,
        recognition_date=recognition_date,
        recognition_note=recognition_note,
        licence_holder=licence_holder,
        source_url=source_url,
        more_sources=more_sources,
    )
    intervention.save()
    _set_rows(intervention, phases=phases, needs=needs)
    after = _snapshot(intervention)
    diff = audit_diff(before, after)
    record(actor=actor, action="menukaart.intervention_changed", obj=intervention, changes=diff)
    return intervention


@transaction.atomic
def intervention_set_active(*, intervention: Intervention, active: bool, actor: Actor) -> Intervention:
    """Take an intervention off the menukaart (it stays readable for local offers that use it) or back on."""
    ensure_platform_admin(actor)
    if intervention.is_active != active:
        intervention.is_active = active
        intervention.save(update_fields=["is_active", "updated_at"])
        action = "menukaart.intervention_activated" if active else "menukaart.intervention_deactivated"
        record(actor=actor, action=action, obj=intervention, changes={"is_active": [not active, active]})
    return intervention


@transaction.atomic
def intervention_delete(*, intervention: Intervention, actor: Actor) -> None:
    """Delete an intervention no local offer uses; otherwise a clear error (deactivate it instead)."""
    ensure_platform_admin(actor)
    if intervention.offers.exists():
        raise ValidationError(str(IN_USE).format(name=intervention.name))
    record(
        actor=actor,
        action="menukaart.intervention_deleted",
        obj=intervention,
        changes={"name": intervention.name, "slug": intervention.slug},
    )
    intervention.delete()
