"""Menukaart writes: only the platform admin; at least one phase and theme; a rating only with a databank;
a valid URL; PROTECT when a local offer uses it. A refused write changes nothing and is not audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kansrijk.accounts.models import User
from kansrijk.audit.models import AuditEvent
from kansrijk.interventions.models import Intervention, InterventionPhase
from kansrijk.interventions.services import menukaart as svc
from kansrijk.interventions.services.offer import offer_create
from tests.personas import Cast


def _data(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Testinterventie",
        "summary": "Wat het is.",
        "target_group": "Aanstaande ouders.",
        "domain": "medisch",
        "phases": ["zwangerschap"],
        "needs": ["roken"],
    }
    data.update(over)
    return data


def _counts() -> tuple[int, int, int]:
    return Intervention.objects.count(), InterventionPhase.objects.count(), AuditEvent.objects.count()


def test_platform_admin_creates_with_phases_needs_and_audit(platform_admin: User) -> None:
    i = svc.intervention_create(actor=platform_admin, **_data(phases=["na_geboorte", "zwangerschap"]))
    assert i.slug == "testinterventie"
    assert list(i.phase_rows.order_by("id").values_list("phase", flat=True)) == [
        "zwangerschap",
        "na_geboorte",
    ]
    event = AuditEvent.objects.get(action="menukaart.intervention_created")
    assert event.actor == platform_admin and event.changes["needs"] == ["roken"]


@pytest.mark.parametrize("who", ["coordinator", "national", "partner_member"])
def test_others_may_not_write(cast: Cast, who: str) -> None:
    before = _counts()
    with pytest.raises(PermissionDenied, match=str(svc.NOT_PLATFORM_ADMIN)):
        svc.intervention_create(actor=getattr(cast, who), **_data())
    assert _counts() == before


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        ({"phases": []}, "phases", svc.NO_PHASE),
        ({"needs": []}, "needs", svc.NO_NEED),
        ({"phases": ["context"]}, "phases", svc.UNKNOWN_PHASE),
        ({"recognition_rating": "Goed onderbouwd"}, "recognition_rating", svc.RATING_WITHOUT_DATABANK),
        ({"source_url": "geen url"}, "source_url", None),
        ({"name": "VoorZorg"}, "name", svc.DUPLICATE_NAME.format(name="VoorZorg")),
        ({"slug": "nieuw"}, "slug", svc.RESERVED_SLUG.format(slug="nieuw")),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    platform_admin: User, over: dict[str, Any], field: str, message: str | None
) -> None:
    before = _counts()
    with pytest.raises(ValidationError) as info:
        svc.intervention_create(actor=platform_admin, **_data(**over))
    assert field in info.value.message_dict
    if message:
        assert info.value.message_dict[field] == [message]
    assert _counts() == before


def test_update_records_the_diff_and_replaces_rows(platform_admin: User) -> None:
    i = Intervention.objects.get(slug="home-start")
    svc.intervention_update(
        intervention=i,
        actor=platform_admin,
        **{**_data(name="Home-Start", phases=["na_geboorte"], needs=["ouderschap"]), "domain": "informeel"},
        recognition_databank="nji",
        recognition_rating="Effectief – goede aanwijzingen",
    )
    assert list(i.phase_rows.values_list("phase", flat=True)) == ["na_geboorte"]
    event = AuditEvent.objects.get(action="menukaart.intervention_changed")
    assert event.changes["phases"][1] == ["na_geboorte"]


def test_in_use_cannot_be_deleted_but_can_be_deactivated(cast: Cast, platform_admin: User) -> None:
    i = Intervention.objects.get(slug="voorzorg")
    partner = cast.coalition.partners.get(organisation__name="JGZ Test")
    offer_create(
        coalition=cast.coalition,
        actor=cast.coordinator,
        intervention=i,
        partner=partner,
        phases=["zwangerschap"],
        municipalities=cast.coalition.municipalities.all(),
    )
    with pytest.raises(ValidationError) as info:
        svc.intervention_delete(intervention=i, actor=platform_admin)
    assert info.value.messages == [svc.IN_USE.format(name="VoorZorg")]
    assert Intervention.objects.filter(slug="voorzorg").exists()
    svc.intervention_set_active(intervention=i, active=False, actor=platform_admin)
    i.refresh_from_db()
    assert not i.is_active
    assert AuditEvent.objects.filter(action="menukaart.intervention_deactivated").count() == 1


def test_unused_intervention_can_be_deleted(platform_admin: User) -> None:
    i = svc.intervention_create(actor=platform_admin, **_data())
    svc.intervention_delete(intervention=i, actor=platform_admin)
    assert not Intervention.objects.filter(slug="testinterventie").exists()
    assert AuditEvent.objects.filter(action="menukaart.intervention_deleted").count() == 1
