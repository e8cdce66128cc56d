"""Prefect stays in flows/, and only the CLI reaches into flows/ (issue 10, item 1)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("metodist", "rules", "models")


def _imports(path: Path) -> set[str]:
    """Top-level names of every module `path` imports, at module level or inside functions."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _modules() -> dict[str, set[str]]:
    return {
        str(path.relative_to(ROOT)): _imports(path)
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    }


def test_prefect_is_imported_only_under_flows():
    offenders = {m for m, names in _modules().items() if names & {"prefect", "prefect_dask"}}
    assert offenders == set()


def test_only_the_cli_imports_flows():
    importers = {m for m, names in _modules().items() if "flows" in names}
    assert importers and all(m.startswith("metodist/cli/") for m in importers), importers
