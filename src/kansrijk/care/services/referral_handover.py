"""The handover set and the warm handover of a referral (issue 12); re-exported by `services.referrals`.

- The handover set (V&VN minimum set) is the sender's: it changes it while the referral is a concept,
  sent or received. A field whose category the referral does not (or may not) send is refused.
- The warm handover — the joint contact of the family with both professionals — has its own small
  transition table; either side changes it while the referral is not closed. The first call creates it
  as "voorgesteld" (and takes the asked step from there in the same call).
- Both take the referral's `version` and bump it (optimistic locking), log one entry and add one
  timeline line; neither writes content into the log or the timeline.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansrijk.care.categories import DataCategory
from kansrijk.care.context import AccessContext
from kansrijk.care.models import (
    HandoverSet,
    Referral,
    ReferralSide,
    WarmHandover,
    WarmHandoverStatus,
)
from kansrijk.care.referral_data import FIELD_CATEGORY
from kansrijk.care.referral_states import CLOSED
from kansrijk.care.selectors.referrals import HANDOVER_EDITABLE, editable_fields, side_of
from kansrijk.care.services import _referral_common as common
from kansrijk.care.services._checks import require_category
from kansrijk.core.workflow import Workflow

W = WarmHandoverStatus
WARM_STATUSES = Workflow(
    W,
    {
        W.PROPOSED: frozenset({W.PLANNED, W.NOT_HELD}),
        W.PLANNED: frozenset({W.HELD, W.NOT_HELD}),
        W.HELD: frozenset(),
        # It did not happen: it may be proposed again.
        W.NOT_HELD: frozenset({W.PROPOSED}),
    },
    # Until it happened, the planned date may change (same status again).
    editable=frozenset({W.PROPOSED, W.PLANNED}),
)

UNKNOWN_FIELD = _("Dit veld hoort niet bij de overdracht.")
FIELD_NOT_SENT = _("Deze gegevens ({category}) gaan niet mee met deze verwijzing.")
ONLY_SENDER = _("Alleen de verwijzer kan de overdrachtsgegevens wijzigen.")
HANDOVER_FIXED = _("De ontvanger heeft al besloten: de overdrachtsgegevens veranderen niet meer.")
REFERRAL_CLOSED = _("Deze verwijzing is afgesloten. De warme overdracht verandert niet meer.")
UNKNOWN_WARM_STATUS = _("Kies een van de mogelijke stappen.")
WARM_NOT_ALLOWED = _("Deze stap kan niet vanuit '{current}'.")
PLANNED_DATE_NEEDED = _("Vul de datum in waarop de warme overdracht gepland is.")
HELD_DATE_NEEDED = _("Vul de datum in waarop de warme overdracht is gehouden.")
HELD_DATE_ONLY = _("Vul alleen een datum in als de warme overdracht is gehouden.")
DATE_IN_FUTURE = _("Deze datum kan niet in de toekomst liggen.")
NOT_HELD_REASON = _("Schrijf op waarom de warme overdracht niet is doorgegaan.")

WARM_TEXT = {
    W.PROPOSED: _("Warme overdracht voorgesteld"),
    W.PLANNED: _("Warme overdracht gepland"),
    W.HELD: _("Warme overdracht gehouden"),
    W.NOT_HELD: _("Warme overdracht niet doorgegaan"),
}


def clean_handover(fields: Mapping[str, str], allowed: list[str]) -> dict[str, str]:
    """The handover fields, stripped; every field outside `allowed` refused by name."""
    errors: dict[str, object] = {}
    clean: dict[str, str] = {}
    for name, value in fields.items():
        if name not in FIELD_CATEGORY:
            errors[name] = UNKNOWN_FIELD
        elif name not in allowed:
            label = DataCategory(FIELD_CATEGORY[name]).label
            errors[name] = str(FIELD_NOT_SENT).format(category=str(label).lower())
        else:
            clean[name] = (value or "").strip()[: common.TEXT_LIMIT]
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def handover_update(
    ctx: AccessContext, *, referral_id: UUID, version: int, fields: dict[str, str]
) -> Referral:
    """The sender changes handover fields (only those given) while the receiver has not decided yet."""
    referral = common.load(ctx, referral_id)
    if side_of(ctx, referral) != ReferralSide.SENDER:
        raise PermissionDenied(ONLY_SENDER)
    if referral.status not in HANDOVER_EDITABLE:
        raise ValidationError(HANDOVER_FIXED)
    access = require_category(ctx, referral.episode.public_id, DataCategory.IDENTIFICATION)
    common.check_version(referral, version)
    clean = clean_handover(fields, editable_fields(referral, access.categories))
    common.save(referral, version)
    HandoverSet.objects.update_or_create(referral=referral, defaults=clean)
    common.timeline(ctx, referral, str(_("Overdrachtsgegevens bij de verwijzing bijgewerkt")))
    categories = sorted({FIELD_CATEGORY[name] for name in clean} | {DataCategory.HANDOVER})
    common.log(
        ctx, referral, ReferralSide.SENDER, action="verwijzing.overdracht_wijzigen", categories=categories
    )
    return referral


def _check_warm(
    current: str | None, status: str, planned_on: date | None, held_on: date | None, reason: str
) -> None:
    if status not in W.values:
        raise ValidationError({"status": UNKNOWN_WARM_STATUS})
    start = current or W.PROPOSED  # the first call starts from "voorgesteld"
    same = status == start and (current is None or WARM_STATUSES.is_editable(status))
    if not (same or WARM_STATUSES.allowed(start, status)):
        label = str(W(start).label).lower()
        raise ValidationError({"status": str(WARM_NOT_ALLOWED).format(current=label)})
    errors: dict[str, object] = {}
    if status == W.PLANNED and planned_on is None:
        errors["planned_on"] = PLANNED_DATE_NEEDED
    if status == W.HELD and held_on is None:
        errors["held_on"] = HELD_DATE_NEEDED
    elif status != W.HELD and held_on is not None:
        errors["held_on"] = HELD_DATE_ONLY
    elif held_on is not None and held_on > timezone.localdate():
        errors["held_on"] = DATE_IN_FUTURE
    if status == W.NOT_HELD and not reason:
        errors["reason"] = NOT_HELD_REASON
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def warm_handover_update(
    ctx: AccessContext,
    *,
    referral_id: UUID,
    version: int,
    status: str,
    planned_on: date | None = None,
    held_on: date | None = None,
    reason: str = "",
) -> WarmHandover:
    """Propose, plan, record as held or not held the joint contact (either side, referral not closed)."""
    referral = common.load(ctx, referral_id)
    side = side_of(ctx, referral)
    if side not in (ReferralSide.SENDER, ReferralSide.RECEIVER):
        raise PermissionDenied(common.NOT_YOUR_SIDE)
    if referral.status in CLOSED:
        raise ValidationError(REFERRAL_CLOSED)
    common.check_version(referral, version)
    warm = WarmHandover.objects.select_for_update().filter(referral=referral).first()
    reason = reason.strip()[: common.TEXT_LIMIT]
    _check_warm(warm.status if warm else None, status, planned_on, held_on, reason)
    common.save(referral, version)
    warm = warm or WarmHandover(referral=referral)
    warm.status = status
    if planned_on is not None:
        warm.planned_on = planned_on
    warm.held_on = held_on if status == W.HELD else None
    warm.reason = reason if status == W.NOT_HELD else ""
    warm.by = ctx.user
    warm.save()
    common.timeline(ctx, referral, str(WARM_TEXT[W(status)]))
    common.log(
        ctx,
        referral,
        side,
        action="verwijzing.warme_overdracht",
        categories=[DataCategory.HANDOVER],
        extra={"warme_overdracht": warm.status},
    )
    return warm
