"""Local-offer writes: only the coordinator; partner, municipalities, wijken and phases must fit; capacity
not below zero; no duplicates. A refused write changes nothing and records no audit event."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from kansrijk.areas.models import Area, AreaLevel
from kansrijk.audit.models import AuditEvent
from kansrijk.coalitions.models import Coalition, CoalitionPartner
from kansrijk.coalitions.services._common import NOT_COORDINATOR
from kansrijk.interventions.models import Intervention, LocalOffer
from kansrijk.interventions.services import offer as svc
from tests.personas import Cast


def _args(cast: Cast, **over: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "coalition": cast.coalition,
        "actor": cast.coordinator,
        "intervention": Intervention.objects.get(slug="voorzorg"),
        "partner": cast.coalition.partners.get(organisation__name="JGZ Test"),
        "phases": ["zwangerschap", "na_geboorte"],
        "municipalities": list(cast.coalition.municipalities.all()),
        "capacity_per_year": 25,
        "waiting_days": 14,
        "contact": "Team VoorZorg, 030 000 0000",
    }
    args.update(over)
    return args


def _state() -> tuple[int, int]:
    return LocalOffer.objects.count(), AuditEvent.objects.count()


def _utrecht_wijken() -> list[Area]:
    return list(Area.objects.filter(level=AreaLevel.WIJK, parent__code="GM0344").order_by("code")[:2])


def test_coordinator_adds_an_offer_with_audit(cast: Cast) -> None:
    wijken = _utrecht_wijken()
    offer = svc.offer_create(**_args(cast, phases=["na_geboorte", "zwangerschap"], wijken=wijken))
    assert offer.phases == ["zwangerschap", "na_geboorte"]
    assert set(offer.wijken.all()) == set(wijken)
    event = AuditEvent.objects.get(action="aanbod.offer_created")
    assert event.actor == cast.coordinator and event.changes["capacity_per_year"] == 25


@pytest.mark.parametrize("who", ["partner_member", "national", "other_coordinator", "outsider"])
def test_only_the_coordinator_writes(cast: Cast, who: str) -> None:
    before = _state()
    with pytest.raises(PermissionDenied, match=str(NOT_COORDINATOR)):
        svc.offer_create(**_args(cast, actor=getattr(cast, who)))
    assert _state() == before


def _other_partner() -> CoalitionPartner:
    from kansrijk.accounts.models import Organisation

    elders = Coalition.objects.get(slug="elders")
    org = Organisation.objects.get(name="Gemeente Elders")
    # The other coalition's own municipality: an accepted partner there since the coalition was created.
    return CoalitionPartner.objects.get(coalition=elders, organisation=org)


BAD = [
    ("capacity", lambda c: {"capacity_per_year": -1}, "capacity_per_year", lambda c: svc.NEGATIVE_CAPACITY),
    ("waiting", lambda c: {"waiting_days": -3}, "waiting_days", lambda c: svc.NEGATIVE_WAITING),
    (
        "phase",
        lambda c: {"phases": ["zwangerschap", "preconceptie"]},
        "phases",
        lambda c: "“VoorZorg” is niet bedoeld voor de fase Vóór de zwangerschap.",
    ),
    ("no_phase", lambda c: {"phases": []}, "phases", lambda c: svc.NO_OFFER_PHASE),
    ("partner", lambda c: {"partner": _other_partner()}, "partner", lambda c: svc.PARTNER_NOT_IN_COALITION),
    (
        "municipality",
        lambda c: {"municipalities": [Area.objects.get(code="GM0363")]},
        "municipalities",
        lambda c: svc.MUNICIPALITY_NOT_IN_COALITION.format(names=Area.objects.get(code="GM0363").name),
    ),
    ("no_municipality", lambda c: {"municipalities": []}, "municipalities", lambda c: svc.NO_MUNICIPALITY),
    (
        "wijk",
        lambda c: {"wijken": [Area.objects.filter(level=AreaLevel.WIJK, parent__code="GM0363").first()]},
        "wijken",
        lambda c: svc.WIJK_OUTSIDE_MUNICIPALITIES.format(
            names=Area.objects.filter(level=AreaLevel.WIJK, parent__code="GM0363").first().name  # type: ignore[union-attr]
        ),
    ),
]


@pytest.mark.parametrize(("case", "over", "field", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_gives_the_clear_message_and_changes_nothing(
    cast: Cast, case: str, over: Any, field: str, message: Any
) -> None:
    args = _args(cast, **over(cast))
    before = _state()
    with pytest.raises(ValidationError) as info:
        svc.offer_create(**args)
    assert info.value.message_dict[field] == [message(cast)]
    assert _state() == before


def test_duplicate_offer_is_refused(cast: Cast) -> None:
    svc.offer_create(**_args(cast))
    before = _state()
    with pytest.raises(ValidationError) as info:
        svc.offer_create(**_args(cast, capacity_per_year=5))
    assert info.value.message_dict["intervention"] == [
        svc.DUPLICATE_OFFER.format(partner="JGZ Test", intervention="VoorZorg")
    ]
    assert _state() == before


def test_inactive_intervention_cannot_be_added(cast: Cast) -> None:
    Intervention.objects.filter(slug="voorzorg").update(is_active=False)
    with pytest.raises(ValidationError) as info:
        svc.offer_create(**_args(cast))
    assert info.value.message_dict["intervention"] == [
        svc.INTERVENTION_INACTIVE.format(intervention="VoorZorg")
    ]


def test_update_checks_the_same_rules_and_records_a_diff(cast: Cast) -> None:
    offer = svc.offer_create(**_args(cast))
    args = _args(cast, capacity_per_year=-1)
    del args["coalition"]
    before = _state()
    with pytest.raises(ValidationError):
        svc.offer_update(offer=offer, **args)
    offer.refresh_from_db()
    assert offer.capacity_per_year == 25 and _state() == before
    args["capacity_per_year"] = 40
    svc.offer_update(offer=offer, **args)
    offer.refresh_from_db()
    assert offer.capacity_per_year == 40
    assert AuditEvent.objects.get(action="aanbod.offer_changed").changes == {"capacity_per_year": [25, 40]}


def test_delete_by_coordinator_only(cast: Cast) -> None:
    offer = svc.offer_create(**_args(cast))
    with pytest.raises(PermissionDenied):
        svc.offer_delete(offer=offer, actor=cast.partner_member)
    svc.offer_delete(offer=offer, actor=cast.coordinator)
    assert not LocalOffer.objects.exists()
    assert AuditEvent.objects.filter(action="aanbod.offer_deleted").count() == 1


def test_database_refuses_negative_capacity_as_last_line(cast: Cast) -> None:
    offer = svc.offer_create(**_args(cast))
    with pytest.raises(IntegrityError), transaction.atomic():
        LocalOffer.objects.filter(pk=offer.pk).update(capacity_per_year=-1)
