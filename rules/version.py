"""The rule base's version: what a reviewer needs to know that two runs used the same rules.

A short hash of the rule modules' source, the text templates and the
thresholds in force. Any change to a condition, a text or a threshold gives a
new version; every `RuleFiring` row carries the version it was made with.
"""

import hashlib
from functools import lru_cache
from pathlib import Path

from rules.thresholds import Thresholds, default_thresholds

RULES_DIR = Path(__file__).parent
#: the modules whose source decides what fires and what it says (not thresholds.py: its
#: values enter through `Thresholds.digest`, so a comment there does not change the version)
MODULES = (
    "catalogue.py",
    "facts.py",
    "base.py",
    "texts.py",
    "teacher.py",
    "organization.py",
    "centre.py",
    "engine.py",
    "adapter.py",
)


@lru_cache(maxsize=1)
def source_digest() -> str:
    """sha256 over the rule modules and the templates, in a fixed order."""
    h = hashlib.sha256()
    files = [RULES_DIR / m for m in MODULES] + sorted((RULES_DIR / "texts").glob("*.j2"))
    for path in files:
        h.update(path.relative_to(RULES_DIR).as_posix().encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def rulebase_version(th: Thresholds | None = None) -> str:
    """12 hex digits: the rules' source and texts with the thresholds' digest."""
    th = th or default_thresholds()
    blob = f"{source_digest()}:{th.digest()}".encode()
    return hashlib.sha256(blob).hexdigest()[:12]
