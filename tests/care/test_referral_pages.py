"""The referral pages through the Django test client, as the personas use them (issue 12): the midwife
refers along the klantroute (proposals, data categories, no basis → why and where to ask), the social
team receives, accepts, holds the joint contact, records the first contact and completes; the midwife
sees status, date and outcome. Denied: other teams (404), the wrong side's move (refused with a Dutch
message, 422), a stale version (422, "changed by someone else"), invalid input (422)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kansrijk.care.context import parent_context, professional_context
from kansrijk.care.instruments import parse_definition
from kansrijk.care.models import (
    AccessLogEntry,
    Consent,
    ConsentMethod,
    ConsentText,
    Instrument,
    PersonRole,
    Referral,
    RelationBasis,
)
from kansrijk.care.services.consent import consent_record, consent_withdraw
from kansrijk.care.services.referrals import (
    CHANGED_BY_SOMEONE_ELSE,
    referral_create,
    referral_receive,
    referral_send,
    referral_transition,
)
from kansrijk.care.services.screening import level_decide, screening_finish, screening_start
from kansrijk.care.services.teams import team_create, team_member_add
from kansrijk.coalitions.models import CoalitionPartner
from kansrijk.routes.models import RouteStep
from kansrijk.routes.services import klantroute_create, klantroute_publish, route_step_add
from tests.care.personas import CareCast, _professional
from tests.system import TESTS

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
DEBT_HELP = "Steun thuis bij de administratie"
# What a debt-help referral may carry (referral_data.NEED_CATEGORIES["financien"]).
FINANCES = ["identificatie", "niveau", "sociaal", "overdracht"]


# --- set-up: a route, a screening with a need, a level, and (optionally) consent ----------------------------


def route(care: CareCast) -> RouteStep:
    """A published financiën route in the cast's coalition whose step is the social team's organisation."""
    partner = CoalitionPartner.objects.get(coalition=care.coalition, organisation=care.social)
    made = klantroute_create(
        coalition=care.coalition, need="financien", title="Geldzorgen (test)", actor=care.coordinator
    )
    step = route_step_add(
        route=made,
        title=DEBT_HELP,
        partner=partner,
        levels=["potentieel_kwetsbaar", "kwetsbaar", "zeer_kwetsbaar"],
        days_to_first_contact=10,
        actor=care.coordinator,
    )
    klantroute_publish(route=made, actor=care.coordinator)
    return step


def screened(care: CareCast) -> None:
    """The midwife's broad inventory: debts (financiën) and a small network; level "kwetsbaar"."""
    midwife = care.ctx(care.midwife)
    instrument = Instrument.objects.get(key="kansrijk-brede-inventarisatie", is_active=True)
    risks = {"w-schulden", "g-klein-netwerk"}
    answers = {
        item.id: "ja" if item.id in risks else "nee" for item in parse_definition(instrument.definition).items
    }
    screening = screening_start(midwife, episode_id=care.family.public_id, instrument_id=instrument.public_id)
    screening_finish(
        midwife, episode_id=care.family.public_id, screening_id=screening.public_id, answers=answers
    )
    level_decide(midwife, episode_id=care.family.public_id, level="kwetsbaar", decided_with_client=True)


def consent_for_social(care: CareCast, categories: list[str] | None = None) -> Consent:
    """The parent consents to sharing with the social team's organisation (no team access yet)."""
    parent = care.family.persons.get(role=PersonRole.PARENT)
    return consent_record(
        care.ctx(care.midwife), episode_id=care.family.public_id, subject=parent, given_by=parent,
        receiving_organisation=care.social, categories=categories or FINANCES, purpose="verwijzing",
        given_on=TODAY(), method=ConsentMethod.SPOKEN, text=ConsentText.objects.get(version=1),
    )  # fmt: skip


def ready(care: CareCast, *, consent: bool = True) -> RouteStep:
    step = route(care)
    screened(care)
    if consent:
        consent_for_social(care)
    return step


def referral(care: CareCast, *, send: bool = True, receive: bool = False) -> Referral:
    """A referral from the midwife to the social team along the route (sent, and received if asked)."""
    step = RouteStep.objects.get(title=DEBT_HELP, route__coalition=care.coalition)
    made = referral_create(
        care.ctx(care.midwife), episode_id=care.family.public_id, need="financien",
        receiving_team=care.social_team, reason="Schulden; hulp met de post.", route_step=step,
        handover={"agreements": "Graag samen een eerste gesprek thuis."},
    )  # fmt: skip
    if send:
        made = referral_send(care.ctx(care.midwife), referral_id=made.public_id, version=made.version)
    if receive:
        made = referral_receive(care.ctx(care.social_worker), referral_id=made.public_id)
    return made


