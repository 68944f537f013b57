"""The tally metrics: how each outbox event kind becomes counts (Contract 2).

A metric is a name, optionally with a category after a colon (`niveau:kwetsbaar`, `verstuurd:financien`);
the first-contact histogram keeps the days in `bucket`. Everything a published indicator needs is a sum
of these metrics, so no event has to be kept.
"""

from __future__ import annotations

from collections.abc import Mapping

MAX_BUCKET = 365  # days from signal to first contact; longer waits count as 365
MAX_CATEGORY = 48

REGISTERED = "aangemeld"
SCREENED = "gescreend"
LEVEL = "niveau"  # niveau:<level>
VULNERABLE = "niveau_kwetsbaar"  # derived when publishing: kwetsbaar + zeer kwetsbaar
VULNERABLE_LEVELS = ("kwetsbaar", "zeer_kwetsbaar")
SENT = "verstuurd"  # verstuurd:<theme>
SENT_CONSENT = "verstuurd_toestemming"
ACCEPTED = "geaccepteerd"
ACCEPTED_ON_TIME = "geaccepteerd_op_tijd"
ACCEPTED_LATE = "geaccepteerd_te_laat"
FIRST_CONTACT = "eerste_contact"  # bucket = days
FIRST_CONTACT_WARM = "eerste_contact_warm"
PREGNANCY_ENDED = "zwangerschap_afgerond"
PREGNANCY_NO_JGZ = "zwangerschap_zonder_jgz"
VISIT_OFFERED = "huisbezoek_aangeboden"
VISIT_RESOLVED = "huisbezoek_afgerond"
VISIT_HELD = "huisbezoek_gehouden"

UNKNOWN = "onbekend"

# Outbox event kinds (care.models.outbox.MonitorEventKind values; the contract between the two apps).
KIND_REGISTERED = "gezin_aangemeld"
KIND_SCREENED = "gezin_gescreend"
KIND_LEVEL = "niveau_besloten"
KIND_SENT = "verwijzing_verstuurd"
KIND_ACCEPTED = "verwijzing_geaccepteerd"
KIND_FIRST_CONTACT = "eerste_contact"
KIND_PREGNANCY_ENDED = "zwangerschap_afgerond"
KIND_VISIT_OFFERED = "huisbezoek_aangeboden"
KIND_VISIT_RESOLVED = "huisbezoek_afgerond"


def category(value: object) -> str:
    """A category from an event attribute: a short slug-like text, `onbekend` when missing."""
    text = str(value).strip().lower() if value not in (None, "") else UNKNOWN
    return "".join(c for c in text if c.isalnum() or c in "_-")[:MAX_CATEGORY] or UNKNOWN


def days_bucket(value: object) -> int:
    try:
        days = int(value)  # type: ignore[call-overload]  # attrs are JSON: an int, or junk we clamp
    except (TypeError, ValueError):
        return 0
    return min(max(days, 0), MAX_BUCKET)


def increments(kind: str, attrs: Mapping[str, object]) -> list[tuple[str, int]]:
    """(metric, bucket) pairs one event adds 1 to; [] for a kind the monitor does not count."""
    if kind == KIND_REGISTERED:
        return [(REGISTERED, 0)]
    if kind == KIND_SCREENED:
        return [(SCREENED, 0)]
    if kind == KIND_LEVEL:
        return [(f"{LEVEL}:{category(attrs.get('niveau'))}", 0)]
    if kind == KIND_SENT:
        out = [(f"{SENT}:{category(attrs.get('thema'))}", 0)]
        if attrs.get("toestemming") is True:
            out.append((SENT_CONSENT, 0))
        return out
    if kind == KIND_ACCEPTED:
        out = [(ACCEPTED, 0)]
        on_time = attrs.get("op_tijd")
        if on_time is True:
            out.append((ACCEPTED_ON_TIME, 0))
        elif on_time is False:
            out.append((ACCEPTED_LATE, 0))
        return out
    if kind == KIND_FIRST_CONTACT:
        out = [(FIRST_CONTACT, days_bucket(attrs.get("dagen")))]
        if attrs.get("warm") is True:
            out.append((FIRST_CONTACT_WARM, 0))
        return out
    if kind == KIND_PREGNANCY_ENDED:
        out = [(PREGNANCY_ENDED, 0)]
        if attrs.get("jgz") is not True:
            out.append((PREGNANCY_NO_JGZ, 0))
        return out
    if kind == KIND_VISIT_OFFERED:
        return [(VISIT_OFFERED, 0)]
    if kind == KIND_VISIT_RESOLVED:
        out = [(VISIT_RESOLVED, 0)]
        if attrs.get("gehouden") is True:
            out.append((VISIT_HELD, 0))
        return out
    return []
