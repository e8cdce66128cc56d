"""The rule base's version: what a reviewer needs to know that two runs used the same rules.

A short hash of every file of the rule base (its modules, from the status
definitions and facts to the adapter, texts and catalogue; the text templates;
the default thresholds), the `models/` modules its texts and tests read (labels,
Russian formatting, positions, vocabulary), and the thresholds in force. Whatever may change
what fires or what a text says gives a new version; every `RuleFiring` row
carries the version it was made with.
"""

import hashlib
from functools import lru_cache
from pathlib import Path

from rules.thresholds import Thresholds

RULES_DIR = Path(__file__).parent
#: the files hashed, relative to the rule base's directory: all of them, not a list kept by
#: hand, so a new module cannot be left out (a comment changes the version too: harmless)
PATTERNS = ("*.py", "*.toml", "texts/*.j2")
#: what the rules import from `models/` that words a text or decides a test
MODELS_DIR = RULES_DIR.parent / "models"
MODELS = ("labels.py", "russian.py", "positions.py", "vocabulary.py")


def rule_files(root: Path = RULES_DIR) -> list[Path]:
    """The files of the rule base under `root`, in a fixed order."""
    return sorted({path for pattern in PATTERNS for path in root.glob(pattern)})


@lru_cache
def source_digest(root: Path = RULES_DIR) -> str:
    """sha256 over the names and contents of `rule_files(root)`."""
    h = hashlib.sha256()
    for path in rule_files(root):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


@lru_cache
def models_digest() -> str:
    """sha256 over the `MODELS` the rule base words its texts and tests with."""
    h = hashlib.sha256()
    for name in MODELS:
        h.update(name.encode() + b"\0" + (MODELS_DIR / name).read_bytes() + b"\0")
    return h.hexdigest()


def rulebase_version(th: Thresholds) -> str:
    """12 hex digits: the rule base's files and models with the thresholds `th` in force."""
    blob = f"{source_digest()}:{models_digest()}:{th.digest()}".encode()
    return hashlib.sha256(blob).hexdigest()[:12]
