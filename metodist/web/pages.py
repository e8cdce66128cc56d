"""Pages from the documents' Jinja2 environment, with what every page of the desk shows.

Templates live in `templates/web/`; each page gets the signed-in user, the
session's CSRF token, the labels of the enumerations and the permissions
(decided in `deps`, never in a template).
"""

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse

from metodist.documents.environment import get_environment
from metodist.web import deps
from models import labels
from models.russian import date_short, number, percent, plural

#: the desk prints times as the department's clocks show them
TIMEZONE = ZoneInfo("Europe/Moscow")
LABELS = {
    "priority": labels.PRIORITY,
    "status": labels.REVIEW_STATUS,
    "addressee": labels.ADDRESSEE,
    "stage": labels.STAGE,
    "run_status": labels.RUN_STATUS,
    "role": labels.ROLE,
}


def moment(value: datetime | None) -> str:
    """«01.12.2026 23:05» in the department's time zone; nothing as a dash."""
    if value is None:
        return "—"
    # SQLite gives the stored UTC times back without their zone
    local = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(TIMEZONE)
    return f"{date_short(local)} {local:%H:%M}"


def page(
    request: Request, template: str, *, status_code: int = 200, **variables: Any
) -> HTMLResponse:
    user = getattr(request.state, "user", None)
    html = (
        get_environment()
        .get_template(f"web/{template}")
        .render(
            **variables,
            request_path=request.url.path,
            user=user,
            csrf=getattr(request.state, "csrf", ""),
            L=LABELS,
            can={
                "decide": user is not None and deps.can_decide(user),
                "release": user is not None and deps.can_release(user),
                "audit": user is not None and deps.can_audit(user),
            },
            moment=moment,
            number=number,
            percent=percent,
            plural=plural,
        )
    )
    return HTMLResponse(html, status_code=status_code)
