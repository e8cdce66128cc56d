"""Which module serves each stage, so tests (and extensions) can put their own in.

A stage service is a module with `compute(url, *, run_id, year, as_of,
org_codes) -> partial` and `finalize(url, *, run_id, year, as_of, partials)
-> summary` (see `metodist.stages`). The registry stores module *names*, not
module objects: tasks receive the name and import it where they run, which
may be a Dask worker or another process.

`METODIST_STAGE_MODULES` (`stage=module,stage=module`) overrides the defaults
in every process that imports this, which reaches the flow-run processes a
Prefect worker or `flow.serve` starts, where `register` cannot.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

from metodist.stages.errors import StageFailed
from models.enums import Stage

#: the stages in the order the cycle runs them
STAGES: tuple[str, ...] = tuple(s.value for s in Stage)

DEFAULT_MODULES: dict[str, str] = {stage: f"metodist.stages.{stage}" for stage in STAGES}
ENV_OVERRIDES = "METODIST_STAGE_MODULES"


def _from_environment() -> dict[str, str]:
    pairs = (item.split("=", 1) for item in os.environ.get(ENV_OVERRIDES, "").split(",") if item)
    overrides = {stage.strip(): name.strip() for stage, name in pairs}
    unknown = set(overrides) - set(STAGES)
    if unknown:
        raise ValueError(f"{ENV_OVERRIDES}: unknown stage(s) {', '.join(sorted(unknown))}")
    return overrides


_modules: dict[str, str] = {**DEFAULT_MODULES, **_from_environment()}


def module_name(stage: str) -> str:
    try:
        return _modules[stage]
    except KeyError:
        raise StageFailed(stage, f"no such stage; the stages are {', '.join(STAGES)}") from None


def load(stage: str, name: str | None = None) -> ModuleType:
    """Import the stage's service module; a missing module means the stage is not built yet."""
    name = name or module_name(stage)
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        # only the service module itself missing means "not built"; a missing
        # dependency inside it is a real error and keeps its own message
        if exc.name is not None and (name == exc.name or name.startswith(exc.name + ".")):
            raise StageFailed(stage, f"the {stage} stage is not built yet ({name})") from None
        raise
    for attr in ("compute", "finalize"):
        if not callable(getattr(module, attr, None)):
            raise StageFailed(stage, f"{name} has no {attr}() and cannot serve the {stage} stage")
    return module


def is_built(stage: str) -> bool:
    try:
        load(stage)
    except StageFailed:
        return False
    return True


def register(stage: str, name: str) -> None:
    """Serve `stage` from module `name` in this process from now on."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}")
    _modules[stage] = name


@contextmanager
def use_module(stage: str, name: str) -> Iterator[None]:
    """Serve `stage` from module `name` for the duration of the block (tests)."""
    previous = _modules.get(stage)
    register(stage, name)
    try:
        yield
    finally:
        if previous is None:
            _modules.pop(stage, None)
        else:
            _modules[stage] = previous
