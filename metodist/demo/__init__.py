"""The demo municipality: realistic, deterministic, scalable input data.

`generate()` returns rows of every input table of docs/contract.md for a
municipality of `schools` schools (a region when there are hundreds), whose
organizations follow the profiles of `metodist.demo.profiles` so that every
rule of the catalogue has teachers and schools to fire on. `write_csv()` and
`write_xlsx()` write them in the form `metodist import` reads, and
`organization_profiles()` tells which organization was drawn as strong,
average or weak (and so which effectiveness group it should land in).
"""

from metodist.demo.generator import TABLE_ORDER, DemoData, generate, organization_profiles
from metodist.demo.profiles import PROFILES, Profile
from metodist.demo.writers import write_csv, write_xlsx

__all__ = [
    "PROFILES",
    "TABLE_ORDER",
    "DemoData",
    "Profile",
    "generate",
    "organization_profiles",
    "write_csv",
    "write_xlsx",
]
