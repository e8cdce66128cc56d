"""Run stages through the runner in a fresh process, as the CLI does (the quiet-output test).

Usage: python -m tests.flows.run_quietly DATABASE_URL STAGE=MODULE...
Runs the stages as one cycle, each on the given service module, and prints
one JSON line: the outcomes, or the one-line failure (exit status 1).
"""

import importlib
import json
import sys
from dataclasses import asdict
from datetime import date

from flows.runner import StageFailed, last_api_startup_s, run_cycle
from metodist.stages import registry

if __name__ == "__main__":
    url, *pairs = sys.argv[1:]
    stages = []
    for pair in pairs:
        stage, module = pair.split("=")
        registry.register(stage, registry.from_module(importlib.import_module(module)))
        stages.append(stage)
    try:
        outcomes = run_cycle(year=2026, as_of=date(2026, 11, 15), database_url=url, stages=stages)
    except StageFailed as exc:
        print(json.dumps({"failed": str(exc), "api_startup_s": last_api_startup_s()}))
        sys.exit(1)
    print(json.dumps({"outcomes": [asdict(o) for o in outcomes]}))
