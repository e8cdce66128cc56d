"""The JSON API of docs/contract.md "Web API": bearer tokens, the same permissions as the pages.

A school's user gets its own organization's recommendations without their
evidence (the facts a rule matched stay in the audit trail, as in the packet).
"""

from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from sqlmodel import col, select

from metodist.audit import _run as latest_recommendations_run
from metodist.audit import explain, export_row
from metodist.db import session_scope
from metodist.review import review
from metodist.web import accounts, releases
from metodist.web.accounts import User
from metodist.web.deps import ApiUser, DeskDep, can_audit, can_decide, can_release, require
from metodist.web.deps import require_org as require_org_of
from metodist.web.routes.packets import download, visible_release
from models import Recommendation

router = APIRouter(prefix="/api")


class Credentials(BaseModel):
    login: str = Field(max_length=64)
    password: str = Field(max_length=1024)


class Decision(BaseModel):
    decision: Literal["approve", "reject"]
    comment: str = Field(default="", max_length=2000)


@router.post("/login")
def login(body: Credentials, desk: DeskDep) -> Response:
    name = body.login.strip().lower()
    if desk.throttle.locked(name):
        return JSONResponse(
            {"detail": "too many failed logins: wait a minute"},
            status_code=429,
            headers={"Retry-After": str(desk.throttle.retry_after(name))},
        )
    user = accounts.authenticate(desk.url, login=name, password=body.password)
    if user is None:
        desk.throttle.fail(name)
        return JSONResponse({"detail": "wrong login or password"}, status_code=401)
    return JSONResponse({"token": accounts.issue_token(desk.url, user.login)})


def shown(row: dict[str, Any], user: User) -> dict[str, Any]:
    return row if can_audit(user) else row | {"evidence": {}}


@router.get("/recommendations")
def recommendations(
    desk: DeskDep,
    user: ApiUser,
    org: str | None = None,
    rule: str | None = None,
    status: str | None = None,
) -> list[dict[str, Any]]:
    if not can_audit(user):
        org = org or user.org_code
        require_org_of(user, org)
    with session_scope(desk.url) as s:
        run = latest_recommendations_run(s, None)
        query = select(Recommendation).where(col(Recommendation.run_id) == run.id)
        if org:
            query = query.where(col(Recommendation.org_code) == org)
        if rule:
            query = query.where(col(Recommendation.rule_id) == rule.upper())
        if status:
            query = query.where(col(Recommendation.status) == status)
        rows = s.exec(query.order_by(col(Recommendation.id))).all()
        return [shown(export_row(r), user) for r in rows]


@router.post("/recommendations/{rec_id}/decision")
def decide(rec_id: int, body: Decision, desk: DeskDep, user: ApiUser) -> dict[str, Any]:
    require(can_decide(user))
    review(
        desk.url,
        decision="approved" if body.decision == "approve" else "rejected",
        rec_id=rec_id,
        comment=body.comment.strip(),
        reviewer=user.login,
    )
    return explain(desk.url, rec_id)["recommendation"]  # type: ignore[no-any-return]


@router.post("/packets/{org_code}/render")
def render(org_code: str, desk: DeskDep, user: ApiUser) -> dict[str, Any]:
    require(can_release(user))
    release = releases.render_org(desk.url, org_code=org_code, rendered_by=user.login)
    return {"file": Path(release.path).name, "draft": release.draft}


@router.post("/packets/{org_code}/publish")
def publish(org_code: str, desk: DeskDep, user: ApiUser) -> dict[str, Any]:
    require(can_release(user))
    release = releases.publish(desk.url, org_code=org_code, published_by=user.login)
    return {"file": Path(release.path).name, "published": True}


@router.get("/packets/{org_code}")
def packet(org_code: str, desk: DeskDep, user: ApiUser, request: Request) -> Response:
    found = visible_release(desk.url, user, org_code)
    return download(found.path, Path(found.path).name, "application/pdf")
