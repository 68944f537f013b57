"""The prenatal home visit: JGZ offers it, the family accepts or declines, it is held (with a date) or
not (with the reason); only the offering team changes it; others see it by the VISIT_CATEGORY rule; every
page and write is logged; the whole transition table is walked."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kansrijk.care.models import (
    AccessLogEntry,
    Consent,
    ConsentMethod,
    ConsentText,
    HomeVisit,
    PersonRole,
    TimelineEvent,
    VisitStatus,
)
from kansrijk.care.services.consent import consent_record, consent_withdraw
from kansrijk.care.services.visits import VISIT_STATUSES, visit_offer, visit_update
from tests.care.personas import CareCast

pytestmark = pytest.mark.django_db
S = VisitStatus
TODAY = timezone.localdate


def _entries(care: CareCast, action: str | None = None) -> int:
    entries = AccessLogEntry.objects.filter(episode_id=care.family.public_id)
    return (entries.filter(action=action) if action else entries).count()


def _offered(care: CareCast) -> HomeVisit:
    care.share_with_nurse()
    return visit_offer(care.ctx(care.nurse), episode_id=care.family.public_id)


def _update(care: CareCast, visit: HomeVisit, status: str, **data: Any) -> HomeVisit:
    return visit_update(
        care.ctx(care.nurse),
        episode_id=care.family.public_id,
        visit_id=visit.public_id,
        status=status,
        **data,
    )


def _visit_url(care: CareCast, visit: HomeVisit) -> str:
    return reverse("care:visit", args=[care.family.public_id, visit.public_id])


def _offer_url(care: CareCast) -> str:
    return reverse("care:visit_offer", args=[care.family.public_id])


def _share_with_social(care: CareCast, categories: list[str]) -> Consent:
    parent = care.family.persons.get(role=PersonRole.PARENT)
    return consent_record(
        care.ctx(care.midwife), episode_id=care.family.public_id, subject=parent, given_by=parent,
        receiving_team=care.social_team, categories=categories, purpose="verwijzing", given_on=TODAY(),
        method=ConsentMethod.SPOKEN, text=ConsentText.objects.get(version=1),
    )  # fmt: skip


# --- services ----------------------------------------------------------------------------------------------


def test_nurse_offers_family_accepts_and_the_visit_is_held_with_outcome(care: CareCast) -> None:
    before = _entries(care)
    visit = _offered(care)
    assert (visit.status, visit.team, visit.organisation) == (S.OFFERED, care.nurse_team, care.jgz)
    visit = _update(care, visit, S.ACCEPTED, planned_on=TODAY() + timedelta(days=7))
    visit = _update(
        care, visit, S.HELD, held_on=TODAY(), outcome="Geldzorgen besproken", next_steps="Schuldhulp bellen"
    )
    visit.refresh_from_db()
    assert (visit.status, visit.held_on, visit.outcome) == (S.HELD, TODAY(), "Geldzorgen besproken")
    assert visit.planned_on == TODAY() + timedelta(days=7)
    # One entry per write (after the consent's own entry), naming the visit, never its content.
    assert _entries(care, "huisbezoek.aanbieden") == 1 and _entries(care, "huisbezoek.wijzigen") == 2
    assert _entries(care) == before + 1 + 3
    for entry in AccessLogEntry.objects.filter(action__startswith="huisbezoek"):
        assert entry.detail["huisbezoek"] == str(visit.public_id) and "Geld" not in str(entry.detail)
    texts = list(
        TimelineEvent.objects.filter(kind="huisbezoek").order_by("created_at").values_list("text", flat=True)
    )
    assert texts == ["Huisbezoek aangeboden", "Huisbezoek geaccepteerd", "Huisbezoek gehouden"]


def test_held_needs_a_date_and_not_held_needs_a_reason(care: CareCast) -> None:
    visit = _update(care, _offered(care), S.ACCEPTED)
    entries = _entries(care)
    with pytest.raises(ValidationError) as refused:
        _update(care, visit, S.HELD, outcome="Goed gesprek")
    assert "held_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        _update(care, visit, S.HELD, held_on=TODAY() + timedelta(days=1))
    assert "held_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        _update(care, visit, S.NOT_HELD, held_on=TODAY(), outcome="Ziek")
    assert "held_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        _update(care, visit, S.NOT_HELD)
    assert "outcome" in refused.value.message_dict
    visit.refresh_from_db()
    assert visit.status == S.ACCEPTED and _entries(care) == entries  # nothing half-written
    # The database refuses a held visit without a date too.
    with pytest.raises(IntegrityError), transaction.atomic():
        HomeVisit.objects.filter(pk=visit.pk).update(status=S.HELD, held_on=None)
    assert _update(care, visit, S.NOT_HELD, outcome="Niemand thuis").status == S.NOT_HELD


def test_invalid_transition_is_refused(care: CareCast) -> None:
    visit = _offered(care)
    with pytest.raises(ValidationError) as refused:
        _update(care, visit, S.HELD, held_on=TODAY())
    assert "status" in refused.value.message_dict
    with pytest.raises(ValidationError):
        _update(care, visit, "onbekend")
    visit = _update(care, visit, S.DECLINED)
    with pytest.raises(ValidationError):
        _update(care, visit, S.ACCEPTED)


def _walk_data(to: str) -> dict[str, Any]:
    return {"held_on": TODAY()} if to == S.HELD else {"outcome": "Reden"} if to == S.NOT_HELD else {}


def test_the_whole_transition_table(care: CareCast) -> None:
    care.share_with_nurse()
    finals = {S.DECLINED, S.HELD, S.NOT_HELD}
    assert VISIT_STATUSES.final_statuses() == finals
    allowed = {
        (S.OFFERED, S.ACCEPTED), (S.OFFERED, S.DECLINED), (S.ACCEPTED, S.HELD), (S.ACCEPTED, S.NOT_HELD),
        # Staying in a status that has not happened yet: to change the planned date or the next steps.
        (S.OFFERED, S.OFFERED), (S.ACCEPTED, S.ACCEPTED),
    }  # fmt: skip
    pairs = list(VISIT_STATUSES.pairs())
    assert len(pairs) == len(S.values) ** 2
    for current, to in pairs:
        visit = HomeVisit.objects.create(
            episode=care.family, organisation=care.jgz, team=care.nurse_team, status=current,
            held_on=TODAY() if current == S.HELD else None,
        )  # fmt: skip
        if (current, to) in allowed:
            assert _update(care, visit, to, **_walk_data(to)).status == to, (current, to)
        else:
            with pytest.raises(ValidationError):
                _update(care, visit, to, **_walk_data(to))
            visit.refresh_from_db()
            assert visit.status == current, (current, to)


def test_only_jgz_offers_and_only_the_offering_team_changes(care: CareCast) -> None:
    visit = _offered(care)
    with pytest.raises(PermissionDenied):  # the midwife sees the family, but is not JGZ
        visit_offer(care.ctx(care.midwife), episode_id=care.family.public_id)
    with pytest.raises(PermissionDenied):  # she sees the visit (medical data), but did not offer it
        visit_update(
            care.ctx(care.midwife),
            episode_id=care.family.public_id,
            visit_id=visit.public_id,
            status=S.ACCEPTED,
        )
    for user in (care.colleague, care.social_worker):  # no relation with the family: 404
        with pytest.raises(Http404):
            visit_offer(care.ctx(user), episode_id=care.family.public_id)
        with pytest.raises(Http404):
            visit_update(
                care.ctx(user), episode_id=care.family.public_id, visit_id=visit.public_id, status=S.ACCEPTED
            )
    visit.refresh_from_db()
    assert visit.status == S.OFFERED and HomeVisit.objects.count() == 1


def test_a_consent_without_names_or_a_withdrawn_one_refuses(care: CareCast) -> None:
    consent = care.share_with_nurse(["sociaal"])
    with pytest.raises(PermissionDenied):  # nobody visits a family they may not identify
        visit_offer(care.ctx(care.nurse), episode_id=care.family.public_id)
    consent_withdraw(care.ctx(care.midwife), consent=consent)  # type: ignore[arg-type]
    with pytest.raises(Http404):
        visit_offer(care.ctx(care.nurse), episode_id=care.family.public_id)
    assert not HomeVisit.objects.exists()


# --- pages -------------------------------------------------------------------------------------------------


def test_the_nurse_offers_and_records_each_step_on_the_pages(client: Client, care: CareCast) -> None:
    care.share_with_nurse()
    client.force_login(care.nurse)
    body = client.get(reverse("care:family", args=[care.family.public_id])).content.decode()
    assert _offer_url(care) in body
    before = _entries(care)
    response = client.get(_offer_url(care))
    assert response.status_code == 200 and "Fictief gezin" in response.content.decode()
    assert _entries(care, "huisbezoek.nieuw") == 1
    response = client.post(_offer_url(care), {"planned_on": (TODAY() + timedelta(days=3)).isoformat()})
    visit = HomeVisit.objects.get()
    assert response.status_code == 302 and response["Location"] == _visit_url(care, visit)
    assert _entries(care) == before + 2  # the form page, then the offer
    response = client.get(_visit_url(care, visit))
    assert response.status_code == 200 and "Volgende stap vastleggen" in response.content.decode()
    assert _entries(care) == before + 3
    assert client.post(_visit_url(care, visit), {"status": S.ACCEPTED}).status_code == 302
    # Held without a date: 422 with the error, nothing saved, one read entry for the page shown again.
    entries = _entries(care)
    response = client.post(_visit_url(care, visit), {"status": S.HELD, "outcome": "Goed gesprek"})
    assert response.status_code == 422
    assert "Vul de datum in waarop het huisbezoek is gehouden." in response.content.decode()
    visit.refresh_from_db()
    assert visit.status == S.ACCEPTED and visit.outcome == ""
    assert _entries(care) == entries + 1 and _entries(care, "huisbezoek.bekijken") == 2
    data = {
        "status": S.HELD,
        "held_on": TODAY().isoformat(),
        "outcome": "Goed gesprek",
        "next_steps": "Bellen",
    }
    assert client.post(_visit_url(care, visit), data).status_code == 302
    visit.refresh_from_db()
    assert (visit.status, visit.held_on, visit.next_steps) == (S.HELD, TODAY(), "Bellen")
    body = client.get(_visit_url(care, visit)).content.decode()
    assert "Goed gesprek" in body and "Volgende stap vastleggen" not in body  # final: no more steps
    # An invalid step from a final status: 422, unchanged.
    assert client.post(_visit_url(care, visit), {"status": S.ACCEPTED}).status_code == 422
    visit.refresh_from_db()
    assert visit.status == S.HELD


def test_the_midwife_sees_the_visit_but_cannot_change_it_or_offer(client: Client, care: CareCast) -> None:
    visit = _offered(care)
    client.force_login(care.midwife)
    body = client.get(reverse("care:family", args=[care.family.public_id])).content.decode()
    assert _visit_url(care, visit) in body and _offer_url(care) not in body
    response = client.get(_visit_url(care, visit))
    assert response.status_code == 200 and "Volgende stap vastleggen" not in response.content.decode()
    response = client.post(_visit_url(care, visit), {"status": S.ACCEPTED})
    assert response.status_code == 422
    assert "Alleen het team dat het huisbezoek aanbood" in response.content.decode()
    assert client.get(_offer_url(care)).status_code == 403
    assert client.post(_offer_url(care), {}).status_code == 403
    visit.refresh_from_db()
    assert visit.status == S.OFFERED and HomeVisit.objects.count() == 1


def test_visit_category_rule_for_a_team_without_medical_data(client: Client, care: CareCast) -> None:
    """Another organisation sees a JGZ visit only with "medisch"; JGZ always sees its own record."""
    visit = _offered(care)  # the nurse's consent has no "medisch": she still sees her own visit
    client.force_login(care.nurse)
    assert client.get(_visit_url(care, visit)).status_code == 200
    consent = _share_with_social(care, ["identificatie"])
    client.force_login(care.social_worker)
    assert client.get(reverse("care:family", args=[care.family.public_id])).status_code == 200
    assert client.get(_visit_url(care, visit)).status_code == 404
    consent_withdraw(care.ctx(care.midwife), consent=consent)
    _share_with_social(care, ["identificatie", "medisch"])
    assert client.get(_visit_url(care, visit)).status_code == 200


def test_another_team_s_visit_in_the_same_organisation_stays_hidden(client: Client, care: CareCast) -> None:
    """Access inside an organisation is scoped to the team: JGZ team Zuid's visit is not team Noord's."""
    care.share_with_nurse()  # no "medisch"
    other = HomeVisit.objects.create(episode=care.family, organisation=care.jgz, team=care.colleague_team)
    client.force_login(care.nurse)
    assert client.get(_visit_url(care, other)).status_code == 404
    body = client.get(reverse("care:family", args=[care.family.public_id])).content.decode()
    assert str(other.public_id) not in body
    with pytest.raises(Http404):
        _update(care, other, S.ACCEPTED)


@pytest.mark.parametrize(
    "persona",
    ["colleague", "social_worker", "coordinator", "national", "org_admin", "log_manager", "platform_admin",
     "parent", "other_parent"],
)  # fmt: skip
def test_everyone_else_gets_404_and_nothing_changes(client: Client, care: CareCast, persona: str) -> None:
    visit = _offered(care)
    entries = AccessLogEntry.objects.count()
    client.force_login(getattr(care, persona))
    assert client.get(_visit_url(care, visit)).status_code == 404
    assert client.post(_visit_url(care, visit), {"status": S.ACCEPTED}).status_code == 404
    assert client.get(_offer_url(care)).status_code == 404
    assert client.post(_offer_url(care), {}).status_code == 404
    visit.refresh_from_db()
    assert visit.status == S.OFFERED and HomeVisit.objects.count() == 1
    assert AccessLogEntry.objects.count() == entries


def test_anonymous_is_sent_to_login(client: Client, care: CareCast) -> None:
    visit = _offered(care)
    for url in (_visit_url(care, visit), _offer_url(care)):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
