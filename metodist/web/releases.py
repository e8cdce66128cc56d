"""Packets from the desk: render one organization's packet now, publish it, find it again.

The packet is the packets stage's own (`build_packet`, `packet.html`,
`render_pdf`), written to `<out_dir>/<year>/desk/` under a new name per
rendering, so that a published file never changes under its readers; the
teachers' routes (`routes.html`: a page per teacher present, to hand each one)
go beside it as a PDF of their own.
"""

from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session, col, func, select

from metodist.audit import _run as latest_recommendations_run
from metodist.config import get_settings
from metodist.db import session_scope
from metodist.documents.render import render_pdf
from metodist.documents.views import build_packet
from metodist.documents.views.routes import build_routes
from metodist.stages.packets import safe_file_name, year_folder
from models import Organization, PacketRelease
from models.cycle import utcnow

#: cells a spreadsheet would read as a formula start with one of these


class ReleaseError(LookupError):
    """No such organization, no recommendations run, or no packet to publish or download."""


class StillDraft(ValueError):
    """The latest packet is a draft: some recommendations are still proposed (409)."""


def render_org(url: str | None, *, org_code: str, rendered_by: str) -> PacketRelease:
    """Render `org_code`'s packet from the latest runs; record and return the release."""
    with session_scope(url) as s:
        run = latest_recommendations_run(s, None)
        org = s.get(Organization, org_code)
        if org is None:
            raise ReleaseError(f"there is no organization {org_code!r}")
        year, as_of = run.year, run.as_of
    context = build_packet(url, org_code=org_code, year=year, as_of=as_of)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    folder = year_folder(get_settings().out_dir, year) / "desk"
    stem = f"{safe_file_name(org_code)} {safe_file_name(org.name)} {stamp}"
    result = render_pdf(context.TEMPLATE, context, folder / f"{stem}.pdf")
    routes = build_routes(context)
    routes_file = ""  # an organization with no teacher present has no routes
    if routes.teachers:
        routes_file = str(
            render_pdf(routes.TEMPLATE, routes, folder / f"{stem} маршруты.pdf").path.resolve()
        )
    with session_scope(url) as s:
        release = PacketRelease(
            org_code=org_code,
            year=year,
            path=str(result.path.resolve()),
            routes_path=routes_file,
            draft=context.meta.draft,
            rendered_by=rendered_by,
        )
        s.add(release)
        s.flush()
        return release


def publish(url: str | None, *, org_code: str, published_by: str) -> PacketRelease:
    """Publish the latest rendered packet of `org_code`; a draft cannot be published."""
    with session_scope(url) as s:
        release = _latest(s, org_code, published=False)
        if release is None:
            raise ReleaseError(f"no packet of {org_code!r} has been rendered yet: render it first")
        if release.draft:
            raise StillDraft(
                f"the latest packet of {org_code!r} is a draft: approve its recommendations, "
                "render it again, then publish"
            )
        if release.published_at is None:
            release.published_by, release.published_at = published_by, utcnow()
            s.add(release)
        return release


def latest(url: str | None, *, org_code: str, published: bool) -> PacketRelease | None:
    """The latest rendered (or, with `published`, the latest published) packet of `org_code`."""
    with session_scope(url) as s:
        return _latest(s, org_code, published=published)


def latest_by_org(url: str | None, *, published: bool) -> dict[str, PacketRelease]:
    """`latest` of every organization that has one, by org code, in one query."""
    newest = select(func.max(PacketRelease.id)).group_by(col(PacketRelease.org_code))
    if published:
        newest = newest.where(col(PacketRelease.published_at).is_not(None))
    with session_scope(url) as s:
        rows = s.exec(select(PacketRelease).where(col(PacketRelease.id).in_(newest))).all()
        return {r.org_code: r for r in rows}


def releases(url: str | None, *, org_code: str, limit: int = 10) -> list[PacketRelease]:
    with session_scope(url) as s:
        return list(
            s.exec(
                select(PacketRelease)
                .where(col(PacketRelease.org_code) == org_code)
                .order_by(col(PacketRelease.id).desc())
                .limit(limit)
            ).all()
        )


def _latest(s: Session, org_code: str, *, published: bool) -> PacketRelease | None:
    query = select(PacketRelease).where(col(PacketRelease.org_code) == org_code)
    if published:
        query = query.where(col(PacketRelease.published_at).is_not(None))
    return s.exec(query.order_by(col(PacketRelease.id).desc())).first()


def existing_file(path: str) -> Path:
    found = Path(path)
    if not found.is_file():
        raise ReleaseError(f"the file {found.name} is no longer on the server: render it again")
    return found
