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

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from models.labels import COMPETITION

DEFAULTS_FILE = Path(__file__).with_name("thresholds.toml")


class ThresholdsError(ValueError):
    """A thresholds file that cannot be used, said in one line: file, key, value, expected."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Deficits(_Section):
    critical_below: int = 50
    moderate_below: int = 70


class Pd(_Section):
    period_years: int = 3
    min_course_hours: int = 16
    #: T03: teachers with less experience are still within their first PD period
    newcomer_years: float = 3


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
    #: T05: apply this many days before the category expires (30 + 60 days, order 196)
    apply_days_before_expiry: int = Field(default=90, ge=0)
    #: order 196: no СЗД earlier than this after a return from maternity / childcare leave
    szd_years_after_childcare: float = 2
    #: order 196: no СЗД earlier than this after a return from an absence through illness
    szd_years_after_illness: float = 1


class Activity(_Section):
    presentation_period_years: int = 3
    competition_period_years: int = 3
    debut_max_experience: float = 5
    leader_min_experience: float = 10
    #: T12: reserve candidates per organization, the strongest first
    reserve_per_org: int = Field(default=2, ge=0)
    #: T15: presentations in the presentation period for «педагог-методист»
    methodist_min_presentations: int = Field(default=2, ge=1)
    #: T11: the competition of a position (`models.positions`), per kind of organization;
    #: "*" is any kind; a position with no entry gets no T11
    competitions: dict[str, dict[str, str]] = Field(
        default_factory=lambda: {
            "*": {
                "учитель": COMPETITION["teacher_of_year"],
                "воспитатель": COMPETITION["educator_of_year"],
                "педагог дополнительного образования": COMPETITION["heart_to_children"],
                "педагог-психолог": COMPETITION["psychologist"],
            }
        }
    )


class Burnout(_Section):
    risk_score: int = 70


class School(_Section):
    burnout_share: float = 0.20
    presented_share_min: float = 0.30
    expiring_share: float = 0.20
    event_min_participants: float = Field(default=8, gt=0)
    older_age: int = Field(default=60, ge=18)
    older_share: float = Field(default=0.25, ge=0, le=1)


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


class Efficacy(_Section):
    """Efficacy of courses: before/after diagnostics against a comparison group (M08)."""

    min_days_after: int = Field(default=90, ge=0)
    max_span_days: int = Field(default=730, ge=1)
    min_group: int = Field(default=5, ge=2)
    interval: float = Field(default=0.90, gt=0, lt=1)
    bootstrap_draws: int = Field(default=2000, ge=100)
    seed: int = 2026


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
    efficacy: Efficacy = Efficacy()

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


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ThresholdsError(
            f"{path}: no such file (expected a TOML file of thresholds)"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ThresholdsError(f"{path}: cannot be read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ThresholdsError(f"{path}: not valid TOML ({exc})") from None


def _has_key(data: dict[str, Any], loc: tuple[Any, ...]) -> bool:
    for key in loc:
        if not isinstance(data, dict) or key not in data:
            return False
        data = data[key]
    return True


def _error_line(error: Any, override: dict[str, Any], path: Path | None) -> str:
    """One pydantic error as `file: [section] key = value: expected …`."""
    loc = tuple(error["loc"])
    source = path if path is not None and _has_key(override, loc) else DEFAULTS_FILE
    if len(loc) > 1:
        where = f"[{loc[0]}] {'.'.join(str(k) for k in loc[1:])}"
    else:
        where = f"[{loc[0]}]" if loc else "the file"
    if error["type"] == "extra_forbidden":
        return f"{source}: {where} is not a known threshold (check its name and its table)"
    message = str(error["msg"]).removeprefix("Value error, ")
    expected = message.removeprefix("Input should be ")
    if expected != message:
        return f"{source}: {where} = {error['input']!r}: expected {expected}"
    return f"{source}: {where}: {message}"


def load_thresholds(path: Path | None = None) -> Thresholds:
    """Defaults from thresholds.toml, overridden by the TOML file `path` (None: none).

    A file that cannot be used raises `ThresholdsError` naming the file, the
    key, the value found and what was expected.
    """
    data = _read(DEFAULTS_FILE)
    override = _read(Path(path)) if path is not None else {}
    try:
        return Thresholds.model_validate(_merge(data, override))
    except ValidationError as exc:
        lines = [_error_line(e, override, path) for e in exc.errors()]
        raise ThresholdsError("; ".join(lines)) from None