def other_social_team(care: CareCast) -> Any:
    """Another team of the receiving organisation, with a professional in it."""
    team = team_create(organisation=care.social, name="Jeugd", actor=TESTS)
    return _professional("jeugd@zorgtest.nl", team), team


def url(name: str, care: CareCast, made: Referral | None = None) -> str:
    args: list[Any] = [care.family.public_id]
    if made is not None:
        args.append(made.public_id)
    return reverse(f"care:{name}", args=args)


def move(client: Client, care: CareCast, made: Referral, to: str, **data: Any) -> Any:
    made.refresh_from_db()
    prefix = f"zet-{to}-"
    post = {"naar": to, prefix + "version": made.version} | {prefix + k: v for k, v in data.items()}
    return client.post(url("referral_move", care, made), post)


def body(response: Any) -> str:
    return str(response.content.decode())


# --- the new referral page -------------------------------------------------------------------------------------


def test_the_new_page_proposes_the_route_step_with_its_team_and_the_data_sent(
    client: Client, care: CareCast
) -> None:
    ready(care)
    client.force_login(care.midwife)
    before = AccessLogEntry.objects.filter(action="verwijzing.voorstellen").count()
    response = client.get(url("referral_new", care))
    assert response.status_code == 200
    html = body(response)
    assert "Geld en schulden" in html or "inanci" in html  # the need's label
    assert DEBT_HELP in html and "Sociaal Team Zorgtest, Wijk" in html
    assert "binnen 10 dagen" in html
    # Exactly the categories sent: what the theme needs and the consent covers, no medical data.
    assert "Geld, wonen en veiligheid" in html and "Zwangerschap en gezondheid" not in html
    assert AccessLogEntry.objects.filter(action="verwijzing.voorstellen").count() == before + 1


def test_without_consent_the_page_says_why_and_links_to_the_sharing_page(
    client: Client, care: CareCast
) -> None:
    ready(care, consent=False)
    client.force_login(care.midwife)
    html = body(client.get(url("referral_new", care)))
    assert "nog geen toestemming" in html
    assert url("share", care) in html
    # Sending is refused: the concept is kept and the reason shown.
    choice = _choice(care)
    response = client.post(
        url("referral_new", care), {"choice": choice, "reason": "Schulden.", "versturen": "1"}
    )
    made = Referral.objects.get(episode=care.family)
    assert response.status_code == 302 and made.status == "concept"
    page = client.get(response["Location"])
    assert "niet verstuurd" in body(page) and "nog geen toestemming" in body(page)


def _choice(care: CareCast) -> str:
    step = RouteStep.objects.get(title=DEBT_HELP, route__coalition=care.coalition)
    return f"financien|{step.public_id}|{care.social_team.public_id}"


def test_the_midwife_saves_a_concept_then_sends_it(client: Client, care: CareCast) -> None:
    ready(care)
    client.force_login(care.midwife)
    invalid = client.post(url("referral_new", care), {"reason": ""})
    assert invalid.status_code == 422 and "Kies een stap uit de route" in body(invalid)
    response = client.post(
        url("referral_new", care), {"choice": _choice(care), "reason": "Schulden.", "concept": "1"}
    )
    made = Referral.objects.get(episode=care.family)
    assert response.status_code == 302 and response["Location"] == url("referral", care, made)
    assert made.status == "concept" and made.receiving_team == care.social_team
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Versturen" in body(page)
    # The handover set: only the fields of the categories the referral may carry (no obstetric history).
    assert 'name="overdracht-psychosocial"' in body(page) and 'name="overdracht-obstetric"' not in body(page)
    saved = client.post(
        url("referral_handover", care, made),
        {"overdracht-version": made.version, "overdracht-psychosocial": "Schulden sinds de baan weg is."},
    )
    assert saved.status_code == 302
    sent = move(client, care, made, "verstuurd")
    made.refresh_from_db()
    assert sent.status_code == 302 and made.status == "verstuurd"
    assert made.categories == ["identificatie", "niveau", "sociaal", "overdracht"]
    assert made.handover.psychosocial == "Schulden sinds de baan weg is."


