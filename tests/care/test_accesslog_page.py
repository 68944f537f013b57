"""The log manager's page /zorg/log/ and the family's log selector: who may read the log, what is
flagged, the meldcode rule, and that reading the log is itself logged."""

from __future__ import annotations

from datetime import date, datetime
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.http import Http404
from django.test import Client, override_settings
from django.urls import reverse

from kansrijk.care.context import log_manager_context, parent_context
from kansrijk.care.models import AccessLogEntry, LegalBasisKind
from kansrijk.care.selectors.accesslog import LogFilter, family_log, organisation_log, unusual_access
from kansrijk.care.services.consent import legal_basis_end, legal_basis_invoke
from tests.care.accesslog_tamper import read_entries
from tests.care.personas import CareCast

AMS = ZoneInfo("Europe/Amsterdam")


def _nurse_reads(care: CareCast) -> None:
    """The JGZ nurse (the log manager's organisation) reads the family under consent, three times."""
    care.share_with_nurse()
    read_entries(care.ctx(care.nurse), care.family.public_id, 3)


def test_the_log_manager_sees_the_organisation_s_entries_and_the_reading_is_logged(
    client: Client, care: CareCast
) -> None:
    _nurse_reads(care)
    read_entries(care.ctx(care.midwife), care.family.public_id, 2)  # another organisation: not shown
    client.force_login(care.log_manager)
    response = client.get(reverse("care:log"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Toegangslog van JGZ Zorgtest" in body and "jgz-noord@zorgtest.nl" in body
    assert "verloskundige@zorgtest.nl" not in body
    review = AccessLogEntry.objects.filter(action="toegangslog.bekeken").get()
    assert review.user_id == care.log_manager.pk and review.purpose == "logcontrole"
    assert review.episodes == [str(care.family.public_id)]  # the families the page showed


@pytest.mark.parametrize(
    "who", ["nurse", "colleague", "midwife", "social_worker", "org_admin", "coordinator", "national",
            "platform_admin", "parent", "other_parent"],
)  # fmt: skip
def test_everyone_else_gets_a_404(client: Client, care: CareCast, who: str) -> None:
    client.force_login(getattr(care, who))
    assert client.get(reverse("care:log")).status_code == 404
    assert not AccessLogEntry.objects.filter(action="toegangslog.bekeken").exists()


def test_anonymous_is_sent_to_sign_in(client: Client, care: CareCast) -> None:
    response = client.get(reverse("care:log"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_filters_by_user_family_and_date(client: Client, care: CareCast) -> None:
    _nurse_reads(care)
    ctx = log_manager_context(care.log_manager, organisation=care.jgz)
    assert organisation_log(ctx, LogFilter(user_id=care.nurse.pk)).count() >= 3
    assert not organisation_log(ctx, LogFilter(user_id=care.colleague.pk)).exists()
    assert organisation_log(ctx, LogFilter(episode_id=care.family.public_id)).count() >= 3
    assert not organisation_log(ctx, LogFilter(episode_id=care.other_family.public_id)).exists()
    client.force_login(care.log_manager)
    body = client.get(reverse("care:log"), {"gezin": str(uuid4()), "van": "2020-01-01"}).content.decode()
    assert "Geen regels gevonden" in body


@override_settings(KANSRIJK_UNUSUAL_ACCESS_FAMILIES=2, KANSRIJK_UNUSUAL_ACCESS_MINUTES=10)
def test_many_families_in_a_short_time_are_flagged(client: Client, care: CareCast) -> None:
    ctx = care.ctx(care.nurse)
    with time_machine.travel(datetime(2025, 3, 4, 10, 0, tzinfo=AMS), tick=True):
        for _ in range(3):
            read_entries(ctx, uuid4(), 1)
    with time_machine.travel(datetime(2025, 3, 4, 11, 0, tzinfo=AMS), tick=True):
        read_entries(care.ctx(care.colleague), uuid4(), 1)
        read_entries(care.ctx(care.colleague), uuid4(), 1)  # two: not more than the limit
    manager = log_manager_context(care.log_manager, organisation=care.jgz)
    flags = unusual_access(manager, LogFilter(date_from=date(2025, 3, 1)))
    assert [(f.user_label, f.families) for f in flags.many_families] == [("jgz-noord@zorgtest.nl", 3)]
    assert flags.off_hours == []
    client.force_login(care.log_manager)
    body = client.get(reverse("care:log"), {"van": "2025-03-01"}).content.decode()
    assert "opende 3 verschillende gezinnen" in body and "veel gezinnen" in body


def test_access_outside_working_hours_is_flagged(client: Client, care: CareCast) -> None:
    with time_machine.travel(datetime(2025, 3, 4, 22, 30, tzinfo=AMS), tick=True):
        read_entries(care.ctx(care.nurse), uuid4(), 2)
    with time_machine.travel(datetime(2025, 3, 5, 19, 59, tzinfo=AMS), tick=True):
        read_entries(care.ctx(care.colleague), uuid4(), 1)  # just inside working hours
    manager = log_manager_context(care.log_manager, organisation=care.jgz)
    flags = unusual_access(manager, LogFilter(date_from=date(2025, 3, 1)))
    assert [(f.user_label, f.entries) for f in flags.off_hours] == [("jgz-noord@zorgtest.nl", 2)]
    client.force_login(care.log_manager)
    body = client.get(reverse("care:log"), {"van": "2025-03-01"}).content.decode()
    assert "2 keer toegang buiten werktijd" in body and "buiten werktijd</span>" in body


def test_the_family_log_shows_lists_naming_the_family_and_only_to_its_parent(care: CareCast) -> None:
    own = parent_context(care.parent)
    entries = family_log(own, care.family)
    assert entries.filter(action="gezin.registreren").exists() or entries.exists()
    lists = AccessLogEntry.objects.filter(episodes__icontains=str(care.family.public_id))
    assert set(lists.values_list("pk", flat=True)) <= set(entries.values_list("pk", flat=True))
    with pytest.raises(Http404):
        family_log(parent_context(care.other_parent), care.family)
    with pytest.raises(Http404):
        family_log(care.ctx(care.midwife), care.family)


def test_meldcode_entries_are_hidden_from_the_family_while_the_basis_applies(care: CareCast) -> None:
    basis = legal_basis_invoke(
        care.ctx(care.midwife), episode_id=care.family.public_id, kind=LegalBasisKind.MELDCODE,
        receiving_team=care.nurse_team, categories=["identificatie", "sociaal"], reason="Zorgen over veiligheid",
    )  # fmt: skip
    read_entries(care.ctx(care.nurse), care.family.public_id, 1)
    label = f"meldcode:{basis.public_id}"
    ctx = parent_context(care.parent)
    assert not family_log(ctx, care.family).filter(basis=label).exists()
    assert AccessLogEntry.objects.filter(basis=label).exists()  # it is logged, just not shown yet
    legal_basis_end(care.ctx(care.midwife), basis=basis)
    shown = family_log(ctx, care.family).filter(basis=label)
    assert set(shown.values_list("action", flat=True)) >= {"grondslag.vastleggen", "grondslag.beeindigen"}
