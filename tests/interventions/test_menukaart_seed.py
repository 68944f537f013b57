"""The seed (migration 0002 from data/menukaart_v1.json): every intervention named in the issue, facts as in
domain.md §4, unknown ratings empty, every source URL kept; loading twice changes nothing."""

from __future__ import annotations

import datetime
import importlib
import json

import pytest
from django.apps import apps

from kansrijk.interventions.models import Databank, Intervention

seed = importlib.import_module("kansrijk.interventions.migrations.0002_menukaart_seed")

NAMED_IN_ISSUE = {
    "nu-niet-zwanger",
    "prenataal-huisbezoek-jgz",
    "voorzorg",
    "stevig-ouderschap",
    "centeringzwangerschap",
    "centeringouderschap",
    "integrale-gezinspoli",
    "rookvrije-ouders-coaching",
    "home-start",
    "buurtgezinnen",
    "moeders-van-rotterdam",
    "samenstarten",
    "kraamzorg-extra-uren-lip",
}
# domain.md §4: (databank, rating, date) where a rating was found.
KNOWN = {
    "voorzorg": (Databank.RIVM, "Effectief – goede aanwijzingen", datetime.date(2021, 9, 30)),
    "home-start": (Databank.NJI, "Effectief – goede aanwijzingen", datetime.date(2019, 4, 8)),
    "stevig-ouderschap": (Databank.RIVM, "Effectief – eerste aanwijzingen", datetime.date(2017, 9, 14)),
    "samenstarten": (Databank.RIVM, "Goed onderbouwd", datetime.date(2018, 11, 29)),
    "nu-niet-zwanger": (Databank.RIVM, "Goed onderbouwd", None),  # date not found
}
NOT_FOUND = NAMED_IN_ISSUE - set(KNOWN)

pytestmark = pytest.mark.django_db


def test_every_intervention_named_in_the_issue_is_present() -> None:
    assert set(Intervention.objects.values_list("slug", flat=True)) >= NAMED_IN_ISSUE


@pytest.mark.parametrize("slug", sorted(KNOWN))
def test_known_ratings_match_the_brief(slug: str) -> None:
    i = Intervention.objects.get(slug=slug)
    assert (i.recognition_databank, i.recognition_rating, i.recognition_date) == KNOWN[slug]


@pytest.mark.parametrize("slug", sorted(NOT_FOUND))
def test_unknown_ratings_stay_empty(slug: str) -> None:
    i = Intervention.objects.get(slug=slug)
    assert (i.recognition_databank, i.recognition_rating, i.recognition_date) == ("", "", None)


def test_facts_from_the_brief() -> None:
    assert Intervention.objects.get(slug="stevig-ouderschap").licence_holder == "NCJ"
    phb = Intervention.objects.get(slug="prenataal-huisbezoek-jgz")
    assert "Wettelijke taak" in phb.recognition_note
    assert list(
        Intervention.objects.get(slug="nu-niet-zwanger").phase_rows.values_list("phase", flat=True)
    ) == ["preconceptie"]
    assert set(
        Intervention.objects.get(slug="rookvrije-ouders-coaching").need_rows.values_list("need", flat=True)
    ) == {"roken"}


def test_every_seed_item_has_phases_needs_and_a_source() -> None:
    for i in Intervention.objects.filter(slug__in=NAMED_IN_ISSUE):
        assert i.phase_rows.exists() and i.need_rows.exists(), i.slug
        assert i.source_url.startswith("https://"), i.slug


def test_all_source_urls_of_the_brief_are_kept() -> None:
    vz = Intervention.objects.get(slug="nu-niet-zwanger")
    assert vz.source_url == "https://ggdghor.nl/actueel-bericht/factsheet-nnz/"
    assert (
        "https://professionals.ggdgm.nl/nu-niet-zwanger-officieel-erkend-als-goed-onderbouwd"
        in vz.more_sources
    )


def test_loading_again_is_idempotent_and_keeps_edits() -> None:
    Intervention.objects.filter(slug="voorzorg").update(summary="Aangepast door beheer")
    count = Intervention.objects.count()
    seed.load(apps, None)
    assert Intervention.objects.count() == count
    assert Intervention.objects.get(slug="voorzorg").summary == "Aangepast door beheer"


def test_unload_then_load_restores_the_seed() -> None:
    seed.unload(apps, None)
    assert not Intervention.objects.filter(slug__in=NAMED_IN_ISSUE).exists()
    seed.load(apps, None)
    assert set(Intervention.objects.values_list("slug", flat=True)) >= NAMED_IN_ISSUE


def test_seed_file_is_valid_json_with_a_source_per_item() -> None:
    data = json.loads(seed.SEED.read_text(encoding="utf-8"))
    assert {item["slug"] for item in data["interventions"]} == NAMED_IN_ISSUE
