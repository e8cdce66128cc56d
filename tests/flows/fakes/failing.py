"""A stage service that writes its rows, then fails on organization `o03` (not transient)."""

from tests.flows.fakes.stage import compute as _compute
from tests.flows.fakes.stage import finalize

__all__ = ["compute", "finalize"]

BAD_ORG = "o03"


class BadData(ValueError):
    def __init__(self, org_code: str) -> None:
        super().__init__(f"teacher t-{org_code}-1 has no subjects")
        self.org_code = org_code

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.org_code,))


def compute(url, *, run_id, year, as_of, org_codes):  # type: ignore[no-untyped-def]
    partial = _compute(url, run_id=run_id, year=year, as_of=as_of, org_codes=org_codes)
    if BAD_ORG in org_codes:
        raise BadData(BAD_ORG)
    return partial
