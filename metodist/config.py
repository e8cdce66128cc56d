"""Configuration: one Settings class, read from `METODIST_*` environment variables or `.env`."""

from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from rules.thresholds import Thresholds, load_thresholds


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="METODIST_", env_file=".env", extra="ignore")

    #: SQLAlchemy URL; `postgresql+psycopg://user:pass@host/db` selects PostgreSQL.
    database_url: str = "sqlite:///metodist.db"
    #: Where packets and reports are written.
    out_dir: Path = Path("out")
    #: A TOML file overriding the rule thresholds (see `rules/thresholds.toml`).
    rules_config: Path | None = None
    #: Who issues the packets and reports, as their title blocks print it.
    issuer: str = "Муниципальный методический центр"
    #: Chunk tasks of a stage running at once on threads (without Dask).
    chunk_threads: int = 4
    #: Processes rendering PDFs in the packets stage (1: no pool); unset: every CPU,
    #: or 1 on a Dask worker, where Dask already spreads chunks over processes.
    render_workers: int | None = None
    #: Who decides in `metodist review` when `--reviewer` is not given (the audit trail's name).
    reviewer: str = ""
    #: Stage services replaced by modules, `stage=module,stage=module` (a test seam: an
    #: environment variable reaches the flow-run processes a Prefect worker starts).
    stage_modules: str = ""

    @field_validator("chunk_threads", "render_workers", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: Any, info: ValidationInfo) -> Any:
        # `METODIST_CHUNK_THREADS=` in a shell or `.env` means the default, not an error
        if value == "" and info.field_name is not None:
            return cls.model_fields[info.field_name].default
        return value


@lru_cache
def get_settings() -> Settings:
    return Settings()


@lru_cache
def thresholds() -> Thresholds:
    """The thresholds in force: `rules/thresholds.toml` overridden by METODIST_RULES_CONFIG."""
    return load_thresholds(get_settings().rules_config)
