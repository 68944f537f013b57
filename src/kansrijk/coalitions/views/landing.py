"""Where a signed-in user lands (issue 10, "Landing where the work is").

After login (LOGIN_REDIRECT_URL) everyone passes here once: a care professional goes to their
worklist, a coordinator or partner of one coalition to that coalition's overview, the national programme
and anyone in several coalitions to the overview across coalitions. A `?next=` from the login form wins
before this view is reached (allauth honours it), so a deep link still lands where it pointed.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from kansrijk.accounts.models import Role
from kansrijk.accounts.selectors import user_has_role, user_is_platform_admin
from kansrijk.coalitions.selectors import coalitions_visible_to
from kansrijk.core.auth import signed_in_user


@require_GET
@login_required
def landing(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if user_has_role(user, Role.CARE_PROFESSIONAL):
        # The care layer's URL by name only: the coalition layer never imports care.
        return redirect("care:worklist")
    if user_has_role(user, Role.NATIONAL) or user_is_platform_admin(user):
        return redirect("coalitions:national")
    slugs = list(coalitions_visible_to(user).values_list("slug", flat=True)[:2])
    if len(slugs) == 1:
        return redirect("coalitions:home", slug=slugs[0])
    if slugs or user_has_role(user, Role.COORDINATOR, Role.PARTNER_MEMBER, Role.ORG_ADMIN):
        return redirect("coalitions:list")
    return redirect("home")
