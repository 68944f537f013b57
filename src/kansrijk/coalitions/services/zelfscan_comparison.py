"""Write of the zelfscan comparison: take the periodic snapshot that the results pages compare with.

Run by `kansrijk zelfscan-peiling` (monthly, from cron). At most one snapshot per questionnaire version
per calendar month: how often it is taken limits how finely anyone could follow changes between two
snapshots (docs/security.md, "Zelfscan-vergelijking").
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import User
from kansrijk.accounts.selectors import user_is_platform_admin
from kansrijk.accounts.types import Actor
from kansrijk.audit.services import record
from kansrijk.coalitions.models import Questionnaire, ZelfscanComparisonSnapshot
from kansrijk.coalitions.selectors.zelfscan_comparison import comparison_bands_compute

NOT_PLATFORM_ADMIN = _("Alleen de platformbeheerder (of de geplande taak) neemt een zelfscan-peiling.")
SNAPSHOT_IN_FUTURE = _("Een peildatum kan niet in de toekomst liggen ({taken_on}).")
SNAPSHOT_THIS_MONTH = _("Voor versie {version} is al een peiling genomen in deze maand ({taken_on}).")


@transaction.atomic
def zelfscan_snapshot_take(
    *, questionnaire: Questionnaire, taken_on: dt.date, actor: Actor
) -> ZelfscanComparisonSnapshot:
    """Freeze the comparison bands of today's data under the date `taken_on`. a `SystemActor` is the system
    (the scheduled command); a person must be the platform admin."""
    if isinstance(actor, User) and not user_is_platform_admin(actor):
        raise PermissionDenied(NOT_PLATFORM_ADMIN)
    if taken_on > timezone.localdate():
        # A future date would stand in for next month's snapshot and block it.
        raise ValidationError(str(SNAPSHOT_IN_FUTURE).format(taken_on=taken_on.isoformat()))
    # Lock the version row: two runs at once must not both pass the once-a-month check.
    Questionnaire.objects.select_for_update().filter(pk=questionnaire.pk).first()
    same_month = ZelfscanComparisonSnapshot.objects.filter(
        questionnaire=questionnaire, taken_on__year=taken_on.year, taken_on__month=taken_on.month
    ).first()
    if same_month is not None:
        raise ValidationError(
            str(SNAPSHOT_THIS_MONTH).format(
                version=questionnaire.version, taken_on=same_month.taken_on.isoformat()
            )
        )
    count, bands = comparison_bands_compute(questionnaire)
    snapshot = ZelfscanComparisonSnapshot.objects.create(
        questionnaire=questionnaire, taken_on=taken_on, coalition_count=count, bands=bands
    )
    record(
        actor=actor,
        action="zelfscan.snapshot_taken",
        obj=snapshot,
        changes={
            "questionnaire_version": questionnaire.version,
            "taken_on": taken_on.isoformat(),
            "coalition_count": count,
            "themes_with_band": len(bands),
        },
    )
    return snapshot
