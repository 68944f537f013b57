"""What a referral may carry (data minimisation, issue 12): the categories each theme's help needs, and
the data category of each field of the V&VN minimum handover set.

A referral sends NEED_CATEGORIES[need] ∩ the categories its basis (consent or legal basis) covers: a
debt-help referral carries no obstetric history. Every referral needs to say who the family is and why
it is referred (identification, handover) and which level was agreed; the rest depends on the theme.
"""

from __future__ import annotations

from types import MappingProxyType

from kansrijk.care.categories import DataCategory as C
from kansrijk.interventions.models import Need as N

_BASE = frozenset({C.IDENTIFICATION, C.HANDOVER, C.LEVEL})

NEED_CATEGORIES: MappingProxyType[str, frozenset[str]] = MappingProxyType(
    {
        N.FINANCIEN: _BASE | {C.SOCIAL},
        N.HUISVESTING: _BASE | {C.SOCIAL},
        N.PSYCHISCH: _BASE | {C.MEDICAL, C.SOCIAL, C.SCREENING},
        N.VERSLAVING: _BASE | {C.MEDICAL, C.SOCIAL},
        N.ROKEN: _BASE | {C.MEDICAL},
        N.HUISELIJK_GEWELD: _BASE | {C.SOCIAL, C.SCREENING},
        N.LAAGGELETTERDHEID: _BASE | {C.SOCIAL},
        N.SOCIAAL_NETWERK: _BASE | {C.SOCIAL},
        N.ONBEDOELDE_ZWANGERSCHAP: _BASE | {C.MEDICAL},
        N.OUDERSCHAP: _BASE | {C.SOCIAL, C.SCREENING},
        N.LVB: _BASE | {C.SOCIAL},
        N.GEZONDHEID: _BASE | {C.MEDICAL, C.SCREENING},
    }
)

# HandoverSet field → the one category it belongs to (issue 11: every field belongs to one).
FIELD_CATEGORY: MappingProxyType[str, str] = MappingProxyType(
    {
        "contacts": C.HANDOVER,
        "health": C.MEDICAL,
        "psychosocial": C.SOCIAL,
        "interventions_used": C.HANDOVER,
        "partner": C.IDENTIFICATION,
        "obstetric": C.MEDICAL,
        "agreements": C.HANDOVER,
    }
)


def categories_to_send(need: str, covered: frozenset[str] | set[str]) -> list[str]:
    """The categories a referral for `need` sends under a basis covering `covered`, in the enum's order."""
    wanted = NEED_CATEGORIES.get(need, _BASE) & set(covered)
    return [c for c in C.values if c in wanted]


def fields_for(categories: list[str] | frozenset[str]) -> list[str]:
    """The handover-set fields a referral sending `categories` may fill and show."""
    return [name for name, category in FIELD_CATEGORY.items() if category in categories]
