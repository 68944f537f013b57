"""Log coverage of the referral pages (issue 12, NEN 7513; the pattern of tests/care/test_log_coverage.py):
every GET and POST of every referral pattern, as the persona that may use it, answers 200/302/422 and
writes at least one access-log entry for the family — the page's read, the service's write, or both.

The walk follows the loop: the midwife opens the proposals, sends an invalid form, saves a concept, fills
the handover set and sends it; the social team opens it (received), plans the joint contact, accepts,
sends an invalid move and records the first contact. A new referral pattern that is not walked fails
`test_every_referral_pattern_is_exercised`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kansrijk.care.models import AccessLogEntry, Referral
from kansrijk.care.paths import referrals as referral_paths
from tests.care.personas import CareCast
from tests.care.test_referral_pages import _choice, ready

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Step:
    name: str
    persona: str
    method: str = "GET"
    data: dict[str, Any] = field(default_factory=dict)


def _steps(care: CareCast) -> list[Step]:
    """`{v}` in a value is replaced by the referral's current version when the step runs."""
    today = timezone.localdate().isoformat()
    return [
        Step("referral_new", "midwife"),
        Step("referral_new", "midwife", "POST", {"matrix": "1"}),  # invalid: shown again (422)
        Step(
            "referral_new",
            "midwife",
            "POST",
            {"choice": _choice(care), "reason": "Schulden.", "concept": "1"},
        ),
        Step("referral", "midwife"),
        Step(
            "referral_handover",
            "midwife",
            "POST",
            {"overdracht-version": "{v}", "overdracht-psychosocial": "Schulden."},
        ),
        Step("referral_handover", "midwife", "POST", {"matrix": "1"}),  # invalid: shown again
        Step("referral_move", "midwife", "POST", {"naar": "verstuurd", "zet-verstuurd-version": "{v}"}),
        Step("referral", "social_worker"),  # received on opening
        Step(
            "referral_warm",
            "social_worker",
            "POST",
            {"warm-version": "{v}", "warm-status": "gepland", "warm-planned_on": today},
        ),
        Step("referral_warm", "social_worker", "POST", {"matrix": "1"}),  # invalid: shown again
        Step(
            "referral_move",
            "social_worker",
            "POST",
            {"naar": "geaccepteerd", "zet-geaccepteerd-version": "{v}"},
        ),
        Step("referral_move", "social_worker", "POST", {"matrix": "1"}),  # no move named: shown again
        Step(
            "referral_move",
            "social_worker",
            "POST",
            {
                "naar": "eerste_contact",
                "zet-eerste_contact-version": "{v}",
                "zet-eerste_contact-first_contact_on": today,
            },
        ),
        Step("referral", "midwife"),  # the feedback
    ]


# The referral patterns this walk exercises (for the care-wide check in tests/care/test_log_coverage.py).
EXERCISED = {"referral_new", "referral", "referral_move", "referral_handover", "referral_warm"}


def test_every_referral_pattern_is_exercised() -> None:
    assert {p.name for p in referral_paths.urlpatterns} == EXERCISED


def test_every_referral_page_writes_an_access_log_entry(client: Client, care: CareCast) -> None:
    ready(care)
    walked = set()
    missing: list[str] = []
    for step in _steps(care):
        client.force_login(getattr(care, step.persona))
        made = Referral.objects.filter(episode=care.family).first()
        args: list[Any] = [care.family.public_id]
        if step.name != "referral_new":
            assert made is not None
            args.append(made.public_id)
        url = reverse(f"care:{step.name}", args=args)
        data = {k: (str(made.version) if v == "{v}" and made else v) for k, v in step.data.items()}
        before = AccessLogEntry.objects.filter(episode_id=care.family.public_id).count()
        response = client.get(url) if step.method == "GET" else client.post(url, data)
        where = f"{step.method} {step.name} as {step.persona}"
        assert response.status_code in (200, 302, 422), f"{where}: not exercised ({response.status_code})"
        if AccessLogEntry.objects.filter(episode_id=care.family.public_id).count() == before:
            missing.append(f"{where} ({response.status_code}) wrote no access-log entry")
        walked.add(step.name)
    assert not missing, "\n".join(missing)
    assert walked == EXERCISED
    made = Referral.objects.get(episode=care.family)
    assert made.status == "eerste_contact" and made.warm_handover.status == "gepland"
