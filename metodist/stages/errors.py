"""The one error a stage run reports, how any failure becomes it, and which are worth a retry."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

#: characters of an error message the one-line failure keeps (the run's `error` keeps more)
MESSAGE_CHARS = 300


class StageFailed(Exception):
    """A stage run failed; its earlier results stay in place.

    `school` is the organization the failure is known to concern (None when
    it is not known); `message` says what went wrong in one line, so the CLI
    prints `str(exc)` and exits non-zero.
    """

    def __init__(self, stage: str, message: str, *, school: str | None = None) -> None:
        super().__init__(stage, message, school)
        self.stage = stage
        self.message = message
        self.school = school

    def __reduce__(self) -> tuple[Any, ...]:
        # keyword-only `school` would otherwise be lost crossing a process (Dask, pickling)
        return (_rebuild, (self.stage, self.message, self.school))

    def __str__(self) -> str:
        where = f" (school {self.school})" if self.school else ""
        return f"stage {self.stage} failed{where}: {self.message}"


def _rebuild(stage: str, message: str, school: str | None) -> StageFailed:
    return StageFailed(stage, message, school=school)


def as_stage_failed(
    stage: str, exc: BaseException, org_codes: Sequence[str] | None = None
) -> StageFailed:
    """`exc` as one line, with the school it concerns if known (`org_codes`: its chunk)."""
    if isinstance(exc, StageFailed):
        return exc
    school = getattr(exc, "org_code", None) or getattr(exc, "school", None)
    message = _one_line(f"{type(exc).__name__}: {exc}").rstrip(":")
    if not school and org_codes:
        if len(org_codes) == 1:
            school = org_codes[0]
        else:
            message += f" (in the chunk of organizations {org_codes[0]}…{org_codes[-1]})"
    return StageFailed(stage, message, school=school)


def failure_record(failure: StageFailed, exc: BaseException) -> str:
    """What a failed run records: the one line, and the root error in full if the line cut it."""
    root = exc.__cause__ if isinstance(exc, StageFailed) and exc.__cause__ else exc
    detail = f"{type(root).__name__}: {root}"
    return str(failure) if detail in str(failure) else f"{failure}\n{detail}"


def _one_line(text: str) -> str:
    """A message for one terminal line: SQLAlchemy's statement and parameters dropped, cut."""
    text = " ".join(text.split()).split(" [SQL: ", 1)[0]
    return text if len(text) <= MESSAGE_CHARS else text[: MESSAGE_CHARS - 1] + "…"


def is_transient_db_error(exc: BaseException | None) -> bool:
    """True for errors a retry can cure: a lost connection, a locked or restarting database.

    SQLAlchemy's `OperationalError` covers a refused or dropped connection,
    PostgreSQL restarting and SQLite's "database is locked"; a `DBAPIError`
    counts only when SQLAlchemy says the connection was invalidated. psycopg's
    own `OperationalError` may surface unwrapped. Anything else (integrity
    errors, bugs, bad data) fails at once, since a retry would repeat it.
    The exception's cause chain is searched, so a stage service may wrap it.
    """
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.exc import OperationalError as SAOperationalError

    try:
        from psycopg import OperationalError as PsycopgOperationalError
    except ImportError:  # pragma: no cover - psycopg is a dependency
        PsycopgOperationalError = SAOperationalError  # type: ignore[misc,assignment]

    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, SAOperationalError | PsycopgOperationalError):
            return True
        if isinstance(exc, DBAPIError) and exc.connection_invalidated:
            return True
        exc = exc.__cause__ or exc.__context__
    return False


class PrerequisiteMissing(RuntimeError):
    """A stage whose results the rules or a document read has no completed run for the year;
    the message names the command to run first."""
