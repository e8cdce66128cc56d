"""Configuration: one Settings class, read from `METODIST_*` environment variables or `.env`.

`check_configuration()` validates the settings and the thresholds file in
force before a command or flow does anything, and says what is wrong in one
line (`ConfigError`).
"""

from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from rules.thresholds import Thresholds, ThresholdsError, load_thresholds

ENV_PREFIX = "METODIST_"
#: the databases the importer, the snapshot and the migrations are written for
DATABASES = ("sqlite", "postgresql")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, env_file=".env", extra="ignore")

    #: SQLAlchemy URL; `postgresql+psycopg://user:pass@host/db` selects PostgreSQL.
    database_url: str = "sqlite:///metodist.db"
    #: Where packets and reports are written.
    out_dir: Path = Path("out")
    #: A TOML file overriding the rule thresholds (see `rules/thresholds.toml`).
    rules_config: Path | None = None
    #: Who issues the packets and reports, as their title blocks print it.
    issuer: str = "Муниципальный методический центр"
    #: The municipality's own programme or order («name, number, date»): every «Основание»
    #: of a packet names it beside the federal regulations (docs/domain.md).
    municipal_basis: str = "муниципальная программа развития образования"
    #: Also write each organization's teachers' routes, `routes/<code> <name>.pdf`
    #: (`metodist run packets --routes`; `metodist demo` sets it).
    routes: bool = False
    #: Chunk tasks of a stage running at once on threads (without Dask).
    chunk_threads: int = 4
    #: Processes rendering PDFs in the packets stage (1: no pool); unset: every CPU,
    #: or 1 on a Dask worker, where Dask already spreads chunks over processes.
    render_workers: int | None = None
    #: Pages of a part when a long report is laid out in parts (each part's layout is
    #: held in memory until it is written, about 2 MB a page); reports shorter than one
    #: and a half parts, and every packet, are laid out whole.
    report_part_pages: int = Field(default=60, ge=5)
    #: Processes evaluating rules in the recommendations stage (1: in the stage's own
    #: process); unset: every CPU, or 1 on a Dask worker.
    rule_workers: int | None = None
    #: Who decides in `metodist review` when `--reviewer` is not given (the audit trail's name).
    reviewer: str = ""
    #: Stage services replaced by modules, `stage=module,stage=module` (a test seam: an
    #: environment variable reaches the flow-run processes a Prefect worker starts).
    stage_modules: str = ""
    #: The key signing the web desk's session cookies; unset: one is made on the first
    #: `metodist serve` and kept in the database (table `desk_secret`).
    web_secret: str = ""
    #: Session cookies only over HTTPS (set behind a reverse proxy that terminates TLS).
    web_secure_cookies: bool = False
    #: Hours a desk session lasts without activity.
    web_session_hours: int = 12
    #: Prefect's API (not a METODIST_ variable): when it names a server, the desk links
    #: each run to its flow run in the Prefect UI.
    prefect_api_url: str = Field(default="", validation_alias="PREFECT_API_URL")

    @field_validator("database_url")
    @classmethod
    def _a_supported_database(cls, url: str) -> str:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            backend = make_url(url).get_backend_name()
        except ArgumentError:
            backend = ""
        if backend not in DATABASES:
            raise ValueError(
                "expected sqlite:///FILE or postgresql+psycopg://USER:PASSWORD@HOST/DB"
            )
        return url

    @field_validator("chunk_threads", "render_workers", "rule_workers", mode="before")
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


class ConfigError(ValueError):
    """Settings or thresholds that cannot be used, in one line: where, key, value, expected."""


def settings_errors(exc: ValidationError) -> str:
    """A `Settings` validation error as one line, a clause per setting."""
    return "; ".join(_settings_line(e) for e in exc.errors())


def _settings_line(error: Any) -> str:
    name = ENV_PREFIX + ".".join(str(k) for k in error["loc"]).upper()
    message = str(error["msg"]).removeprefix("Value error, ")
    expected = message.removeprefix("Input should be ")
    found = f"={error['input']!r}" if "input" in error else ""
    what = f"expected {expected}" if expected != message else message
    return f"setting {name}{found} (environment or .env): {what}"


def check_configuration() -> Settings:
    """The settings, after checking them and the thresholds they name; else `ConfigError`.

    Read afresh (not the cached ones), so that a command sees the file as it is now.
    """
    try:
        settings = Settings()
    except ValidationError as exc:
        raise ConfigError(settings_errors(exc)) from None
    try:
        load_thresholds(settings.rules_config)
    except ThresholdsError as exc:
        raise ConfigError(f"thresholds: {exc}") from None
    return settings
