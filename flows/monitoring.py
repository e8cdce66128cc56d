"""Monitoring (Q4): indicators per school, its effectiveness group, the report by school.

Seed 002 (three effectiveness groups); seed 003, item 7 (report by organization).
"""

from flows.factory import stage_flow
from models.enums import Stage

monitoring = stage_flow(Stage.monitoring, __name__)
