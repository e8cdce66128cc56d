"""The dashboard of the latest cycle and the rule catalogue."""

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from metodist.audit import catalogue_rows
from metodist.web.dashboard import dashboard
from metodist.web.deps import DeskDep, PageUser, can_audit
from metodist.web.pages import page
from metodist.web.routes.auth import home_of

router = APIRouter()


@router.get("/")
def home(request: Request, desk: DeskDep, user: PageUser) -> Response:
    if not can_audit(user):
        return RedirectResponse(home_of(user), status_code=303)
    return page(request, "dashboard.html", board=dashboard(desk.url))


@router.get("/catalogue")
def catalogue(request: Request, user: PageUser) -> Response:
    return page(request, "catalogue.html", rules=catalogue_rows())
