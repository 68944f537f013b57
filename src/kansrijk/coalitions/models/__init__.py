"""Coalition layer models. The layer holds no personal data of families (design.md §2)."""

from kansrijk.coalitions.models.agreements import Agreement, AgreementLevel, GoodPractice, PracticeTheme
from kansrijk.coalitions.models.coalition import (
    Coalition,
    CoalitionPartner,
    CoalitionStatus,
    Invitation,
    Participation,
    ParticipationRole,
    PartnerLevel,
    PartnerStatus,
)
from kansrijk.coalitions.models.plan import Action, ActionStatus, Ambition, Goal
from kansrijk.coalitions.models.zelfscan import (
    SCALE_MAX,
    SCALE_MIN,
    Questionnaire,
    Statement,
    ZelfscanAnswer,
    ZelfscanComparisonSnapshot,
    ZelfscanResponse,
    ZelfscanRound,
    ZelfscanTheme,
)

__all__ = [
    "SCALE_MAX",
    "SCALE_MIN",
    "Action",
    "ActionStatus",
    "Agreement",
    "AgreementLevel",
    "Ambition",
    "Coalition",
    "CoalitionPartner",
    "CoalitionStatus",
    "Goal",
    "GoodPractice",
    "Invitation",
    "Participation",
    "ParticipationRole",
    "PartnerLevel",
    "PartnerStatus",
    "PracticeTheme",
    "Questionnaire",
    "Statement",
    "ZelfscanAnswer",
    "ZelfscanComparisonSnapshot",
    "ZelfscanResponse",
    "ZelfscanRound",
    "ZelfscanTheme",
]
