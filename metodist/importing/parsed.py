"""A table as the importer holds it between parsing and writing: values by column."""

from dataclasses import dataclass, field
from typing import Any

from metodist.importing.spec import TableSpec


@dataclass
class ParsedTable:
    """A table as stored values, column by column, with row numbers and headers for messages."""

    spec: TableSpec
    source: str
    #: key → header as written in the file, for the columns the file has
    headers: dict[str, str]
    #: key → one value per row, for the columns the file has (and `key` for tables without codes)
    columns: dict[str, list[Any]]
    rownums: list[int]
    #: positions of rows with a bad cell
    bad: set[int] = field(default_factory=set)

    def __len__(self) -> int:
        return len(self.rownums)
