"""The centre's and coordinator's reports, in the order the cycle produces them.

`REPORTS` maps a report's kind (its file stem) to its adapter; the numbers
of the files follow this order, the order of the yearly cycle (seed 003):
requests (Q1–Q2), deficits (Q2–Q3), attestation, monitoring and the plan
(Q4), then the recommendations to the centre, the rule catalogue and the
year's methodological work (seed 001).
"""

from collections.abc import Callable
from datetime import date

from metodist.documents import context as c
from metodist.documents.views.attestation import build_attestation
from metodist.documents.views.centre import build_catalogue, build_centre
from metodist.documents.views.common import SessionOrUrl, reading
from metodist.documents.views.deficits import build_deficits
from metodist.documents.views.efficacy import build_efficacy
from metodist.documents.views.events import EventsContext, build_events
from metodist.documents.views.monitoring import build_monitoring
from metodist.documents.views.needs import build_requests
from metodist.documents.views.plan import build_plan

Report = c.ReportContext | EventsContext
ReportBuilder = Callable[..., Report]

REPORTS: dict[str, ReportBuilder] = {
    "requests": build_requests,
    "deficits": build_deficits,
    "attestation": build_attestation,
    "monitoring": build_monitoring,
    "plan": build_plan,
    "centre": build_centre,
    "catalogue": build_catalogue,
    "events": build_events,
    "efficacy": build_efficacy,
}


def build_reports(session_or_url: SessionOrUrl, *, year: int, as_of: date) -> dict[str, Report]:
    """Every report, by kind, in cycle order; the first missing stage stops it with its name."""
    with reading(session_or_url) as s:
        return {kind: build(s, year=year, as_of=as_of) for kind, build in REPORTS.items()}
