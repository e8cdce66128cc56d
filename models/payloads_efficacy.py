"""The efficacy payload of the monitoring stage: did the courses close the deficits.

Part of `models.payloads` (same codec, same rules), kept in its own module
because that one is at the size limit. Written by `metodist.analysis.efficacy`,
read by the efficacy report, the export and the centre's rule M08.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from models.payload_codec import Payload


@dataclass(frozen=True)
class Comparison(Payload):
    """A group's mean change of score against the comparison group's, with its interval.

    `difference`, `low` and `high` are None when either group is below the
    minimum size (`verdict` is then `too_few`); `EfficacyVerdict` names the verdicts.
    """

    treated: int = 0
    treated_change: float | None = None
    comparison: int = 0
    comparison_change: float | None = None
    difference: float | None = None
    low: float | None = None
    high: float | None = None
    verdict: str = "too_few"


@dataclass(frozen=True)
class CourseEfficacy(Payload):
    """One course (catalogue code, else its title) of one provider, in one area."""

    key: str
    title: str
    area: str
    code: str | None = None
    provider: str | None = None
    result: Comparison = field(default_factory=Comparison)


@dataclass(frozen=True)
class EfficacyMethod(Payload):
    """The settings a run used (`[efficacy]` of rules/thresholds.toml)."""

    min_days_after: int = 90
    max_span_days: int = 730
    min_group: int = 5
    interval: float = 0.90
    bootstrap_draws: int = 2000
    seed: int = 2026


@dataclass(frozen=True)
class EfficacySummary(Payload):
    """The municipality's efficacy of courses: by area and by course and provider."""

    KIND: ClassVar[str] = "efficacy_summary"
    year: int = 0
    as_of: date | None = None
    method: EfficacyMethod = field(default_factory=EfficacyMethod)
    #: teachers × areas with a diagnostic before a course and one after it
    treated: int = 0
    #: teachers × areas diagnosed twice with no course in the area between
    comparison: int = 0
    by_area: dict[str, Comparison] = field(default_factory=dict)
    courses: tuple[CourseEfficacy, ...] = ()
