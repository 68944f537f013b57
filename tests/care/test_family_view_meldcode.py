"""The meldcode rule of the family's view (issue 11), explicit and tested: while a legal basis of a kind in
HIDDEN_FROM_FAMILY_WHILE_ACTIVE applies, the receiving organisation and every log entry made under it are
not shown to the parent; after `legal_basis_end` they are."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from kansrijk.care.context import parent_context
from kansrijk.care.models import (
    HIDDEN_FROM_FAMILY_WHILE_ACTIVE,
    AccessEvent,
    AccessLogEntry,
    LegalBasis,
    LegalBasisKind,
)
from kansrijk.care.selectors.families import family_page, worklist
from kansrijk.care.selectors.family_view import family_view
from kansrijk.care.services.consent import legal_basis_end, legal_basis_invoke
from tests.care.personas import CareCast

SOCIAL = "Sociaal Team Zorgtest"


def _invoke(care: CareCast, kind: str = LegalBasisKind.MELDCODE) -> LegalBasis:
    return legal_basis_invoke(
        care.ctx(care.midwife),
        episode_id=care.family.public_id,
        kind=kind,
        receiving_team=care.social_team,
        categories=["identificatie", "sociaal"],
        reason="Zorgen over de veiligheid thuis (stap 2 van de meldcode).",
    )


def test_the_rule_names_the_meldcode() -> None:
    assert LegalBasisKind.MELDCODE in HIDDEN_FROM_FAMILY_WHILE_ACTIVE
    assert LegalBasisKind.VITAL_INTEREST not in HIDDEN_FROM_FAMILY_WHILE_ACTIVE


def test_meldcode_work_is_hidden_while_active_and_shown_after_it_ends(care: CareCast, client: Client) -> None:
    basis = _invoke(care)
    family_page(care.ctx(care.social_worker), care.family.public_id)  # the social team reads, under it
    # Its worklist names the family too: a list entry, made under no basis of this family, that would
    # still reveal the social team (a regression test: the rule by basis alone let it through).
    worklist(care.ctx(care.social_worker))
    assert AccessLogEntry.objects.filter(
        event=AccessEvent.SEARCH, organisation_label=SOCIAL, episodes__icontains=str(care.family.public_id)
    ).exists()
    label = f"meldcode:{basis.public_id}"
    under = AccessLogEntry.objects.filter(episode_id=care.family.public_id, basis=label)
    assert under.count() == 2  # the midwife's sharing and the social worker's read

    view = family_view(parent_context(care.parent))
    assert SOCIAL not in [row.name for row in view.organisations]
    assert all(SOCIAL not in row.who for row in view.log)
    assert "Heeft gegevens gedeeld op grond van de wet" not in [row.what for row in view.log]
    client.force_login(care.parent)
    html = client.get(reverse("care:parent_view")).content.decode()
    assert SOCIAL not in html and "Meldcode" not in html
    api = client.get("/api/v1/zorg/mijn-gegevens").content.decode()
    assert SOCIAL not in api and "Meldcode" not in api

    legal_basis_end(care.ctx(care.midwife), basis=basis)

    view = family_view(parent_context(care.parent))
    social = [row for row in view.organisations if row.name == SOCIAL]
    assert len(social) == 1 and social[0].until is not None and "Meldcode" in social[0].basis
    assert any(SOCIAL in row.who for row in view.log)
    assert "Zag uw gezin in een lijst" in [row.what for row in view.log if SOCIAL in row.who]
    assert "Heeft gegevens gedeeld op grond van de wet" in [row.what for row in view.log]
    html = client.get(reverse("care:parent_view")).content.decode()
    assert SOCIAL in html


def test_another_legal_basis_is_shown_at_once(care: CareCast) -> None:
    _invoke(care, LegalBasisKind.VITAL_INTEREST)
    family_page(care.ctx(care.social_worker), care.family.public_id)
    view = family_view(parent_context(care.parent))
    assert SOCIAL in [row.name for row in view.organisations]
    assert any(SOCIAL in row.who for row in view.log)


def test_the_rule_holds_per_basis_not_per_organisation(care: CareCast) -> None:
    """A second meldcode basis stays hidden when the first ends: each basis is checked on its own."""
    first = _invoke(care)
    legal_basis_end(care.ctx(care.midwife), basis=first)
    second = _invoke(care)
    view = family_view(parent_context(care.parent))
    entries = AccessLogEntry.objects.filter(episode_id=care.family.public_id)
    assert entries.filter(basis=f"meldcode:{second.public_id}").exists()
    shown = [row for row in view.organisations if row.name == SOCIAL]
    assert len(shown) == 1 and shown[0].until is not None  # only the ended first relation
