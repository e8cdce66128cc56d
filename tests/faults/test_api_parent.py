"""The embedded Prefect API ends with the command that started it, even a killed one.

Probe 5 of issue 14: a killed command left Prefect's API running, re-parented
to init and listening on loopback. A command here starts the API's process
(as `prefect_api()` does) and is SIGKILLed; the API must be gone soon after.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

COMMAND = """
import sys, time
from flows.environment import EmbeddedApi, free_port
api = EmbeddedApi(free_port(), log_path=None)
process = api._run_uvicorn_command()
print(process.pid, flush=True)
time.sleep(600)
"""


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")


@pytest.mark.slow
def test_the_embedded_api_exits_when_its_command_is_killed():
    command = subprocess.Popen(
        [sys.executable, "-c", COMMAND], stdout=subprocess.PIPE, text=True,
        cwd=Path(__file__).parents[2],
    )  # fmt: skip
    api_pid = int(command.stdout.readline())
    time.sleep(1.0)
    assert not gone(api_pid)
    command.send_signal(signal.SIGKILL)
    command.wait()
    deadline = time.monotonic() + 20
    while not gone(api_pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if not gone(api_pid):
        os.kill(api_pid, signal.SIGKILL)
        pytest.fail(f"the embedded API (pid {api_pid}) outlived its killed command")
