"""Diagnostics (Q2–Q3): each teacher's deficit map and the municipal deficit profile.

Seed 004: personalised PD from the diagnostics of professional deficits.
"""

from flows.factory import stage_flow
from models.enums import Stage

diagnostics = stage_flow(Stage.diagnostics, __name__)
