"""Coalition workspace URLs under /coalities/. Each part of the workspace keeps its URL patterns in `paths/`."""

from __future__ import annotations

from kansrijk.coalitions.paths import confirmation, plan, workspace, zelfscan

app_name = "coalitions"
_all = [*workspace.urlpatterns, *zelfscan.urlpatterns, *plan.urlpatterns, *confirmation.urlpatterns]
# Fixed paths (praktijken/, nieuw/, uitnodiging/…) before /<slug>/…, or a coalition slug would shadow them;
# coalition_create refuses those words as slugs (RESERVED_SLUGS).
urlpatterns = sorted(_all, key=lambda p: str(p.pattern).startswith("<slug:slug>"))
