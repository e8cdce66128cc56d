"""The routes an organization's head hands out: one page per teacher present.

Built from the organization's packet (`build_packets`), so a route reads
exactly as it does in the packet; absent teachers (`rules.status.absent_on`) get
no page. The packets stage calls `routes_jobs` when asked for routes.
"""

from dataclasses import replace
from pathlib import Path

from metodist.documents import context as c
from metodist.documents.render import RenderJob


def build_routes(packet: c.PacketContext) -> c.RoutesContext:
    """The routes document of `packet`'s organization: its present teachers only."""
    present = tuple(t for t in packet.teachers if t.present)
    return c.RoutesContext(
        meta=packet.meta,
        org=packet.org,
        plan_year=packet.plan_year,
        teachers=tuple(replace(t) for t in present),
        thresholds=packet.thresholds,
        step_meanings=packet.step_meanings,
        municipal_basis=packet.municipal_basis,
    )


def routes_path(packet_file: Path) -> Path:
    """`routes/<code> <name>.pdf` beside `packets/`, named as the packet is."""
    return packet_file.parent.parent / "routes" / packet_file.name


def routes_jobs(packets: list[c.PacketContext], packet_files: list[Path]) -> list[RenderJob]:
    """A rendering job for the routes of each packet (an organization with none present: none)."""
    jobs = []
    for packet, path in zip(packets, packet_files, strict=True):
        routes = build_routes(packet)
        if routes.teachers:
            jobs.append(RenderJob(routes.TEMPLATE, routes, routes_path(path)))
    return jobs
