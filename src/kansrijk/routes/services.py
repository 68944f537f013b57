"""Writes of the klantroutes: versions (create, change, publish, delete a concept) and their steps.

Every function checks that the actor coordinates the coalition, validates everything before writing
(nothing is saved on an error) and records its audit event in the same transaction. The page, the CLI,
the demo and the tests all go through here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import User
from kansrijk.audit.services import diff as audit_diff
from kansrijk.audit.services import record
from kansrijk.coalitions.models import Agreement, Coalition, CoalitionPartner, PartnerStatus
from kansrijk.coalitions.services import ensure_coordinator
from kansrijk.interventions.models import LocalOffer, Need
from kansrijk.routes.models import Klantroute, RouteStatus, RouteStep, VulnerabilityLevel
from kansrijk.routes.workflow import is_editable, transition_allowed

# Messages (asserted exactly in the tests).
UNKNOWN_THEME = _("Kies een thema uit de lijst.")
TITLE_REQUIRED = _("Geef de klantroute een titel.")
DRAFT_EXISTS = _("Er is al een concept voor dit thema (versie {version}). Werk dat concept bij.")
NOTHING_TO_COPY = _("Er is nog geen gepubliceerde versie van dit thema om te kopiëren.")
ROUTE_READ_ONLY = _(
    "Deze versie is gepubliceerd of vervangen en kan niet meer worden gewijzigd. "
    "Maak een nieuwe versie om iets te veranderen."
)
PUBLISH_NOT_ALLOWED = _("Alleen een concept kan worden gepubliceerd.")
PUBLISH_WITHOUT_STEPS = _(
    "Een klantroute zonder stappen kan niet worden gepubliceerd. Voeg eerst een stap toe."
)
STEP_TITLE_REQUIRED = _("Geef de stap een naam.")
PARTNER_NOT_IN_COALITION = _("{name} is geen partner van deze coalitie.")
OFFER_NOT_OF_COALITION = _("Dit aanbod hoort niet bij het lokale aanbod van deze coalitie.")
OFFER_OTHER_PARTNER = _(
    "Dit aanbod wordt gegeven door {offer_partner}, niet door {partner}. "
    "Kies {offer_partner} als partner van deze stap, of laat het aanbod leeg."
)
AGREEMENT_NOT_OF_COALITION = _("Deze afspraak is geen ketenafspraak van deze coalitie.")
NO_LEVEL = _("Kies minstens één niveau van kwetsbaarheid.")
UNKNOWN_LEVEL = _("Onbekend niveau van kwetsbaarheid: {level}.")
DAYS_OUT_OF_RANGE = _("Het aantal dagen tot het eerste contact ligt tussen 0 en 365.")
MOVE_DIRECTION = _("Kies omhoog of omlaag.")
MAX_DAYS = 365


def _ensure_editable(route: Klantroute) -> None:
    if not is_editable(route.status):
        raise ValidationError(ROUTE_READ_ONLY)


def _editable(route: Klantroute) -> Klantroute:
    """The route re-read under a lock, refused unless it is a concept.

    The caller's object may be stale (published in another request meanwhile); the lock keeps a publish
    from slipping in between this check and the write.
    """
    fresh = Klantroute.objects.select_for_update().select_related("coalition").get(pk=route.pk)
    _ensure_editable(fresh)
    return fresh


def _route_state(route: Klantroute) -> dict[str, Any]:
    return {
        "coalition": route.coalition.slug,
        "need": route.need,
        "version": route.version,
        "title": route.title,
        "introduction": route.introduction,
        "status": route.status,
    }


def _step_state(step: RouteStep) -> dict[str, Any]:
    return {
        "order": step.order,
        "title": step.title,
        "description": step.description,
        "partner": str(step.partner.public_id),
        "offer": str(step.offer.public_id) if step.offer else None,
        "agreement": str(step.agreement.public_id) if step.agreement else None,
        "levels": list(step.levels),
        "days_to_first_contact": step.days_to_first_contact,
        "contact": step.contact,
    }


# --- versions -----------------------------------------------------------------------------------------


@transaction.atomic
def klantroute_create(
    *,
    coalition: Coalition,
    need: str,
    title: str,
    actor: User,
    introduction: str = "",
    copy_published: bool = False,
) -> Klantroute:
    """A new concept version for a theme (the next number), optionally a copy of the published version."""
    ensure_coordinator(actor, coalition)
    errors: dict[str, list[str]] = defaultdict(list)
    if need not in Need.values:
        errors["need"].append(str(UNKNOWN_THEME))
    if not title.strip():
        errors["title"].append(str(TITLE_REQUIRED))
    if errors:
        raise ValidationError(dict(errors))
    # Lock the theme's versions: two coordinators creating at once must not get the same number.
    versions = Klantroute.objects.select_for_update().filter(coalition=coalition, need=need)
    draft = versions.filter(status=RouteStatus.CONCEPT).first()
    if draft is not None:
        raise ValidationError({"need": str(DRAFT_EXISTS).format(version=draft.version)})
    published = versions.filter(status=RouteStatus.PUBLISHED).first()
    if copy_published and published is None:
        raise ValidationError({"copy_published": NOTHING_TO_COPY})
    number = (versions.aggregate(n=Max("version"))["n"] or 0) + 1
    route = Klantroute(
        coalition=coalition,
        need=need,
        version=number,
        title=title.strip(),
        introduction=introduction.strip(),
    )
    route.full_clean()
    route.save()
    copied = 0
    if copy_published and published is not None:
        steps = [
            RouteStep(
                route=route,
                order=s.order,
                title=s.title,
                description=s.description,
                partner_id=s.partner_id,
                offer_id=s.offer_id,
                agreement_id=s.agreement_id,
                levels=list(s.levels),
                days_to_first_contact=s.days_to_first_contact,
                contact=s.contact,
            )
            for s in published.steps.all()
        ]
        RouteStep.objects.bulk_create(steps)
        copied = len(steps)
    record(
        actor=actor,
        action="routes.klantroute_created",
        obj=route,
        changes={
            **_route_state(route),
            "copied_from": str(published.public_id) if copy_published and published else None,
            "copied_steps": copied,
        },
    )
    return route


@transaction.atomic
def klantroute_update(*, route: Klantroute, title: str, introduction: str, actor: User) -> Klantroute:
    ensure_coordinator(actor, route.coalition)
    route = _editable(route)
    if not title.strip():
        raise ValidationError({"title": TITLE_REQUIRED})
    before = _route_state(route)
    route.title, route.introduction = title.strip(), introduction.strip()
    route.full_clean()
    route.save()
    after = _route_state(route)
    diff = audit_diff(before, after)
    record(actor=actor, action="routes.klantroute_changed", obj=route, changes=diff)
    return route


@transaction.atomic
def klantroute_publish(*, route: Klantroute, actor: User) -> Klantroute:
    """Publish a concept; the theme's published version (if any) becomes "vervangen" in this transaction."""
    ensure_coordinator(actor, route.coalition)
    # Re-read under a lock: the status on the caller's object may be stale.
    route = Klantroute.objects.select_for_update().select_related("coalition").get(pk=route.pk)
    if not transition_allowed(route.status, RouteStatus.PUBLISHED):
        raise ValidationError(PUBLISH_NOT_ALLOWED)
    if not route.steps.exists():
        raise ValidationError(PUBLISH_WITHOUT_STEPS)
    previous = (
        Klantroute.objects.select_for_update()
        .filter(coalition=route.coalition, need=route.need, status=RouteStatus.PUBLISHED)
        .first()
    )
    if previous is not None:
        assert transition_allowed(previous.status, RouteStatus.REPLACED)
        # First the old one: the constraint allows one published version per theme at any moment.
        previous.status = RouteStatus.REPLACED
        previous.save(update_fields=["status", "updated_at"])
        record(
            actor=actor,
            action="routes.klantroute_replaced",
            obj=previous,
            changes={
                "status": [RouteStatus.PUBLISHED, RouteStatus.REPLACED],
                "replaced_by": str(route.public_id),
            },
        )
    route.status = RouteStatus.PUBLISHED
    route.published_at = timezone.now()
    route.published_by = actor
    route.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    record(
        actor=actor,
        action="routes.klantroute_published",
        obj=route,
        changes={
            "status": [RouteStatus.CONCEPT, RouteStatus.PUBLISHED],
            "coalition": route.coalition.slug,
            "need": route.need,
            "version": route.version,
            "replaces": str(previous.public_id) if previous else None,
        },
    )
    return route