def test_send_straight_from_the_new_page(client: Client, care: CareCast) -> None:
    ready(care)
    client.force_login(care.midwife)
    response = client.post(
        url("referral_new", care), {"choice": _choice(care), "reason": "Schulden.", "versturen": "1"}
    )
    made = Referral.objects.get(episode=care.family)
    assert response.status_code == 302 and made.status == "verstuurd" and made.due_on is not None


def test_the_new_page_is_not_for_teams_without_the_family(client: Client, care: CareCast) -> None:
    ready(care)
    for user in (care.social_worker, care.nurse, care.colleague):
        client.force_login(user)
        assert client.get(url("referral_new", care)).status_code == 404
        assert (
            client.post(url("referral_new", care), {"choice": _choice(care), "reason": "x"}).status_code
            == 404
        )
    assert not Referral.objects.exists()


# --- the referral page: the loop ---------------------------------------------------------------------------


def test_the_receiver_opens_accepts_holds_the_joint_contact_and_records_first_contact(
    client: Client, care: CareCast
) -> None:
    ready(care)
    made = referral(care)
    client.force_login(care.social_worker)
    # Before acceptance the family page is closed to the receiver; the referral page is the limited view.
    assert client.get(url("family", care)).status_code == 404
    page = client.get(url("referral", care, made))
    made.refresh_from_db()
    assert page.status_code == 200 and made.status == "ontvangen"
    html = body(page)
    assert "Graag samen een eerste gesprek thuis." in html  # a handover field of a sent category
    assert 'aria-current="step"' in html and "Accepteren" in html
    assert f'href="{url("family", care)}"' not in html  # no link to a page it may not open
    # Warm handover proposed, then planned.
    warm = client.post(
        url("referral_warm", care, made),
        {"warm-version": made.version, "warm-status": "gepland", "warm-planned_on": TODAY().isoformat()},
    )
    assert warm.status_code == 302
    assert move(client, care, made, "geaccepteerd").status_code == 302
    made.refresh_from_db()
    assert made.status == "geaccepteerd" and made.relation is not None
    assert made.relation.basis == RelationBasis.CONSENT
    assert client.get(url("family", care)).status_code == 200  # through the relation acceptance made
    held = client.post(
        url("referral_warm", care, made),
        {"warm-version": made.version, "warm-status": "gehouden", "warm-held_on": TODAY().isoformat()},
    )
    assert held.status_code == 302
    assert move(client, care, made, "eerste_contact", first_contact_on=TODAY().isoformat()).status_code == 302
    # The midwife sees the feedback: status and date.
    client.force_login(care.midwife)
    html = body(client.get(url("referral", care, made)))
    assert "Eerste contact geweest" in html and "Gehouden" in html
    assert TODAY().strftime("%Y") in html
    family = body(client.get(url("family", care)))
    assert "Verwijzingen" in family and url("referral", care, made) in family
    # Completing needs an outcome.
    client.force_login(care.social_worker)
    assert move(client, care, made, "afgerond").status_code == 422
    assert move(client, care, made, "afgerond", outcome="hulp_ontvangen").status_code == 302
    made.refresh_from_db()
    assert made.status == "afgerond" and made.outcome == "hulp_ontvangen"


def test_a_rejection_needs_a_reason_and_the_sender_sees_status_not_the_reason(
    client: Client, care: CareCast
) -> None:
    ready(care)
    made = referral(care, receive=True)
    client.force_login(care.social_worker)
    refused = move(client, care, made, "afgewezen")
    assert refused.status_code == 422 and "Waarom wijst u de verwijzing af?" in body(refused)
    assert move(client, care, made, "afgewezen", reason="Vol tot maart, geheim detail.").status_code == 302
    client.force_login(care.midwife)
    html = body(client.get(url("referral", care, made)))
    assert "Afgewezen" in html and "geheim detail" not in html
    # Rejected: the receiver sees nothing any more.
    client.force_login(care.social_worker)
    assert client.get(url("referral", care, made)).status_code == 404


def test_the_wrong_side_is_refused_with_a_dutch_message(client: Client, care: CareCast) -> None:
    ready(care)
    made = referral(care, receive=True)
    client.force_login(care.midwife)
    response = move(client, care, made, "geaccepteerd")
    made.refresh_from_db()
    assert response.status_code == 422 and made.status == "ontvangen"
    assert "Deze stap" in body(response)
    unknown = client.post(url("referral_move", care, made), {"naar": "bestaat-niet"})
    assert unknown.status_code == 422 and "Kies een stap die op deze pagina staat." in body(unknown)


