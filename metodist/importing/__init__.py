"""Validated, all-or-nothing, bulk import of the docs/contract.md input tables.

    report = import_path(Path("region/"))          # or Path("region.xlsx")
    # ImportFailed(issues) when anything is wrong; nothing is written then

`spec.py` describes every table; `sources` reads CSV folders and workbooks,
`cells` and `validate` check each table, `references` checks codes across
tables and the database, `load` decides what to insert or update and
`writers` (`write_sqlite`, `write_postgresql`) writes it in bulk. `keys`
builds the natural key of rows without a code.

Unknown columns are errors, not warnings: a misspelt optional header would
otherwise drop a whole column of data without anyone noticing. Unknown files
or sheets are ignored and listed in `ImportReport.ignored`; two files for one
table, an empty file or a sheet without a header row are errors. An import
adds and updates rows, it never deletes: a teacher missing from this year's
file stays stored.
"""

from metodist.importing.issues import ImportFailed, ImportIssue
from metodist.importing.keys import natural_key
from metodist.importing.report import ImportReport, TableCounts
from metodist.importing.run import import_path

__all__ = [
    "ImportFailed",
    "ImportIssue",
    "ImportReport",
    "TableCounts",
    "import_path",
    "natural_key",
]
