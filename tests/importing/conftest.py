"""Fixtures: a database already holding the small valid municipality."""

from pathlib import Path
from typing import Any

import pytest

from metodist.importing import import_path
from tests.importing.helpers import good, snapshot, write_folder

Loaded = tuple[str, dict[str, list[tuple[Any, ...]]]]


def _load(url: str, tmp_path: Path) -> Loaded:
    import_path(write_folder(tmp_path / "first", good()), url=url)
    return url, snapshot(url)


@pytest.fixture
def loaded(db_url: str, tmp_path: Path) -> Loaded:
    """`db_url` (SQLite, then PostgreSQL) after an import of `good()`, and a snapshot of it."""
    return _load(db_url, tmp_path)


@pytest.fixture
def loaded_sqlite(sqlite_url: str, tmp_path: Path) -> Loaded:
    """The same on SQLite only, for checks that end before the database is touched."""
    return _load(sqlite_url, tmp_path)
