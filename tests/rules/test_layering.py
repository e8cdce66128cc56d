"""`rules/` stands on `models/` alone, and experta is imported nowhere else in the product."""

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RULES_MAY_IMPORT = {"rules", "models", "experta", "pydantic", "jinja2"}


def imported(path: Path) -> Iterator[str]:
    """The top-level package of every absolute import in `path`, local imports included."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("path", modules("rules"), ids=lambda p: p.name)
def test_rules_import_only_models_and_their_libraries(path):
    foreign = set(imported(path)) - RULES_MAY_IMPORT - sys.stdlib_module_names
    assert not foreign, f"{path.relative_to(ROOT)} imports {sorted(foreign)}"


def test_experta_only_in_rules():
    outside = [
        path.relative_to(ROOT).as_posix()
        for package in ("metodist", "flows", "models")
        for path in modules(package)
        if "experta" in imported(path)
    ]
    assert outside == []
