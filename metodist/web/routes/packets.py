"""Packets: render an organization's packet now, publish it, download it and the routes.

Reviewers and coordinators see the latest rendered packet; a school's users
see only the latest published one of their own organization.
"""

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from metodist.web import queue, releases
from metodist.web.accounts import User
from metodist.web.deps import (
    CsrfChecked,
    DeskDep,
    PageUser,
    can_release,
    require,
    require_org,
)
from metodist.web.pages import page
from models import PacketRelease

router = APIRouter()


def visible_release(url: str | None, user: User, org_code: str) -> PacketRelease:
    """The packet this user may download for `org_code`, or a refusal (403, 404)."""
    require_org(user, org_code)
    found = releases.latest(url, org_code=org_code, published=not can_release(user))
    if found is None:
        raise releases.ReleaseError(f"no packet of {org_code!r} to download yet")
    return found


def download(path: str, name: str, media_type: str) -> FileResponse:
    file = releases.existing_file(path)
    return FileResponse(file, media_type=media_type, filename=name or Path(path).name)


@router.get("/packets")
def packets(request: Request, desk: DeskDep, user: PageUser) -> Response:
    if not can_release(user):
        return RedirectResponse(f"/packets/{user.org_code}", status_code=303)
    orgs = [o for o in queue.dashboard_orgs(desk.url) if o.code != queue.CENTRE]
    latest = releases.latest_by_org(desk.url, published=False)
    return page(request, "packets.html", orgs=orgs, latest=latest)


@router.get("/packets/{org_code}")
def packet(request: Request, desk: DeskDep, user: PageUser, org_code: str) -> Response:
    require_org(user, org_code)
    review = queue.org_summary(desk.url, org_code)
    if review is None:
        raise HTTPException(404)
    published = releases.latest(desk.url, org_code=org_code, published=True)
    history = releases.releases(desk.url, org_code=org_code) if can_release(user) else []
    return page(request, "packet.html", org=review, published=published, history=history)


@router.post("/packets/{org_code}/render", dependencies=[CsrfChecked])
def render(desk: DeskDep, user: PageUser, org_code: str) -> Response:
    require(can_release(user))
    releases.render_org(desk.url, org_code=org_code, rendered_by=user.login)
    return RedirectResponse(f"/packets/{org_code}", status_code=303)


@router.post("/packets/{org_code}/publish", dependencies=[CsrfChecked])
def publish(desk: DeskDep, user: PageUser, org_code: str) -> Response:
    require(can_release(user))
    releases.publish(desk.url, org_code=org_code, published_by=user.login)
    return RedirectResponse(f"/packets/{org_code}", status_code=303)


@router.get("/packets/{org_code}/packet.pdf")
def packet_pdf(desk: DeskDep, user: PageUser, org_code: str) -> Response:
    found = visible_release(desk.url, user, org_code)
    return download(found.path, Path(found.path).name, "application/pdf")


@router.get("/packets/{org_code}/routes.pdf")
def routes_pdf(desk: DeskDep, user: PageUser, org_code: str) -> Response:
    found = visible_release(desk.url, user, org_code)
    if not found.routes_path:
        raise releases.ReleaseError("no teacher of the organization is at work: no routes")
    return download(found.routes_path, Path(found.routes_path).name, "application/pdf")
