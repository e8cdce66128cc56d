"""Prefect orchestration of the yearly cycle: stage flows, the runner the CLI calls, artifacts.

Metodist runs on premises in education departments, so nothing here talks to
the outside world: importing this package switches Prefect's client and
server telemetry off unless the environment says otherwise (`DO_NOT_TRACK`,
`PREFECT_SERVER_ANALYTICS_ENABLED`). It is done before Prefect is imported
anywhere below, because Prefect reads them on import.
"""

import os

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
