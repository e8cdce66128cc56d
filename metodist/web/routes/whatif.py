"""What-if for reviewers: changed thresholds, and what they would change, by organization.

The page calls `metodist.whatif.whatif`, which runs the cycle on a throw-away copy of the
database: nothing under review changes, whatever the reviewer tries.
"""

from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from metodist.web.deps import CsrfChecked, DeskDep, PageUser, can_audit, require
from metodist.web.pages import page
from metodist.whatif import BadChange, NoBaseline, parse_changes, whatif

router = APIRouter()
EXAMPLE = "deficits.critical_below=45"


@router.get("/whatif")
def whatif_form(request: Request, user: PageUser) -> Response:
    require(can_audit(user))
    return page(request, "whatif.html", changes=EXAMPLE, result=None, error="")


@router.post("/whatif", dependencies=[CsrfChecked])
def whatif_result(
    request: Request,
    desk: DeskDep,
    user: PageUser,
    changes: Annotated[str, Form(max_length=2000)] = "",
    org: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    require(can_audit(user))
    lines = [line.strip() for line in changes.splitlines() if line.strip()]
    try:
        diff = whatif(desk.url, parse_changes(lines), org=org.strip() or None)
    except (BadChange, NoBaseline) as exc:
        return page(request, "whatif.html", changes=changes, result=None, error=str(exc))
    return page(
        request, "whatif.html", changes=changes, org=org, result=_by_org(diff.to_json()), error=""
    )


def _by_org(diff: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The difference grouped by organization (the centre's last), each entry with its kind."""
    orgs: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for kind, entries in diff.items():
        for entry in entries:
            orgs[entry["org_code"] or ""].append({"kind": kind, **entry})
    return [
        {"org_code": code, "entries": sorted(entries, key=lambda e: (e["rule_id"], e["kind"]))}
        for code, entries in sorted(orgs.items(), key=lambda item: (item[0] == "", item[0]))
    ]
