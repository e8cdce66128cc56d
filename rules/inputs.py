"""What the rule adapter accepts, typed by shape (Protocols).

The monitoring, planning and mentor-matching results of the analyses can be
passed as they are, or rebuilt from stored rows: the rules see only these
properties, so they need not import the code that computes them.
"""

from collections.abc import Mapping
from typing import Protocol


class IndicatorsLike(Protocol):
    """`metodist.analysis.indicators.OrgIndicators`, or the stored `OrgIndicator` row."""

    @property
    def values(self) -> Mapping[str, float]: ...
    @property
    def composite(self) -> float: ...
    @property
    def group(self) -> str: ...


class _PlanLine(Protocol):
    """What placed and unplaced plan lines share: whose, for which area, and why."""

    @property
    def teacher_code(self) -> str: ...
    @property
    def area(self) -> str | None: ...
    @property
    def reason(self) -> str: ...


class PlacementLike(_PlanLine, Protocol):
    """`metodist.analysis.placement.Placement`, or a placed `PlanEntry` with its course."""

    @property
    def course_code(self) -> str: ...
    @property
    def course_title(self) -> str: ...
    @property
    def quarter(self) -> int | None: ...
    @property
    def hours(self) -> int | None: ...


class UnplacedLike(_PlanLine, Protocol):
    """`metodist.analysis.placement.Unplaced`, or an unplaced `PlanEntry`."""

    @property
    def topic(self) -> str: ...


class MentorMatchLike(Protocol):
    """`metodist.analysis.mentors.MentorMatch`."""

    @property
    def mentee_code(self) -> str: ...
    @property
    def mentor_code(self) -> str | None: ...
    @property
    def mentor_name(self) -> str | None: ...
    @property
    def shared_subjects(self) -> tuple[str, ...]: ...
    @property
    def reason(self) -> str: ...
