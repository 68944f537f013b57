"""The care layer's models, one module per part (re-exported here for Django and for `care.models`)."""

from kansrijk.care.models.accesslog import AccessEvent, AccessLogEntry, ChainHead
from kansrijk.care.models.clients import SystemClient
from kansrijk.care.models.consent import (
    HIDDEN_FROM_FAMILY_WHILE_ACTIVE,
    Consent,
    ConsentMethod,
    ConsentText,
    CorrectionRequest,
    CorrectionStatus,
    LegalBasis,
    LegalBasisKind,
)
from kansrijk.care.models.episode import (
    CareRelation,
    Episode,
    EpisodeStage,
    EpisodeStatus,
    Person,
    PersonRole,
    RelationBasis,
    TimelineEvent,
)
from kansrijk.care.models.outbox import MonitorEventKind, OutboxEntry
from kansrijk.care.models.referral import (
    OPEN_STATUSES,
    HandoverSet,
    Referral,
    ReferralOutcome,
    ReferralSide,
    ReferralStatus,
    ReferralTransition,
    WarmHandover,
    WarmHandoverStatus,
)
from kansrijk.care.models.screening import Instrument, LevelDecision, Screening, ScreeningStatus
from kansrijk.care.models.teams import CareTeam, CareTeamMember
from kansrijk.care.models.visit import HomeVisit, VisitStatus

__all__ = [
    "MonitorEventKind",
    "OutboxEntry",
    "SystemClient",
    "WarmHandoverStatus",
    "WarmHandover",
    "ReferralTransition",
    "ReferralStatus",
    "OPEN_STATUSES",
    "ReferralSide",
    "ReferralOutcome",
    "Referral",
    "HandoverSet",
    "HIDDEN_FROM_FAMILY_WHILE_ACTIVE",
    "AccessEvent",
    "AccessLogEntry",
    "CareRelation",
    "CareTeam",
    "CareTeamMember",
    "ChainHead",
    "Consent",
    "ConsentMethod",
    "ConsentText",
    "CorrectionRequest",
    "CorrectionStatus",
    "Episode",
    "EpisodeStage",
    "EpisodeStatus",
    "HomeVisit",
    "Instrument",
    "LegalBasis",
    "LegalBasisKind",
    "LevelDecision",
    "Person",
    "PersonRole",
    "RelationBasis",
    "Screening",
    "ScreeningStatus",
    "TimelineEvent",
    "VisitStatus",
]
