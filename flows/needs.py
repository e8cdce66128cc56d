"""Needs collection (Q1–Q2): the requests database, summarised by area, format and school.

Seed 003, item 2: «База данных о запросах в области повышения квалификации».
"""

from flows.factory import stage_flow
from models.enums import Stage

needs = stage_flow(Stage.needs, __name__)
