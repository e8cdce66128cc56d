"""Adapters from the database to the documents' view models: plain functions, no rendering.

Each module builds one kind of document from the latest completed runs of
the stages it shows (`common.require_run`), so the packets stage, the CLI
and the tests fill the same contexts the templates read. Each takes a
session or a database URL, the cycle year and the cycle date. Rendering is
the caller's business (`metodist.documents.render`).
"""

from metodist.documents.views.attestation import build_attestation
from metodist.documents.views.centre import build_catalogue, build_centre
from metodist.documents.views.deficits import build_deficits
from metodist.documents.views.monitoring import build_monitoring
from metodist.documents.views.needs import build_requests
from metodist.documents.views.packet import build_packet, build_packets
from metodist.documents.views.plan import build_plan
from metodist.documents.views.reports import REPORTS, build_reports
from metodist.stages.errors import PrerequisiteMissing

__all__ = [
    "REPORTS",
    "PrerequisiteMissing",
    "build_attestation",
    "build_catalogue",
    "build_centre",
    "build_deficits",
    "build_monitoring",
    "build_packet",
    "build_packets",
    "build_plan",
    "build_reports",
    "build_requests",
]
