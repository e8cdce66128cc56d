"""Atomic file writes: a document or export appears whole or not at all.

The content goes to a temporary file in the target's own folder (same file
system, so `os.replace` is one atomic rename), flushed to disk first; a kill,
a full disk or an error leaves the previous file as it was, and no temporary
file behind.
"""

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: temporary files start with this, so that a folder listing can tell them apart
TEMP_PREFIX = ".metodist-tmp-"


@contextmanager
def replacing(path: Path | str) -> Iterator[Path]:
    """A temporary path to write to; it replaces `path` when the block ends without error."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=target.suffix, dir=target.parent)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        # mkstemp makes the file private; the document keeps the mode it had (or rw-r--r--)
        os.chmod(temp, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        with open(temp, "rb") as written:
            os.fsync(written.fileno())
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def write_text(path: Path | str, text: str, *, encoding: str = "utf-8") -> None:
    with replacing(path) as temp, open(temp, "w", encoding=encoding, newline="") as f:
        f.write(text)


def remove_leftovers(folder: Path) -> int:
    """Delete temporary files a killed process left in `folder`; count them."""
    removed = 0
    for leftover in folder.glob(f"{TEMP_PREFIX}*"):
        if leftover.is_file():
            leftover.unlink(missing_ok=True)
            removed += 1
    return removed
