"""The data model: input tables (docs/contract.md), what the cycle produces, and the profiles
of organizations and teachers the analyses and the rules read (`models.profile`)."""

from models.cycle import (
    CycleRun,
    OrgIndicator,
    PlanEntry,
    Recommendation,
    ReviewEvent,
    RuleFiring,
    StageOutput,
)
from models.inputs import (
    Attestation,
    CatalogueCourse,
    CompetitionEntry,
    CourseRequest,
    Diagnostic,
    MethodEvent,
    Organization,
    PdCourseDone,
    Teacher,
)

__all__ = [
    "Attestation",
    "CatalogueCourse",
    "CompetitionEntry",
    "CourseRequest",
    "CycleRun",
    "Diagnostic",
    "MethodEvent",
    "OrgIndicator",
    "Organization",
    "PdCourseDone",
    "PlanEntry",
    "Recommendation",
    "ReviewEvent",
    "RuleFiring",
    "StageOutput",
    "Teacher",
]
