"""The worklists in the role × action matrix and the log coverage (issue 12, "Done means"): every
worklist URL pattern for every persona of tests/care/test_matrix.py — professionals get their own team's
lists (200), everyone else a 404 (the login page when anonymous), a POST is refused (405) — and every list
page that answers writes exactly one search entry; names appear only for who may see them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kansrijk.care.models import AccessEvent, AccessLogEntry, LevelDecision, Referral
from kansrijk.care.paths import worklists as worklist_paths
from tests.care.personas import CareCast
from tests.care.referral_helpers import sent_referral
from tests.care.test_matrix import LOGIN, NAMES, PERSONAS, PROFESSIONALS, _setup, _status, _user

pytestmark = pytest.mark.django_db

# Who may see the Reuring family's names in a list: its own team, the nurse through consent (names and
# level), and the social team the midwife referred the family to (identification was sent).
SEES_NAMES = {"midwife", "nurse_consent", "social_worker"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_worklist_matrix_and_log_coverage(client: Client, care: CareCast, persona: str) -> None:
    _setup(care, persona)
    referral = sent_referral(care)  # midwife → social team "Wijk"
    Referral.objects.filter(pk=referral.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    LevelDecision.objects.create(
        episode=care.family, proposed_level="kwetsbaar", level="kwetsbaar", decided_with_client=True,
        organisation=care.midwifery, decided_by=care.midwife, reassess_on=timezone.localdate(),
    )  # fmt: skip
    if persona != "anonymous":
        client.force_login(_user(care, persona))
    failures: list[str] = []
    for pattern in worklist_paths.urlpatterns:
        name = str(pattern.name)
        url = reverse(f"care:{name}")
        before = AccessLogEntry.objects.filter(event=AccessEvent.SEARCH).count()
        response = client.get(url)
        got = _status(response)
        if persona in PROFESSIONALS:
            expected: int | str = 302 if name == "worklists" else 200
        else:
            expected = LOGIN if persona == "anonymous" else 404
        if got != expected:
            failures.append(f"GET {name} as {persona}: expected {expected}, got {got}")
        written = AccessLogEntry.objects.filter(event=AccessEvent.SEARCH).count() - before
        if written != (1 if got == 200 else 0):
            failures.append(f"GET {name} as {persona}: {written} search entries")
        if persona not in SEES_NAMES and NAMES.search(response.content.decode()):
            failures.append(f"GET {name} as {persona}: the family's names in the response")
        if client.post(url).status_code != 405:
            failures.append(f"POST {name} as {persona}: not refused")
    assert not failures, "\n".join(failures)