def test_a_stale_version_shows_changed_by_someone_else(client: Client, care: CareCast) -> None:
    ready(care)
    made = referral(care, receive=True)
    shown = made.version
    # A colleague in the same team accepts first.
    referral_transition(
        care.ctx(care.social_worker), referral_id=made.public_id, version=shown, to="geaccepteerd"
    )
    client.force_login(care.social_worker)
    response = client.post(
        url("referral_move", care, made),
        {
            "naar": "niet_bereikt",
            "zet-niet_bereikt-version": shown,
            "zet-niet_bereikt-reason": "Drie keer gebeld.",
        },
    )
    assert response.status_code == 422
    html = body(response)
    assert str(CHANGED_BY_SOMEONE_ELSE) in html and "Pagina opnieuw laden" in html
    made.refresh_from_db()
    assert made.status == "geaccepteerd"
    warm = client.post(
        url("referral_warm", care, made), {"warm-version": shown, "warm-status": "voorgesteld"}
    )
    assert warm.status_code == 422 and str(CHANGED_BY_SOMEONE_ELSE) in body(warm)


def test_the_sender_withdraws(client: Client, care: CareCast) -> None:
    ready(care)
    made = referral(care)
    client.force_login(care.midwife)
    assert (
        move(client, care, made, "ingetrokken", reason="Het gezin wil het zelf regelen.").status_code == 302
    )
    made.refresh_from_db()
    assert made.status == "ingetrokken"
    client.force_login(care.social_worker)
    assert client.get(url("referral", care, made)).status_code == 404


def test_nobody_else_sees_the_referral(client: Client, care: CareCast) -> None:
    ready(care)
    made = referral(care)
    other, _team = other_social_team(care)
    for user in (
        other,
        care.nurse,
        care.colleague,
        care.coordinator,
        care.national,
        care.parent,
        care.org_admin,
    ):
        client.force_login(user)
        for name in ("referral", "referral_move", "referral_handover", "referral_warm"):
            response = (
                client.get(url(name, care, made))
                if name == "referral"
                else client.post(url(name, care, made))
            )
            assert response.status_code == 404, (user.email, name, response.status_code)
    made.refresh_from_db()
    assert made.status == "verstuurd"  # nobody else received it


def test_withdrawn_consent_ends_the_receiver_s_limited_view(client: Client, care: CareCast) -> None:
    ready(care)
    made = referral(care, receive=True)
    consent_withdraw(
        parent_context(care.parent), consent=Consent.objects.get(receiving_organisation=care.social)
    )
    client.force_login(care.social_worker)
    assert client.get(url("referral", care, made)).status_code == 404
    client.force_login(care.midwife)
    assert client.get(url("referral", care, made)).status_code == 200


def test_the_receiving_team_s_worker_in_two_teams_acts_only_for_the_receiving_one(
    client: Client, care: CareCast
) -> None:
    """Team scoping: the same person acting for another team of the receiving organisation gets a 404."""
    ready(care)
    made = referral(care)
    team = team_create(organisation=care.social, name="Jeugd", actor=TESTS)
    team_member_add(team=team, user=care.social_worker, actor=TESTS)
    assert professional_context(care.social_worker, team=team).team == team
    client.force_login(care.social_worker)
    assert client.get(url("referral", care, made) + f"?team={team.public_id}").status_code == 404
    assert client.get(url("referral", care, made) + f"?team={care.social_team.public_id}").status_code == 200


def test_the_demo_refers_the_reurings_to_the_social_team_once(db: None) -> None:
    """`kansrijk demo` (twice): one referral along the demo's financiën route, sent on the mother's consent
    for the social team's organisation; the social team does not see the family until it accepts."""
    from io import StringIO

    from django.core.management import call_command

    from kansrijk.care.models import Person
    from kansrijk.care.selectors.access import episodes_visible_to

    for _ in range(2):
        call_command("demo", stdout=StringIO())
    family = Person.objects.get(given_name="Roos", family_name="Reuring").episode
    made = Referral.objects.get(episode=family)
    assert (made.status, made.need, made.receiving_team.name) == ("verstuurd", "financien", "Wijkteam Oost")
    assert made.consent is not None and made.consent.receiving_organisation == made.receiving_organisation
    assert made.route_step is not None and made.route_step.route.need == "financien"
    assert "medisch" not in made.categories
    worker = made.receiving_team.members.get().user
    assert family not in episodes_visible_to(professional_context(worker, team=made.receiving_team))
