"""Planning (Q4): next year's capacity-aware PD plan and each teacher's route (ИОМ).

Seed 003, item 3: «План повышения квалификации работников образования».
"""

from flows.factory import stage_flow
from models.enums import Stage

planning = stage_flow(Stage.planning, __name__)
