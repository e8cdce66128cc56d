"""Stage services: the work of each stage of the cycle, as plain functions.

Each stage module has `compute` over one chunk of organizations (its rows
written under the run, a small picklable partial returned) and `finalize`,
the municipal pass returning the stage summary. `registry` serves them by
stage, `execute` runs one stage with its bookkeeping, `runs` records runs.
"""
