"""Configuration: one Settings class, read from `METODIST_*` environment variables or `.env`."""

from functools import lru_cache
from pathlib import Path

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


@lru_cache
def get_settings() -> Settings:
    return Settings()


@lru_cache
def thresholds() -> Thresholds:
    """The thresholds in force: `rules/thresholds.toml` overridden by METODIST_RULES_CONFIG."""
    return load_thresholds(get_settings().rules_config)
