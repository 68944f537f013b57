"""The national programme's overview across coalitions (issue 10): what it shows, who may see it, and a
fixed number of queries."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from kansrijk.coalitions.models import ActionStatus
from kansrijk.coalitions.selectors.national import national_overview
from kansrijk.coalitions.services import zelfscan as zelfscan_services
from kansrijk.coalitions.services.plan import action_change_status, action_create
from tests.coalitions.zelfscan_support import answers_for, open_round
from tests.personas import Cast

URL = reverse("coalitions:national")


def _plan(cast: Cast) -> None:
    done = action_create(coalition=cast.coalition, title="Spreekuur geldzorgen", actor=cast.coordinator)
    action_create(coalition=cast.coalition, title="Huisbezoek aanbieden", actor=cast.coordinator)
    stopped = action_create(coalition=cast.coalition, title="Folder", actor=cast.coordinator)
    action_change_status(action=done, to=ActionStatus.IN_PROGRESS, actor=cast.coordinator)
    action_change_status(action=done, to=ActionStatus.DONE, actor=cast.coordinator)
    action_change_status(action=stopped, to=ActionStatus.CANCELLED, actor=cast.coordinator)


def test_the_overview_counts_plan_and_zelfscan_per_coalition(cast: Cast) -> None:
    _plan(cast)
    zs_round = open_round(cast.coalition, cast.coordinator)
    zelfscan_services.zelfscan_response_submit(
        round=zs_round, answers=answers_for(zs_round), actor=cast.partner_member
    )
    row = next(r for r in national_overview().rows if r.coalition == cast.coalition)
    # A stopped action is no work left: 1 done of 2.
    assert (row.actions_done, row.actions_open, row.plan_share) == (1, 1, 50)
    assert (row.rounds, row.latest_round, row.latest_round_answered) == (1, zs_round.name, 1)
    assert row.municipalities == cast.coalition.municipalities.count()


def test_the_national_programme_sees_the_page(client: Client, cast: Cast) -> None:
    _plan(cast)
    client.force_login(cast.national)
    html = client.get(URL).content.decode()
    assert cast.coalition.name in html and "1 van 2" in html


@pytest.mark.parametrize("who", ["coordinator", "partner_member", "professional"])
def test_everyone_else_gets_404(client: Client, cast: Cast, who: str) -> None:
    client.force_login(getattr(cast, who))
    assert client.get(URL).status_code == 404


def test_anonymous_is_sent_to_login(client: Client, cast: Cast) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and "/account/login/" in str(response.url)


def test_a_fixed_number_of_queries(cast: Cast, django_assert_max_num_queries: DjangoAssertNumQueries) -> None:
    _plan(cast)
    with django_assert_max_num_queries(1):
        national_overview()
