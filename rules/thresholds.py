"""Thresholds of the rule base: one configuration file with documented defaults.

`rules/thresholds.toml` holds the defaults; `load_thresholds(path)` merges a
file of overrides into them key by key (one key is enough). Rules read from a
`Thresholds`, never from literals; which file is in force is the product's
setting (`metodist.config.thresholds`).
"""

import hashlib
import json
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

DEFAULTS_FILE = Path(__file__).with_name("thresholds.toml")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Deficits(_Section):
    critical_below: int = 50
    moderate_below: int = 70


class Pd(_Section):
    period_years: int = 3
    min_course_hours: int = 16


class Mentoring(_Section):
    young_teacher_years: float = 3
    mentor_min_experience: float = 5
    mentor_max_mentees: int = 2


class AttestationRules(_Section):
    reform_date: date = date(2023, 9, 1)
    category_term_years: int = 5
    expiry_window_months: int = 12
    szd_period_years: int = 5
    szd_min_years_in_org: float = 2
    first_to_highest_min_years: float = 0


class Activity(_Section):
    presentation_period_years: int = 3
    competition_period_years: int = 3
    debut_max_experience: float = 5
    leader_min_experience: float = 10


class Burnout(_Section):
    risk_score: int = 70


class School(_Section):
    burnout_share: float = 0.20
    presented_share_min: float = 0.30
    expiring_share: float = 0.20


class Centre(_Section):
    area_critical_share: float = 0.25
    young_share: float = 0.10


class Effectiveness(_Section):
    high: float = 0.75
    medium: float = 0.50
    weights: dict[str, float] = Field(
        default_factory=lambda: {
            "pd_coverage": 1.0,
            "category_share": 1.0,
            "no_critical_share": 1.0,
            "mentored_young_share": 1.0,
            "presented_share": 1.0,
            "staffing": 1.0,
            "no_burnout_share": 1.0,
            "competition_share": 1.0,
        }
    )

    @model_validator(mode="after")
    def _cutoffs_ordered(self) -> "Effectiveness":
        if not 0 <= self.medium <= self.high <= 1:
            raise ValueError("effectiveness cut-offs must satisfy 0 <= medium <= high <= 1")
        if not self.weights or any(w < 0 for w in self.weights.values()):
            raise ValueError("effectiveness weights must be non-negative and not empty")
        return self


class Planning(_Section):
    """The PD plan (seed 003: the plan is formed in Q4 for the next year)."""

    #: at most this many catalogue courses per teacher in one plan year, so that a
    #: teacher's workload stays bearable and scarce seats reach more teachers
    max_courses_per_teacher: int = Field(default=2, ge=1)


class Thresholds(_Section):
    deficits: Deficits = Deficits()
    pd: Pd = Pd()
    mentoring: Mentoring = Mentoring()
    attestation: AttestationRules = AttestationRules()
    activity: Activity = Activity()
    burnout: Burnout = Burnout()
    school: School = School()
    centre: Centre = Centre()
    effectiveness: Effectiveness = Effectiveness()
    planning: Planning = Planning()

    def digest(self) -> str:
        """A short stable hash of every value, part of the rule base's version."""
        blob = json.dumps(self.model_dump(mode="json"), sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:12]


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_thresholds(path: Path | None = None) -> Thresholds:
    """Defaults from thresholds.toml, overridden by the TOML file `path` (None: none)."""
    data = tomllib.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))
    if path is not None:
        data = _merge(data, tomllib.loads(Path(path).read_text(encoding="utf-8")))
    return Thresholds.model_validate(data)
