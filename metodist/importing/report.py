"""What an import did, table by table, for the CLI to print."""

from dataclasses import dataclass, field


@dataclass(slots=True)
class TableCounts:
    """Rows read from one file and what became of them in the database.

    `unchanged` rows matched the stored row column for column and were not
    written at all, so a re-import of the same data writes nothing.
    """

    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def written(self) -> int:
        return self.inserted + self.updated


@dataclass(slots=True)
class ImportReport:
    """Counts per table (in docs/contract.md order), files passed over, and timings in seconds."""

    source: str
    tables: dict[str, TableCounts] = field(default_factory=dict)
    #: files or sheets that are not input tables (listed so a misnamed file is noticed)
    ignored: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: "read", "validate", "load"
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def rows_read(self) -> int:
        return sum(c.read for c in self.tables.values())

    def lines(self) -> list[str]:
        """A plain-text summary, one line per table, then warnings and ignored files."""
        out = [
            f"{name}: {c.read} read, {c.inserted} inserted, {c.updated} updated, "
            f"{c.unchanged} unchanged"
            for name, c in self.tables.items()
        ]
        out += [f"warning: {w}" for w in self.warnings]
        out += [f"ignored: {name} (not an input table)" for name in self.ignored]
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())
