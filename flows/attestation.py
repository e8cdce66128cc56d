"""Attestation analysis (Q4): the analytic note on categories, expiries and СЗД due.

Seed 003, item 6: analysis of attestation against the professional standard.
"""

from flows.factory import stage_flow
from models.enums import Stage

attestation = stage_flow(Stage.attestation, __name__)
