"""The public REST API (django-ninja, OpenAPI 3.1 at /api/v1/openapi.json)."""

from __future__ import annotations

from ninja import NinjaAPI

# Routers are imported, not named by string, so the import graph (and its contracts) sees them.
from kansrijk.api.balans import router as balans_router
from kansrijk.api.coalitions import router as coalitions_router
from kansrijk.api.klantroutes import router as klantroutes_router
from kansrijk.api.menukaart import router as menukaart_router
from kansrijk.api.startfoto import router as startfoto_router
from kansrijk.api.wegwijzer import router as wegwijzer_router
from kansrijk.api.zorg import router as zorg_router
from kansrijk.api.zorg_fhir import router as zorg_fhir_router
from kansrijk.atlas.api import router as atlas_router
from kansrijk.monitoring.api import router as monitor_router

api = NinjaAPI(
    title="Kansrijk API",
    version="1",
    description="Open API van Kansrijk. Cijfers: Bron: CBS / PDOK, CC BY 4.0.",
    urls_namespace="api",
)
api.add_router("/atlas", atlas_router)
api.add_router("/coalities", coalitions_router)
api.add_router("/balans", balans_router)
api.add_router("/klantroutes", klantroutes_router)
api.add_router("/menukaart", menukaart_router)
api.add_router("/zorg", zorg_router)
api.add_router("/zorg/fhir", zorg_fhir_router)
api.add_router("/wegwijzer", wegwijzer_router)
api.add_router("/monitor", monitor_router)
api.add_router("", startfoto_router)
