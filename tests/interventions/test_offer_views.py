"""Local-offer pages: the coordinator adds, edits and removes; partner members and the national programme
read; members of another coalition and outsiders get 404; anonymous goes to the login page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kansrijk.areas.models import Area, AreaLevel
from kansrijk.audit.models import AuditEvent
from kansrijk.interventions.forms.offer import UNKNOWN_WIJK
from kansrijk.interventions.models import Intervention, LocalOffer
from kansrijk.interventions.services import offer as svc
from tests.coalitions.conftest import client_for
from tests.personas import Cast

LIST = reverse("interventions:aanbod", args=["test"])
NEW = reverse("interventions:aanbod_nieuw", args=["test"])


def _offer(cast: Cast) -> LocalOffer:
    return svc.offer_create(
        coalition=cast.coalition,
        actor=cast.coordinator,
        intervention=Intervention.objects.get(slug="home-start"),
        partner=cast.coalition.partners.get(organisation__name="JGZ Test"),
        phases=["zwangerschap", "na_geboorte"],
        municipalities=cast.coalition.municipalities.all(),
        capacity_per_year=40,
        waiting_days=30,
        contact="Home-Start, 030 000 0001",
    )


def _post(cast: Cast, **over: object) -> dict[str, object]:
    data: dict[str, object] = {
        "intervention": "voorzorg",
        "partner": str(cast.coalition.partners.get(organisation__name="JGZ Test").public_id),
        "phases": ["zwangerschap"],
        "municipalities": ["GM0344"],
        "capacity_per_year": "25",
        "waiting_days": "14",
        "contact": "Team VoorZorg",
        "since": "2023-01-01",
    }
    data.update(over)
    return data


def test_list_grouped_by_phase_for_readers(cast: Cast) -> None:
    offer = _offer(cast)
    for user in (cast.coordinator, cast.partner_member, cast.national):
        response = client_for(user).get(LIST)
        assert response.status_code == 200
        groups = {g.phase: g.offers for g in response.context["groups"]}
        assert groups["zwangerschap"] == [offer] and groups["na_geboorte"] == [offer]
        assert groups["geboorte"] == []
        html = response.content.decode()
        assert "<caption" in html and "Home-Start" in html and "Capaciteit per jaar" in html
        assert ("Aanbod toevoegen" in html) == (user == cast.coordinator)


def test_others_404_and_anonymous_to_login(cast: Cast) -> None:
    offer = _offer(cast)
    urls = [
        LIST,
        NEW,
        reverse("interventions:aanbod_bewerken", args=["test", offer.public_id]),
        reverse("interventions:aanbod_verwijderen", args=["test", offer.public_id]),
    ]
    for url in urls:
        response = Client().get(url)
        assert response.status_code == 302 and "/account/login/" in response["Location"]
        for user in (cast.other_coordinator, cast.outsider):
            assert client_for(user).get(url).status_code == 404, (url, user)
            if url != LIST:  # the list only answers GET
                assert client_for(user).post(url, {}).status_code == 404, (url, user)


def test_readers_may_not_open_the_forms(cast: Cast) -> None:
    offer = _offer(cast)
    for url in (NEW, reverse("interventions:aanbod_bewerken", args=["test", offer.public_id])):
        for user in (cast.partner_member, cast.national):
            assert client_for(user).get(url).status_code == 403
            assert client_for(user).post(url, _post(cast)).status_code == 403
    assert LocalOffer.objects.count() == 1


def test_coordinator_adds_edits_and_removes(cast: Cast) -> None:
    client = client_for(cast.coordinator)
    page = client.get(NEW)
    assert page.status_code == 200
    html = page.content.decode()
    for label in (
        "Interventie",
        "Partner",
        "Fases",
        "Gemeenten",
        "Wijken",
        "Capaciteit per jaar",
        "Aanbod opslaan",
    ):
        assert label in html
    assert "<legend" in html
    response = client.post(NEW, _post(cast))
    assert response.status_code == 302 and response["Location"] == LIST
    offer = LocalOffer.objects.get(intervention__slug="voorzorg")
    assert offer.capacity_per_year == 25 and offer.partner.organisation.name == "JGZ Test"
    edit = reverse("interventions:aanbod_bewerken", args=["test", offer.public_id])
    assert client.get(edit).status_code == 200
    assert client.post(edit, _post(cast, capacity_per_year="50")).status_code == 302
    offer.refresh_from_db()
    assert offer.capacity_per_year == 50
    delete = reverse("interventions:aanbod_verwijderen", args=["test", offer.public_id])
    assert client.get(delete).status_code == 200
    assert client.post(delete).status_code == 302
    assert not LocalOffer.objects.exists()
    actions = list(AuditEvent.objects.filter(action__startswith="aanbod.").values_list("action", flat=True))
    assert sorted(actions) == ["aanbod.offer_changed", "aanbod.offer_created", "aanbod.offer_deleted"]


def _amsterdam_wijk() -> Area:
    return Area.objects.filter(level=AreaLevel.WIJK, parent__code="GM0363").first()  # type: ignore[return-value]


BAD = [
    ("capacity", {"capacity_per_year": "-1"}, "capacity_per_year", svc.NEGATIVE_CAPACITY),
    (
        "phase",
        {"phases": ["preconceptie"]},
        "phases",
        "“VoorZorg” is niet bedoeld voor de fase Vóór de zwangerschap.",
    ),
    (
        "phase2",
        {"intervention": "nu-niet-zwanger", "phases": ["zwangerschap"]},
        "phases",
        "“Nu Niet Zwanger” is niet bedoeld voor de fase Zwangerschap.",
    ),
    ("partner", {"partner": "00000000-0000-0000-0000-000000000000"}, "partner", svc.PARTNER_NOT_IN_COALITION),
    ("municipality", {"municipalities": ["GM0363"]}, "municipalities", None),
]


@pytest.mark.parametrize(("case", "over", "field", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_shows_the_message_and_saves_nothing(
    cast: Cast, case: str, over: dict[str, object], field: str, message: str | None
) -> None:
    before = (LocalOffer.objects.count(), AuditEvent.objects.count())
    response = client_for(cast.coordinator).post(NEW, _post(cast, **over))
    assert response.status_code == 422
    errors = response.context["form"].errors[field]
    if message is None:
        message = svc.MUNICIPALITY_NOT_IN_COALITION.format(names="Deze gemeente")
    assert errors == [message]
    assert str(message) in response.content.decode()
    assert (LocalOffer.objects.count(), AuditEvent.objects.count()) == before


def test_partner_of_another_coalition_is_refused(cast: Cast) -> None:
    from kansrijk.accounts.models import Organisation
    from kansrijk.coalitions.models import Coalition, CoalitionPartner

    foreign = CoalitionPartner.objects.get(
        coalition=Coalition.objects.get(slug="elders"),
        organisation=Organisation.objects.get(name="Gemeente Elders"),
    )
    response = client_for(cast.coordinator).post(NEW, _post(cast, partner=str(foreign.public_id)))
    assert response.status_code == 422
    assert response.context["form"].errors["partner"] == [svc.PARTNER_NOT_IN_COALITION]
    assert not LocalOffer.objects.exists()


def test_wijk_outside_the_municipalities_is_refused(cast: Cast) -> None:
    response = client_for(cast.coordinator).post(NEW, _post(cast, wijken=[_amsterdam_wijk().code]))
    assert response.status_code == 422
    assert response.context["form"].errors["wijken"] == [UNKNOWN_WIJK]
    assert not LocalOffer.objects.exists()


def test_duplicate_offer_shows_the_message(cast: Cast) -> None:
    client = client_for(cast.coordinator)
    assert client.post(NEW, _post(cast)).status_code == 302
    before = (LocalOffer.objects.count(), AuditEvent.objects.count())
    response = client.post(NEW, _post(cast))
    assert response.status_code == 422
    assert response.context["form"].errors["intervention"] == [
        svc.DUPLICATE_OFFER.format(partner="JGZ Test", intervention="VoorZorg")
    ]
    assert (LocalOffer.objects.count(), AuditEvent.objects.count()) == before