@transaction.atomic
def klantroute_delete(*, route: Klantroute, actor: User) -> None:
    """Delete a concept (published and replaced versions stay: they are the record of what was shared)."""
    ensure_coordinator(actor, route.coalition)
    route = _editable(route)
    record(actor=actor, action="routes.klantroute_deleted", obj=route, changes=_route_state(route))
    route.delete()


# --- steps --------------------------------------------------------------------------------------------


def _validate_step(
    *,
    route: Klantroute,
    title: str,
    partner: CoalitionPartner,
    offer: LocalOffer | None,
    agreement: Agreement | None,
    levels: Iterable[str],
    days_to_first_contact: int | None,
) -> list[str]:
    """All rule errors at once, per field, so the form shows each next to its field."""
    _ensure_editable(route)
    errors: dict[str, list[str]] = defaultdict(list)
    coalition_id = route.coalition_id
    if not title.strip():
        errors["title"].append(str(STEP_TITLE_REQUIRED))
    # Only an accepted partner counts (docs/adr/0007): a proposed one has not agreed to take part.
    partner_ok = partner.coalition_id == coalition_id and partner.status == PartnerStatus.ACCEPTED
    if not partner_ok:
        errors["partner"].append(str(PARTNER_NOT_IN_COALITION).format(name=partner.organisation.name))
    if offer is not None:
        if offer.coalition_id != coalition_id:
            errors["offer"].append(str(OFFER_NOT_OF_COALITION))
        elif partner_ok and offer.partner_id != partner.pk:
            errors["offer"].append(
                str(OFFER_OTHER_PARTNER).format(
                    offer_partner=offer.partner.organisation.name, partner=partner.organisation.name
                )
            )
    if agreement is not None and agreement.coalition_id != coalition_id:
        errors["agreement"].append(str(AGREEMENT_NOT_OF_COALITION))
    # Keep the enum's order and drop duplicates: the sociale kaart lists levels from light to heavy.
    chosen = set(levels)
    unknown = sorted(chosen - set(VulnerabilityLevel.values))
    if unknown:
        errors["levels"].append(str(UNKNOWN_LEVEL).format(level=", ".join(unknown)))
    elif not chosen:
        errors["levels"].append(str(NO_LEVEL))
    if days_to_first_contact is not None and not 0 <= days_to_first_contact <= MAX_DAYS:
        errors["days_to_first_contact"].append(str(DAYS_OUT_OF_RANGE))
    if errors:
        raise ValidationError(dict(errors))
    return [v for v in VulnerabilityLevel.values if v in chosen]


