"""A stage service whose first compute call loses its database connection (transient)."""

from sqlalchemy.exc import OperationalError

from tests.flows.fakes.stage import compute as _compute
from tests.flows.fakes.stage import finalize

__all__ = ["calls", "compute", "finalize"]

calls: list[list[str]] = []


def compute(url, *, run_id, year, as_of, org_codes):  # type: ignore[no-untyped-def]
    calls.append(list(org_codes))
    if len(calls) == 1:
        raise OperationalError("SELECT 1", {}, ConnectionError("server closed the connection"))
    return _compute(url, run_id=run_id, year=year, as_of=as_of, org_codes=org_codes)
