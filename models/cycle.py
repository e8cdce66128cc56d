"""Tables for what the cycle produces: runs, recommendations, the audit trail, plan, indicators.

Every result row points at the `CycleRun` that made it. A re-run of a stage
writes a new run and, once it has completed, removes the results of the
stage's earlier runs for the same year, so a cycle never holds duplicates.
"""

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, text
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


def _tz_column(nullable: bool = True) -> Any:
    return Column(DateTime(timezone=True), nullable=nullable)


#: status of a run under way; at most one per (year, stage), see `RUNNING_INDEX`
RUNNING = "running"
#: the unique partial index that is the per-(year, stage) lock of a stage run
RUNNING_INDEX = "uq_cycle_run_running"
_ONLY_RUNNING = text(f"status = '{RUNNING}'")


class CycleRun(SQLModel, table=True):
    """One run of one stage of the yearly cycle; `pid` and `host` say which process runs it."""

    __tablename__ = "cycle_run"
    __table_args__ = (
        Index(
            RUNNING_INDEX,
            "year",
            "stage",
            unique=True,
            sqlite_where=_ONLY_RUNNING,
            postgresql_where=_ONLY_RUNNING,
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    as_of: date
    stage: str = Field(index=True)
    status: str = Field(default=RUNNING, index=True)
    started_at: datetime = Field(default_factory=utcnow, sa_column=_tz_column(nullable=False))
    finished_at: datetime | None = Field(default=None, sa_column=_tz_column())
    duration_s: float | None = None
    flow_run_id: str | None = Field(default=None, index=True)
    rulebase_version: str | None = None
    summary: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    error: str | None = None
    pid: int | None = None
    host: str | None = None


class Recommendation(SQLModel, table=True):
    """An addressed recommendation (the docs/contract.md export fields)."""

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="cycle_run.id", ondelete="CASCADE", index=True)
    year: int = Field(index=True)
    rule_id: str = Field(index=True, max_length=8)
    addressee_type: str
    addressee_code: str = Field(index=True)
    org_code: str | None = Field(default=None, index=True)
    priority: str = "normal"
    title: str
    text: str
    evidence: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="proposed", index=True)


class ReviewEvent(SQLModel, table=True):
    """A reviewer's decision on a recommendation, or a re-run's note on it: the audit trail.

    A re-run of the recommendations stage moves the history of a recommendation
    that came back onto the new one (`recommendation_id`); the history of one
    that did not come back stays, `recommendation_id` unset, found by
    `origin_id` (the recommendation it was made on) and the rule and addressee.
    `run_id` is the recommendations run the event belongs to (no foreign key:
    the history outlives the run).
    """

    __tablename__ = "review_event"
    id: int | None = Field(default=None, primary_key=True)
    recommendation_id: int | None = Field(
        default=None, foreign_key="recommendation.id", ondelete="SET NULL", index=True
    )
    status: str
    comment: str = ""
    reviewer: str = ""
    at: datetime = Field(default_factory=utcnow, sa_column=_tz_column(nullable=False))
    origin_id: int | None = Field(default=None, index=True)
    run_id: int | None = None
    year: int | None = None
    rule_id: str | None = Field(default=None, max_length=8)
    addressee_code: str | None = None


class RuleFiring(SQLModel, table=True):
    """One firing of one rule: the audit trail a reviewer follows."""

    __tablename__ = "rule_firing"
    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="cycle_run.id", ondelete="CASCADE", index=True)
    rule_id: str = Field(index=True, max_length=8)
    rulebase_version: str
    org_code: str | None = Field(default=None, index=True)
    addressee_code: str = Field(index=True)
    facts: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    recommendation_id: int | None = Field(
        default=None, foreign_key="recommendation.id", ondelete="SET NULL", index=True
    )


class PlanEntry(SQLModel, table=True):
    """A teacher placed on a catalogue course in next year's PD plan."""

    __tablename__ = "plan_entry"
    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="cycle_run.id", ondelete="CASCADE", index=True)
    year: int = Field(index=True)
    teacher_code: str = Field(index=True)
    org_code: str = Field(index=True)
    course_code: str | None = Field(default=None, index=True)
    area: str | None = None
    quarter: int | None = None
    hours: int | None = None
    reason: str  # critical_deficit / pd_overdue / request
    placed: bool = True


class OrgIndicator(SQLModel, table=True):
    """Monitoring indicators of one organization in one cycle, and its effectiveness group."""

    __tablename__ = "org_indicator"
    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="cycle_run.id", ondelete="CASCADE", index=True)
    year: int = Field(index=True)
    org_code: str = Field(index=True)
    indicators: dict[str, float] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    composite: float
    group: str


class StageOutput(SQLModel, table=True):
    """A stage's summary for the coordinator (requests summary, deficit profile, ...), as JSON."""

    __tablename__ = "stage_output"
    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="cycle_run.id", ondelete="CASCADE", index=True)
    kind: str = Field(index=True)
    org_code: str | None = Field(default=None, index=True)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
