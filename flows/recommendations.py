"""Recommendations (Q4): the expert system's addressed recommendations with their audit trail.

Every fact of the earlier stages goes in; each recommendation records the rule
that fired, the facts it matched and its source, and waits for a reviewer.
The run publishes the fired rules and a summary as artifacts.
"""

from typing import Any

from flows.artifacts import publish_recommendations
from flows.factory import stage_flow
from models.enums import Stage


def _publish(outcome: dict[str, Any], database_url: str | None) -> None:
    publish_recommendations(database_url, run_id=outcome["run_id"], year=outcome["year"])


recommendations = stage_flow(Stage.recommendations, __name__, publish=_publish)
