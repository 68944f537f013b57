"""Test data for the balans: interventions, local offers and a small atlas model, made through the ORM."""

from __future__ import annotations

from kansrijk.areas.models import Area, AreaLevel
from kansrijk.atlas.models import AtlasEstimate, AtlasModel
from kansrijk.coalitions.models import Coalition
from kansrijk.interventions.models import Intervention, InterventionNeed, InterventionPhase, LocalOffer


def intervention(name: str, *, phases: list[str], needs: list[str]) -> Intervention:
    slug = name.lower().replace(" ", "-")
    item = Intervention.objects.create(
        slug=slug, name=name, summary="Test.", target_group="Test.", domain="sociaal"
    )
    InterventionPhase.objects.bulk_create([InterventionPhase(intervention=item, phase=p) for p in phases])
    InterventionNeed.objects.bulk_create([InterventionNeed(intervention=item, need=n) for n in needs])
    return item


def offer(
    coalition: Coalition,
    item: Intervention,
    *,
    phases: list[str],
    wijken: list[Area] | None = None,
    capacity: int | None = 40,
    waiting: int | None = 14,
) -> LocalOffer:
    partners = coalition.partners.select_related("organisation")
    # The test coalition's JGZ partner (its municipality is a partner too, as the coordinator's organisation).
    partner = partners.filter(organisation__name="JGZ Test").first() or partners.first()
    local = LocalOffer.objects.create(
        coalition=coalition,
        partner=partner,
        intervention=item,
        phases=phases,
        capacity_per_year=capacity,
        waiting_days=waiting,
    )
    local.municipalities.set(coalition.municipalities.all())
    local.wijken.set(wijken or [])
    return local


def atlas(municipality_code: str = "GM0344", *, national: float = 0.07) -> tuple[AtlasModel, list[Area]]:
    """A small stored atlas model: the first three wijken of the municipality, shares 0.20 / 0.10 / 0.02."""
    model = AtlasModel.objects.create(
        version=(AtlasModel.objects.count() + 1),
        coefficients={},
        calibration={"doel": "test", "omschrijving": "test", "bron": "test", "waarde": national},
        inputs=[],
    )
    gm = Area.objects.get(code=municipality_code)
    wijken = list(Area.objects.filter(level=AreaLevel.WIJK, parent=gm).order_by("code")[:3])
    rows = [
        AtlasEstimate(
            model=model,
            level="land",
            code="NL00",
            name="Nederland",
            births=160000,
            share=national,
            share_lower=national - 0.005,
            share_upper=national + 0.005,
            number=11200,
            number_lower=10400,
            number_upper=12000,
        ),
        AtlasEstimate(
            model=model,
            level="gemeente",
            code=gm.code,
            name=gm.name,
            births=4000,
            share=0.08,
            share_lower=0.07,
            share_upper=0.09,
            number=320,
            number_lower=280,
            number_upper=360,
        ),
    ]
    for wijk, share, births in zip(wijken, (0.20, 0.10, 0.02), (300, 200, 100), strict=True):
        rows.append(
            AtlasEstimate(
                model=model,
                level="wijk",
                code=wijk.code,
                name=wijk.name,
                parent_code=gm.code,
                births=births,
                share=share,
                share_lower=share - 0.02,
                share_upper=share + 0.02,
                number=births * share,
                number_lower=births * (share - 0.02),
                number_upper=births * (share + 0.02),
            )
        )
    AtlasEstimate.objects.bulk_create(rows)
    return model, wijken
