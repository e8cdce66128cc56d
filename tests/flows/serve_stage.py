"""Serve one stage flow as a deployment until killed (started by the real-server test).

Usage: python -m tests.flows.serve_stage STAGE DEPLOYMENT_NAME
"""

import sys

from flows.yearly_cycle import STAGE_FLOWS

if __name__ == "__main__":
    stage, name = sys.argv[1:3]
    STAGE_FLOWS[stage].serve(name=name, print_starting_message=False, limit=2)
