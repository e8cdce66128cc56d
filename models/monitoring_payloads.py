"""The monitoring stage's payload (`monitoring_summary`), re-exported by `models.payloads`.

Averages are taken within each kind of organization (school / preschool /
additional) as well as over all; an indicator an organization has no data for
is named in its line (`left_out`), never stored as a value.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from models.payload_codec import Payload


@dataclass(frozen=True)
class MonitoringMethod(Payload):
    """The method as the run applied it: weights and group cut-offs, definitions, text."""

    indicators: tuple[str, ...] = ()
    definitions: dict[str, str] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)
    high: float = 0.0
    medium: float = 0.0
    text: str = ""


@dataclass(frozen=True)
class SchoolMonitoring(Payload):
    org_name: str = ""
    kind: str = ""
    teachers: int = 0
    composite: float = 0.0
    group: str = ""
    #: indicators without data, left out of this organization's composite
    left_out: tuple[str, ...] = ()
    #: place among the organizations of its kind by composite (1 = highest); 0 = none
    rank_in_kind: int = 0


@dataclass(frozen=True)
class MonitoringSummary(Payload):
    """The municipal monitoring summary: averages, group counts, a line per school, method."""

    KIND: ClassVar[str] = "monitoring_summary"
    year: int = 0
    as_of: date | None = None
    orgs: int = 0
    teachers: int = 0
    average: dict[str, float] = field(default_factory=dict)
    #: kind of organization -> the averages over the organizations of that kind
    average_by_kind: dict[str, dict[str, float]] = field(default_factory=dict)
    groups: dict[str, int] = field(default_factory=dict)
    #: kind -> group -> organizations
    groups_by_kind: dict[str, dict[str, int]] = field(default_factory=dict)
    orgs_without_teachers: tuple[str, ...] = ()
    method: MonitoringMethod = field(default_factory=MonitoringMethod)
    by_org: dict[str, SchoolMonitoring] = field(default_factory=dict)
