"""The review queue by organization, a recommendation's explanation and decision, bulk
approval of an organization, and the rules that did not fire for it (reviewers and
coordinators see these; only reviewers decide)."""

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException

from metodist import audit
from metodist.review import review as decide
from metodist.web import queue
from metodist.web.deps import (
    CENTRE,
    CsrfChecked,
    DeskDep,
    PageUser,
    can_audit,
    can_decide,
    require,
)
from metodist.web.facts import fact_rows
from metodist.web.pages import moment, page
from models.enums import AddresseeType, Priority, ReviewStatus
from models.russian import date_short
from rules.catalogue import CATALOGUE

router = APIRouter()
DECISIONS = {"approve": "approved", "reject": "rejected"}


def _choice(value: str, allowed: type) -> str:
    return value if value in {m.value for m in allowed} else ""  # type: ignore[attr-defined]


@router.get("/queue")
def organizations(request: Request, desk: DeskDep, user: PageUser) -> Response:
    require(can_audit(user))
    board = queue.dashboard_orgs(desk.url)
    return page(request, "queue.html", orgs=board)


@router.get("/queue/{org_code}")
def org_queue(
    request: Request,
    desk: DeskDep,
    user: PageUser,
    org_code: str,
    rule: str = "",
    priority: str = "",
    status: str = "",
    addressee: str = "",
    after: Annotated[int, Query(ge=0)] = 0,
    done: Annotated[int | None, Query(ge=0)] = None,
) -> Response:
    require(can_audit(user))
    filters = queue.Filters(
        rule=rule.strip().upper()[:8],
        priority=_choice(priority, Priority),
        status=_choice(status, ReviewStatus),
        addressee=_choice(addressee, AddresseeType),
    )
    found = queue.queue_page(desk.url, org_code=org_code, filters=filters, after=after)
    if found is None:
        raise HTTPException(404)
    titles = {rule_id: meta.title for rule_id, meta in CATALOGUE.items()}
    return page(
        request,
        "org_queue.html",
        q=found,
        after=after,
        done=done,
        centre=CENTRE,
        rule_titles=titles,
    )


@router.post("/queue/{org_code}/approve", dependencies=[CsrfChecked])
def approve_organization(
    desk: DeskDep,
    user: PageUser,
    org_code: str,
    read: Annotated[str, Form()] = "",
    comment: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    require(can_decide(user))
    if read != "yes":
        raise HTTPException(422, "Отметьте, что рекомендации организации прочитаны.")
    n = queue.approve_org(desk.url, org_code=org_code, reviewer=user.login, comment=comment.strip())
    return RedirectResponse(f"/queue/{org_code}?done={n}", status_code=303)


@router.get("/queue/{org_code}/silent")
def silent(request: Request, desk: DeskDep, user: PageUser, org_code: str) -> Response:
    require(can_audit(user))
    if org_code == CENTRE:
        raise HTTPException(404)
    rows = audit.silent_rules(desk.url, org=org_code)
    return page(request, "silent.html", org_code=org_code, rows=rows)


def _explained(desk_url: str | None, rec_id: int) -> dict[str, Any]:
    """`metodist explain`'s data, with the review times as the department's clocks show them."""
    x = audit.explain(desk_url, rec_id)
    for event in x["reviews"]:
        event["at_shown"] = moment(datetime.fromisoformat(event["at"])) if event["at"] else "—"
    return x


@router.get("/recommendations/{rec_id}")
def recommendation(request: Request, desk: DeskDep, user: PageUser, rec_id: int) -> Response:
    require(can_audit(user))
    x = _explained(desk.url, rec_id)
    as_of = x["run"]["as_of"]
    return page(
        request,
        "recommendation.html",
        x=x,
        facts=fact_rows(x["firing"]["facts"]),
        cycle_date=date_short(date.fromisoformat(as_of)) if as_of else "—",
    )


@router.post("/recommendations/{rec_id}/decision", dependencies=[CsrfChecked])
def decision(
    request: Request,
    desk: DeskDep,
    user: PageUser,
    rec_id: int,
    decision: Annotated[str, Form()],
    comment: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    require(can_decide(user))
    if decision not in DECISIONS:
        raise HTTPException(422, "Решение — «одобрить» или «отклонить».")
    decide(
        desk.url,
        decision=DECISIONS[decision],  # type: ignore[arg-type]
        rec_id=rec_id,
        comment=comment.strip(),
        reviewer=user.login,
    )
    if request.headers.get("hx-request") == "true":
        # HTMX swaps the decision block in place: the status and the history
        return page(request, "partials/decision.html", x=_explained(desk.url, rec_id))
    return RedirectResponse(f"/recommendations/{rec_id}", status_code=303)
