"""Run the real `metodist` CLI in this process, held at one point until it is killed.

`python -m tests.faults.hold POINT MARKER metodist-args…`: when the command
reaches POINT it writes MARKER and sleeps, so that the test can SIGKILL it
there, at a known moment, as a coordinator's `kill -9` or a power cut would:

- `import`: every row written, the transaction not yet committed;
- `stage`: the stage's results written under its new run, the run not completed;
- `packets`: a chunk's packets rendered, nothing published.
"""

import sys
import time
from pathlib import Path
from typing import Any


def _held(real: Any, marker: Path, *, after: bool) -> Any:
    def held(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs) if after else None
        marker.write_text("reached", encoding="utf-8")
        time.sleep(600)
        return result

    return held


def main() -> None:
    point, marker, *args = sys.argv[1:]
    path = Path(marker)
    if point == "import":
        from metodist.importing import run

        run.load_tables = _held(run.load_tables, path, after=True)  # type: ignore[assignment]
    elif point == "stage":
        from metodist.stages import runs

        runs.complete_run = _held(runs.complete_run, path, after=False)  # type: ignore[assignment]
    elif point == "packets":
        from metodist.stages import packets

        packets.render_documents = _held(packets.render_documents, path, after=True)  # type: ignore[assignment]
    else:
        raise SystemExit(f"unknown point {point!r}")
    from metodist.cli import app

    app(args, prog_name="metodist")


if __name__ == "__main__":
    main()
