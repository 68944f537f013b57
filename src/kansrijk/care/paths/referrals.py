"""Care URL patterns: referrals (issue 12) — a new referral along the klantroute, one referral's page,
and its writes (a move in the loop, the handover set, the warm handover)."""

from __future__ import annotations

from django.urls import URLPattern, path

from kansrijk.care.views import referrals

_R = "gezinnen/<uuid:public_id>/verwijzingen/"
_ONE = _R + "<uuid:referral_id>/"

urlpatterns: list[URLPattern] = [
    path(_R + "nieuw/", referrals.referral_new_view, name="referral_new"),
    path(_ONE, referrals.referral_view, name="referral"),
    path(_ONE + "stap/", referrals.referral_move_view, name="referral_move"),
    path(_ONE + "overdracht/", referrals.referral_handover_view, name="referral_handover"),
    path(_ONE + "warme-overdracht/", referrals.referral_warm_view, name="referral_warm"),
]
