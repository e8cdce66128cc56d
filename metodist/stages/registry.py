"""Which service does each stage's work: a typed registry of plain callables, keyed by stage.

A `StageService` is two callables of fixed signatures: `compute(run, org_codes)`
works on one chunk of organizations and returns a small picklable partial;
`finalize(run, partials)` does the municipal pass and returns the summary.
`run` (a `StageRun`) carries the database, the run, the cycle year and date,
and the service's `options` (e.g. the packets' `out_dir`).

Other processes (Dask workers, flow runs a Prefect worker starts) look a
service up by its stage name here. `register`/`use` replace a service in
this process; `Settings.stage_modules` names replacement modules for every
process, which is how tests reach processes that Prefect starts.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any, Protocol

from metodist.config import get_settings
from metodist.stages.errors import StageFailed
from models.enums import Stage

#: the stages in the order the cycle runs them
STAGES: tuple[str, ...] = tuple(s.value for s in Stage)


@dataclass(frozen=True, slots=True)
class StageRun:
    """One run of a stage, as its service's `compute` and `finalize` see it."""

    url: str | None
    run_id: int
    year: int
    as_of: date
    #: the service's options: its defaults, overridden by the ones the run was given
    options: Mapping[str, Any] = field(default_factory=dict)


Compute = Callable[[StageRun, Sequence[str]], Any]
Finalize = Callable[[StageRun, Sequence[Any]], Mapping[str, Any] | None]


@dataclass(frozen=True, slots=True)
class StageService:
    compute: Compute
    finalize: Finalize
    #: the options the service takes, with their defaults; others given to a run are ignored
    options: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    #: the centre's own work is a chunk of its own (no organizations), run first beside the
    #: organizations' chunks rather than after them in `finalize` (the packets' reports)
    centre_chunk: bool = False

    def bind(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """The options of a run: the defaults, overridden by those of `given` the service takes."""
        return {name: given.get(name, default) for name, default in self.options.items()}


class PlainStage(Protocol):
    """A module of the plain convention: `compute` and `finalize` of the run's fields."""

    def compute(
        self, url: str | None, *, run_id: int, year: int, as_of: date, org_codes: Sequence[str]
    ) -> Any: ...

    def finalize(
        self, url: str | None, *, run_id: int, year: int, as_of: date, partials: Sequence[Any]
    ) -> Mapping[str, Any] | None: ...


def from_module(module: PlainStage) -> StageService:
    """The service of a module of the plain convention (every stage but packets, test fakes)."""

    def compute(run: StageRun, org_codes: Sequence[str]) -> Any:
        return module.compute(
            run.url, run_id=run.run_id, year=run.year, as_of=run.as_of, org_codes=org_codes
        )

    def finalize(run: StageRun, partials: Sequence[Any]) -> Mapping[str, Any] | None:
        return module.finalize(
            run.url, run_id=run.run_id, year=run.year, as_of=run.as_of, partials=partials
        )

    return StageService(compute=compute, finalize=finalize)


# The product's services, each imported on first use: the rule base and
# WeasyPrint take seconds to import, and a command runs one stage or two.


def _needs() -> StageService:
    from metodist.stages import needs

    return from_module(needs)


def _diagnostics() -> StageService:
    from metodist.stages import diagnostics

    return from_module(diagnostics)


def _attestation() -> StageService:
    from metodist.stages import attestation

    return from_module(attestation)


def _monitoring() -> StageService:
    from metodist.stages import monitoring

    return from_module(monitoring)


def _planning() -> StageService:
    from metodist.stages import planning

    return from_module(planning)


def _recommendations() -> StageService:
    from metodist.stages import recommendations

    return from_module(recommendations)


def _packets() -> StageService:
    from metodist.stages import packets

    def compute(run: StageRun, org_codes: Sequence[str]) -> Any:
        return packets.compute(
            run.url,
            run_id=run.run_id,
            year=run.year,
            as_of=run.as_of,
            org_codes=org_codes,
            out_dir=run.options["out_dir"],
            html_only=run.options["html_only"],
            routes=run.options["routes"],
            force=run.options["force"],
        )

    def finalize(run: StageRun, partials: Sequence[Any]) -> Mapping[str, Any]:
        return packets.finalize(
            run.url,
            run_id=run.run_id,
            year=run.year,
            as_of=run.as_of,
            partials=partials,
            out_dir=run.options["out_dir"],
            html_only=run.options["html_only"],
            force=run.options["force"],
        )

    # force: render every document, also those whose digest is unchanged
    options = MappingProxyType(
        {"out_dir": None, "html_only": False, "routes": None, "force": False}
    )
    # the region's reports take minutes of layout: rendered beside the packets, not after
    return StageService(compute=compute, finalize=finalize, options=options, centre_chunk=True)


DEFAULTS: Mapping[Stage, Callable[[], StageService]] = MappingProxyType(
    {
        Stage.needs: _needs,
        Stage.diagnostics: _diagnostics,
        Stage.attestation: _attestation,
        Stage.monitoring: _monitoring,
        Stage.planning: _planning,
        Stage.recommendations: _recommendations,
        Stage.packets: _packets,
    }
)

_registered: dict[Stage, StageService] = {}


def stage_of(name: str) -> Stage:
    """The stage called `name`, or a `StageFailed` naming the stages there are."""
    try:
        return Stage(name)
    except ValueError:
        raise StageFailed(name, f"no such stage; the stages are {', '.join(STAGES)}") from None


def service(name: str) -> StageService:
    """The service of a stage: registered here, else named by the settings, else the product's."""
    stage = stage_of(name)
    if stage in _registered:
        return _registered[stage]
    module_name = module_overrides().get(stage)
    if module_name is None:
        return DEFAULTS[stage]()
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        # only the named module missing is a setting's mistake; a missing
        # dependency inside it is a real error and keeps its own message
        if exc.name is None or not (module_name + ".").startswith(exc.name + "."):
            raise
        raise StageFailed(name, f"no module {module_name} to serve the stage") from None
    return from_module(module)  # type: ignore[arg-type]  # a module checked by its use


def module_overrides() -> dict[Stage, str]:
    """`Settings.stage_modules` (`stage=module,stage=module`) as a mapping."""
    setting = get_settings().stage_modules
    pairs = (item.split("=", 1) for item in setting.split(",") if item.strip())
    overrides = {stage.strip(): module.strip() for stage, module in pairs}
    unknown = sorted(set(overrides) - set(STAGES))
    if unknown:
        raise ValueError(f"METODIST_STAGE_MODULES: unknown stage(s) {', '.join(unknown)}")
    return {Stage(stage): module for stage, module in overrides.items()}


def register(name: str, stage_service: StageService) -> None:
    """Serve the stage `name` by `stage_service` in this process from now on."""
    _registered[stage_of(name)] = stage_service


def unregister(name: str) -> None:
    """Serve the stage `name` as the settings or the product say again."""
    _registered.pop(stage_of(name), None)


@contextmanager
def use(name: str, stage_service: StageService) -> Iterator[None]:
    """Serve the stage `name` by `stage_service` for the duration of the block (tests)."""
    stage = stage_of(name)
    previous = _registered.get(stage)
    _registered[stage] = stage_service
    try:
        yield
    finally:
        if previous is None:
            _registered.pop(stage, None)
        else:
            _registered[stage] = previous
