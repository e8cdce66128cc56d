"""Stage services: the work of each stage of the cycle, as plain functions.

Flows orchestrate these; tests call them directly. A stage service has two
parts: `compute(url, *, run_id, year, as_of, org_codes)` works on one chunk of
organizations, writes its rows under `run_id` and returns a small picklable
partial summary; `finalize(url, *, run_id, year, as_of, partials)` does the
municipal pass and returns the stage summary. `runs` keeps the bookkeeping.
"""