@transaction.atomic
def route_step_add(
    *,
    route: Klantroute,
    title: str,
    partner: CoalitionPartner,
    levels: Iterable[str],
    actor: User,
    description: str = "",
    offer: LocalOffer | None = None,
    agreement: Agreement | None = None,
    days_to_first_contact: int | None = None,
    contact: str = "",
) -> RouteStep:
    ensure_coordinator(actor, route.coalition)
    route = _editable(route)
    ordered = _validate_step(
        route=route,
        title=title,
        partner=partner,
        offer=offer,
        agreement=agreement,
        levels=levels,
        days_to_first_contact=days_to_first_contact,
    )
    order = (route.steps.aggregate(n=Max("order"))["n"] or 0) + 1
    step = RouteStep(
        route=route,
        order=order,
        title=title.strip(),
        description=description.strip(),
        partner=partner,
        offer=offer,
        agreement=agreement,
        levels=ordered,
        days_to_first_contact=days_to_first_contact,
        contact=contact.strip(),
    )
    step.full_clean()
    step.save()
    record(
        actor=actor,
        action="routes.step_added",
        obj=step,
        changes={"route": str(route.public_id), **_step_state(step)},
    )
    return step


@transaction.atomic
def route_step_update(
    *,
    step: RouteStep,
    title: str,
    partner: CoalitionPartner,
    levels: Iterable[str],
    actor: User,
    description: str = "",
    offer: LocalOffer | None = None,
    agreement: Agreement | None = None,
    days_to_first_contact: int | None = None,
    contact: str = "",
) -> RouteStep:
    ensure_coordinator(actor, step.route.coalition)
    route = _editable(step.route)
    ordered = _validate_step(
        route=route,
        title=title,
        partner=partner,
        offer=offer,
        agreement=agreement,
        levels=levels,
        days_to_first_contact=days_to_first_contact,
    )
    before = _step_state(step)
    step.title, step.description, step.contact = title.strip(), description.strip(), contact.strip()
    step.partner, step.offer, step.agreement = partner, offer, agreement
    step.levels, step.days_to_first_contact = ordered, days_to_first_contact
    step.full_clean()
    step.save()
    after = _step_state(step)
    diff = audit_diff(before, after)
    record(actor=actor, action="routes.step_changed", obj=step, changes=diff)
    return step


@transaction.atomic
def route_step_move(*, step: RouteStep, direction: str, actor: User) -> RouteStep:
    """Swap a step with its neighbour ("up" or "down"); at the top or bottom nothing changes."""
    ensure_coordinator(actor, step.route.coalition)
    route = _editable(step.route)
    if direction not in {"up", "down"}:
        raise ValidationError(MOVE_DIRECTION)
    siblings = route.steps.select_for_update()
    neighbour = (
        siblings.filter(order__lt=step.order).order_by("-order").first()
        if direction == "up"
        else siblings.filter(order__gt=step.order).order_by("order").first()
    )
    if neighbour is None:
        return step
    mine, theirs = step.order, neighbour.order
    # Through 0 (orders start at 1): the unique (route, order) constraint holds after every statement.
    RouteStep.objects.filter(pk=step.pk).update(order=0)
    RouteStep.objects.filter(pk=neighbour.pk).update(order=mine)
    RouteStep.objects.filter(pk=step.pk).update(order=theirs)
    step.order = theirs
    record(actor=actor, action="routes.step_moved", obj=step, changes={"order": [mine, theirs]})
    return step


@transaction.atomic
def route_step_remove(*, step: RouteStep, actor: User) -> None:
    """Remove a step; the steps after it move up one place, so the numbering stays 1, 2, 3…"""
    ensure_coordinator(actor, step.route.coalition)
    route = _editable(step.route)
    record(
        actor=actor,
        action="routes.step_removed",
        obj=step,
        changes={"route": str(route.public_id), **_step_state(step)},
    )
    removed = step.order
    step.delete()
    # Ascending, so each step moves into the place just freed.
    for later in route.steps.filter(order__gt=removed).order_by("order"):
        RouteStep.objects.filter(pk=later.pk).update(order=later.order - 1)
