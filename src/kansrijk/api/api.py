"""The public REST API (django-ninja, OpenAPI 3.1 at /api/v1/openapi.json)."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="Kansrijk API",
    version="1",
    description="Open API van Kansrijk. Cijfers: Bron: CBS / PDOK, CC BY 4.0.",
    urls_namespace="api",
)
api.add_router("/atlas", "kansrijk.atlas.api.router")
api.add_router("/coalities", "kansrijk.api.coalitions.router")
api.add_router("/balans", "kansrijk.api.balans.router")
api.add_router("/klantroutes", "kansrijk.api.klantroutes.router")
api.add_router("/menukaart", "kansrijk.api.menukaart.router")
api.add_router("", "kansrijk.api.startfoto.router")
