"""Checks and defaults that read several cells of one row (cells alone are `cells.py`'s job).

An absence's end needs its reason. An event's `level` and `mode`, when
empty, follow from its host and form (`models.inputs.default_event_level`,
`default_event_mode`); a mode on anything but a consultation is an error
rather than silently dropped, since the events export counts modes. Derived
values go into the parsed columns without a header, so a file that lacks the
column leaves rows already stored as they are (see `load.py`).
"""

from metodist.importing.issues import ImportIssue
from metodist.importing.parsed import ParsedTable
from models.enums import EventForm
from models.inputs import default_event_level, default_event_mode


def check_rows(parsed: ParsedTable, issues: list[ImportIssue]) -> None:
    """The cross-cell checks and defaults of the table, if it has any."""
    if parsed.spec.name == "teachers":
        _end_needs_reason(parsed, issues)
    elif parsed.spec.name == "events":
        _event_level_and_mode(parsed, issues)


def _end_needs_reason(parsed: ParsedTable, issues: list[ImportIssue]) -> None:
    ends = parsed.columns.get("exempt_until")
    if ends is None:
        return
    reasons = parsed.columns.get("exempt") or [None] * len(ends)
    reason_head = parsed.headers.get("exempt", parsed.spec.column("exempt").label)
    for pos, (end, reason) in enumerate(zip(ends, reasons, strict=True)):
        if end is not None and reason is None:
            issues.append(
                ImportIssue(
                    parsed.source,
                    parsed.rownums[pos],
                    parsed.headers["exempt_until"],
                    end.isoformat(),
                    f'an empty cell, or the reason of the absence in "{reason_head}" (exempt)',
                    "exempt_until",
                )
            )


def _event_level_and_mode(parsed: ParsedTable, issues: list[ImportIssue]) -> None:
    n = len(parsed)
    hosts = parsed.columns.get("org_code") or [None] * n
    forms = parsed.columns.get("form") or [None] * n
    levels = parsed.columns.get("level") or [None] * n
    parsed.columns["level"] = [
        default_event_level(host) if level is None else level
        for host, level in zip(hosts, levels, strict=True)
    ]
    modes = parsed.columns.get("mode") or [None] * n
    for pos, (form, mode) in enumerate(zip(forms, modes, strict=True)):
        if mode is not None and form is not None and form != EventForm.consultation:
            issues.append(
                ImportIssue(
                    parsed.source,
                    parsed.rownums[pos],
                    parsed.headers["mode"],
                    mode,
                    "an empty cell: a mode is given for consultations only",
                    "mode",
                )
            )
    parsed.columns["mode"] = [
        default_event_mode(form) if mode is None else mode
        for form, mode in zip(forms, modes, strict=True)
    ]
