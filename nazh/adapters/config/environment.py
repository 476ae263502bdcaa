"""The bot's settings, read from the environment (and an optional ``.env``), validated at start."""

from __future__ import annotations

import base64
import binascii
import importlib.util
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Literal, TypeVar
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from nazh.application.saved.attachments import (
    DISCORD_ATTACHMENT_HOSTS,
    Origin,
    OriginError,
    parse_origin,
    parse_origins,
)
from nazh.application.sharding.plan import ShardPlan, ShardPlanError, parse_shard_ids
from nazh.application.shared.json_types import JsonMapping

DISCORD_API_URL = "https://discord.com/api/v10"
PUBLIC_KEY_HEX_LENGTH = 64
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
DATABASE_SCHEMES = frozenset({
    "sqlite", "sqlite+aiosqlite", "postgresql", "postgres", "postgresql+asyncpg",
})
REDIS_SCHEMES = frozenset({"redis", "rediss", "unix"})
SECRETS_DIR = "NAZH_SECRETS_DIR"
"""Files named after settings, each its value (Kubernetes, Docker); the environment wins."""


EventLoop = Literal["uvloop", "asyncio"]
"""The event loops the bot can run on (``NAZH_EVENT_LOOP``; :mod:`nazh.adapters.event_loop`)."""


def uvloop_installed() -> bool:
    """Whether uvloop can be chosen (it is installed with Nazh, except on Windows)."""
    return importlib.util.find_spec("uvloop") is not None


class ConfigError(Exception):
    """The settings are invalid; ``problems`` lists each one (no secret values)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            "invalid settings:\n" + "\n".join(f"  - {problem}" for problem in problems)
        )


class StorageConfig(BaseSettings):
    """Where the roll log and saved rolls are kept (all ``nazh`` commands that use them)."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True,
        hide_input_in_errors=True,
    )

    database: SecretStr | None = Field(None, validation_alias="NAZH_DATABASE_URL")
    data_dir: Path = Field(Path("data"), validation_alias="NAZH_DATA_DIR")
    history_days: int | None = Field(None, gt=0, validation_alias="NAZH_HISTORY_DAYS")
    journal: Path | None = Field(None, validation_alias="NAZH_JOURNAL_DIR")
    signing_key: SecretStr | None = Field(None, validation_alias="NAZH_SIGNING_KEY")
    checkpoints: Path | None = Field(None, validation_alias="NAZH_CHECKPOINT_FILE")
    checkpoint_every: int = Field(100, ge=1, le=1_000_000,
                                  validation_alias="NAZH_CHECKPOINT_EVERY")
    checkpoint_minutes: float = Field(10.0, gt=0, le=24 * 60,
                                      validation_alias="NAZH_CHECKPOINT_MINUTES")

    @property
    def checkpoint_file(self) -> Path:
        """``NAZH_CHECKPOINT_FILE``, else ``checkpoints.jsonl`` in ``NAZH_DATA_DIR``."""
        path = self.checkpoints or self.data_dir / "checkpoints.jsonl"
        return path.expanduser().resolve()

    @field_validator("signing_key")
    @classmethod
    def _signing_seed(cls, key: SecretStr | None) -> SecretStr | None:
        if key is None:
            return None
        value = key.get_secret_value().strip().lower()
        if not value:
            return None
        if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
            raise ValueError("expected 64 hex digits (an Ed25519 seed): make one with "
                             "`nazh keys new`")
        return SecretStr(value)

    @property
    def journal_dir(self) -> Path:
        """``NAZH_JOURNAL_DIR``, else ``journal`` in ``NAZH_DATA_DIR`` (rolls until in the DB)."""
        directory = self.journal if self.journal is not None else self.data_dir / "journal"
        return directory.expanduser().resolve()

    @property
    def database_url(self) -> str:
        """``NAZH_DATABASE_URL``, else a SQLite file ``nazh.sqlite3`` in ``NAZH_DATA_DIR``."""
        if self.database is not None:
            return self.database.get_secret_value()
        path = self.data_dir.expanduser().resolve() / "nazh.sqlite3"
        return f"sqlite+aiosqlite:///{path}"

    @field_validator("database", mode="before")
    @classmethod
    def _database_scheme(cls, value: object) -> object:
        return _url_with_scheme(
            value, DATABASE_SCHEMES,
            "sqlite+aiosqlite:///PATH or postgresql://USER@HOST/DB",
        )


def _http_url(url: str) -> str:
    if not url.startswith(("http://", "https://")):
        raise ValueError("must be an http:// or https:// URL")
    return url.rstrip("/")


def _url_with_scheme(value: object, schemes: Iterable[str], expected: str) -> object:
    """``value`` stripped if a URL with one of ``schemes``, None if blank; else a ValueError."""
    text = value.get_secret_value() if isinstance(value, SecretStr) else value
    if not isinstance(text, str):
        return value
    if not text.strip():
        return None
    scheme, separator, _ = text.strip().partition("://")
    if not separator or scheme not in schemes:
        # Name the scheme only: the rest of a URL may hold a password.
        shown = f"scheme {scheme[:24]!r}" if separator and scheme.replace("+", "").isalnum() \
            else "no scheme"
        raise ValueError(f"expected {expected} (got {shown})")
    return text.strip()


_S = TypeVar("_S", bound=StorageConfig)


def _retired_fallback_url(url: str | None) -> None:
    # Set, it would once have sent REST around a dead proxy: refused rather than ignored.
    if url and url.strip():
        raise ValueError("is no longer read: REST requests go around a dead rate-limit proxy "
                         "through the load balancer in front of it (see docs/deploying.md); "
                         "interaction callbacks go to NAZH_DISCORD_CALLBACK_URL")


class Config(StorageConfig):
    """Every setting of ``nazh run``; the environment variable names are in the aliases."""

    discord_token: SecretStr = Field(validation_alias="DISCORD_TOKEN")
    discord_api_url: str = Field(DISCORD_API_URL, validation_alias="NAZH_DISCORD_API_URL")
    discord_callback_url: str | None = Field(None, validation_alias="NAZH_DISCORD_CALLBACK_URL")
    retired_fallback_url: Annotated[str | None, AfterValidator(_retired_fallback_url)] = Field(
        None, validation_alias="NAZH_DISCORD_API_FALLBACK_URL")
    discord_public_key: str | None = Field(None, validation_alias="DISCORD_PUBLIC_KEY")
    dev_guilds: Annotated[tuple[int, ...], NoDecode] = Field(
        (), validation_alias="NAZH_DEV_GUILDS"
    )
    answer_budget: float = Field(2.0, gt=0, le=3, validation_alias="NAZH_ANSWER_BUDGET_SECONDS")
    audit_minutes: float = Field(60.0, gt=0, le=7 * 24 * 60, validation_alias="NAZH_AUDIT_MINUTES")
    max_in_flight: int = Field(1000, ge=0, validation_alias="NAZH_MAX_IN_FLIGHT")
    concurrency: int = Field(64, ge=1, le=10_000, validation_alias="NAZH_CONCURRENCY")
    user_per_minute: int = Field(120, ge=0, validation_alias="NAZH_USER_RATE_PER_MINUTE")
    user_burst: int = Field(30, ge=1, validation_alias="NAZH_USER_BURST")
    guild_per_minute: int = Field(1200, ge=0, validation_alias="NAZH_GUILD_RATE_PER_MINUTE")
    guild_burst: int = Field(240, ge=1, validation_alias="NAZH_GUILD_BURST")
    redis_url: SecretStr | None = Field(None, validation_alias="NAZH_REDIS_URL")
    checkpoint_url: SecretStr | None = Field(None, validation_alias="NAZH_CHECKPOINT_URL")
    checkpoint_url_token: SecretStr | None = Field(None,
                                                   validation_alias="NAZH_CHECKPOINT_URL_TOKEN")
    rng: Literal["system", "seeded"] = Field("system", validation_alias="NAZH_RNG")
    rng_seed: int | None = Field(None, validation_alias="NAZH_RNG_SEED",
                                 validate_default=True)
    log_level: LogLevel = Field("INFO", validation_alias="NAZH_LOG_LEVEL")
    log_file: Path | None = Field(None, validation_alias="NAZH_LOG_FILE")
    log_format: Literal["text", "json"] = Field("text", validation_alias="NAZH_LOG_FORMAT")
    event_loop: EventLoop = Field("asyncio", validation_alias="NAZH_EVENT_LOOP")
    app_env: Literal["development", "test", "staging", "production"] = Field(
        "development", validation_alias="APP_ENV", validate_default=True
    )
    http_host: str | None = Field(None, validation_alias="NAZH_HTTP_HOST")
    http_port: int | None = Field(None, ge=0, le=65535, validation_alias="NAZH_HTTP_PORT")
    platform_port: int | None = Field(None, ge=1, le=65535, validation_alias="PORT")
    git_commit: str | None = Field(None, validation_alias="GIT_COMMIT")
    render_git_commit: str | None = Field(None, validation_alias="RENDER_GIT_COMMIT")
    shard_count: int | None = Field(None, ge=1, le=100_000, validation_alias="NAZH_SHARD_COUNT")
    shard_ids: Annotated[tuple[int, ...] | None, NoDecode] = Field(
        None, validation_alias="NAZH_SHARD_IDS")
    replica_count: int | None = Field(None, ge=1, le=10_000,
                                      validation_alias="NAZH_REPLICA_COUNT")
    replica_index: int | None = Field(None, ge=0, validation_alias="NAZH_REPLICA_INDEX",
                                      validate_default=True)
    attachment_hosts: Annotated[tuple[str, ...], NoDecode] = Field(
        DISCORD_ATTACHMENT_HOSTS, validation_alias="NAZH_ATTACHMENT_HOSTS")
    pseudo_locale: bool = Field(False, validation_alias="NAZH_PSEUDO_LOCALE")

    @property
    def sidecar_address(self) -> tuple[str, int]:
        """``NAZH_HTTP_*``, else the platform's ``PORT`` on all interfaces, else 127.0.0.1:8080."""
        port = self.http_port if self.http_port is not None else self.platform_port or 8080
        default_host = "0.0.0.0" if self.platform_port is not None else "127.0.0.1"
        return self.http_host or default_host, port

    @property
    def attachment_origins(self) -> tuple[Origin, ...]:
        """Where files users attach (``/saved import``) may be fetched from."""
        return tuple(parse_origin(entry) for entry in self.attachment_hosts)

    @property
    def shard_plan(self) -> ShardPlan:
        """Which gateway shards this process runs (``nazh run``)."""
        return ShardPlan(self.shard_count, self.shard_ids, self.replica_count,
                         self.replica_index)

    @property
    def commit(self) -> str:
        """The running git commit, or ``unknown``."""
        return (self.git_commit or self.render_git_commit or "unknown").strip()[:40]

    @field_validator("checkpoint_url", mode="before")
    @classmethod
    def _checkpoint_url(cls, value: object, info: ValidationInfo) -> object:
        url = _url_with_scheme(value, ("http", "https"), "http(s)://HOST[:PORT]/PATH")
        if isinstance(url, str) and not urlsplit(url).hostname:
            raise ValueError("the URL has no host")
        if url is not None and "signing_key" in info.data and info.data["signing_key"] is None:
            raise ValueError("checkpoints are only made with a signing key: set "
                             "NAZH_SIGNING_KEY too (make one with `nazh keys new`)")
        return url

    @property
    def checkpoint_mirror_file(self) -> Path:
        """How many checkpoints each mirror has been sent: a file beside the checkpoint file."""
        return self.checkpoint_file.with_name(self.checkpoint_file.name + ".sent.json")

    @field_validator("redis_url", mode="before")
    @classmethod
    def _redis_url(cls, value: object) -> object:
        url = _url_with_scheme(
            value, REDIS_SCHEMES, "redis://[:PASSWORD@]HOST[:PORT][/DB], rediss://... or unix://PATH"
        )
        if isinstance(url, str) and not url.startswith("unix:"):
            parts = urlsplit(url)
            try:
                parts.port  # noqa: B018 - raises ValueError when not a number in 0-65535
            except ValueError:
                raise ValueError("the port is not a number from 0 to 65535") from None
            database = parts.path.strip("/")
            if database and not database.isdigit():
                raise ValueError("the database (the path after the host) must be a number")
        return url

    @field_validator("discord_token")
    @classmethod
    def _token_shape(cls, token: SecretStr) -> SecretStr:
        value = token.get_secret_value().strip()
        if not _looks_like_bot_token(value):
            raise ValueError(
                "not a Discord bot token (expected three dot-separated parts, the first the "
                "base64 of the bot's id); copy it again from the Developer Portal"
            )
        return SecretStr(value)

    @field_validator("discord_public_key", mode="before")
    @classmethod
    def _public_key(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        key = value.strip().lower()
        if not key:
            return None
        if len(key) != PUBLIC_KEY_HEX_LENGTH or any(c not in "0123456789abcdef" for c in key):
            raise ValueError(
                f"expected the application's public key: {PUBLIC_KEY_HEX_LENGTH} hex digits "
                f"(got {len(key)} characters); copy it from the Developer Portal's General "
                "Information page")
        return key

    @field_validator("discord_api_url")
    @classmethod
    def _api_url(cls, url: str) -> str:
        return _http_url(url)

    @field_validator("discord_callback_url")
    @classmethod
    def _callback_url(cls, url: str | None) -> str | None:
        return _http_url(url) if url and url.strip() else None

    @field_validator("dev_guilds", mode="before")
    @classmethod
    def _guild_list(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        ids = [part.strip() for part in value.split(",") if part.strip()]
        bad = [part for part in ids if not part.isdigit() or int(part) == 0]
        if bad:
            raise ValueError(
                f"expected comma-separated guild ids (numbers), got {', '.join(bad)[:80]}"
            )
        return tuple(int(part) for part in ids)

    @field_validator("attachment_hosts", mode="before")
    @classmethod
    def _attachment_hosts(cls, value: object) -> object:
        entries = value.split(",") if isinstance(value, str) else value
        if not isinstance(entries, list | tuple):
            return value
        try:
            return tuple(str(origin) for origin in parse_origins(map(str, entries)))
        except OriginError as error:
            raise ValueError(str(error)) from None

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _shard_list(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        if not value.strip():
            return None
        try:
            return parse_shard_ids(value)
        except ShardPlanError as error:
            raise ValueError(str(error)) from None

    @field_validator("shard_ids")
    @classmethod
    def _shards_in_count(cls, ids: tuple[int, ...] | None,
                         info: ValidationInfo) -> tuple[int, ...] | None:
        if ids is None:
            return ids
        count = info.data.get("shard_count")
        if count is None:
            raise ValueError("needs NAZH_SHARD_COUNT too: every process must agree on the "
                             "total number of shards")
        outside = [shard for shard in ids if shard >= count]
        if outside:
            raise ValueError(f"shard {outside[0]} is not below NAZH_SHARD_COUNT={count} "
                             f"(shards are numbered from 0 to {count - 1})")
        return ids

    @field_validator("replica_index")
    @classmethod
    def _replica_place(cls, index: int | None, info: ValidationInfo) -> int | None:
        replicas = info.data.get("replica_count")
        if replicas is None:
            if index is not None:
                raise ValueError("needs NAZH_REPLICA_COUNT (how many processes share the "
                                 "shards)")
            return index
        if index is None:
            raise ValueError(f"is required with NAZH_REPLICA_COUNT={replicas} (this process's "
                             f"place, 0 to {replicas - 1})")
        if index >= replicas:
            raise ValueError(f"must be below NAZH_REPLICA_COUNT={replicas} (got {index})")
        if info.data.get("shard_ids") is not None:
            raise ValueError("and NAZH_SHARD_IDS both choose this process's shards: set one")
        count = info.data.get("shard_count")
        if count is not None and count < replicas:
            raise ValueError(f"{replicas} replicas need at least {replicas} shards "
                             f"(NAZH_SHARD_COUNT={count})")
        return index

    @field_validator("log_level", "rng", "log_format", "app_env", "event_loop", mode="before")
    @classmethod
    def _case(cls, value: object, info: ValidationInfo) -> object:
        if not isinstance(value, str):
            return value
        return value.strip().upper() if info.field_name == "log_level" else value.strip().lower()

    # Cross-field rules are field validators (not a model validator), so they are reported
    # together with every other problem.
    @field_validator("rng_seed")
    @classmethod
    def _seeded_needs_seed(cls, seed: int | None, info: ValidationInfo) -> int | None:
        if info.data.get("rng") == "seeded" and seed is None:
            raise ValueError("is required (an integer) when NAZH_RNG=seeded")
        return seed

    @field_validator("event_loop")
    @classmethod
    def _loop_installed(cls, choice: EventLoop) -> EventLoop:
        if choice == "uvloop" and not uvloop_installed():
            raise ValueError("uvloop is not installed (it is not made for Windows): "
                             "set NAZH_EVENT_LOOP=asyncio")
        return choice

    @field_validator("app_env")
    @classmethod
    def _no_seeded_dice_in_production(cls, env: str, info: ValidationInfo) -> str:
        if info.data.get("rng") == "seeded" and env == "production":
            raise ValueError("production refuses NAZH_RNG=seeded: seeded dice are predictable")
        return env


class ServeConfig(Config):
    """The settings of ``nazh serve``: ``nazh run``'s plus the public key verifying interactions."""

    discord_public_key: str = Field(validation_alias="DISCORD_PUBLIC_KEY")


def load_serve_config(overrides: JsonMapping | None = None,
                        env_file: Path | None = Path(".env")) -> ServeConfig:
    """Read and validate the settings of ``nazh serve`` (:class:`ConfigError` lists problems)."""
    return _load(ServeConfig, overrides, env_file)


def load_config(overrides: JsonMapping | None = None,
                  env_file: Path | None = Path(".env")) -> Config:
    """Read and validate the settings (``overrides`` by variable name beat the environment)."""
    return _load(Config, overrides, env_file)


def load_storage_config(overrides: JsonMapping | None = None,
                          env_file: Path | None = Path(".env")) -> StorageConfig:
    """Read and validate the storage settings alone (no Discord token needed)."""
    return _load(StorageConfig, overrides, env_file)


def _load(kind: type[_S], overrides: JsonMapping | None, env_file: Path | None) -> _S:
    values = dict(overrides or {})
    secrets_dir = values.pop(SECRETS_DIR, None) or os.environ.get(SECRETS_DIR) or None
    if secrets_dir is not None and not Path(secrets_dir).is_dir():
        raise ConfigError([f"{SECRETS_DIR}: {secrets_dir} is not a directory"])
    try:
        return kind(_env_file=env_file, _secrets_dir=secrets_dir,  # type: ignore[call-arg]
                    **values)
    except ValidationError as error:
        raise ConfigError([_describe(problem) for problem in error.errors()]) from None


_ENV_NAMES = {
    name: str(field.validation_alias) for name, field in Config.model_fields.items()
}


def _describe(problem: JsonMapping) -> str:
    location = ".".join(str(part) for part in problem.get("loc", ()))
    name = _ENV_NAMES.get(location, location) or "settings"
    message = str(problem.get("msg", "invalid")).removeprefix("Value error, ")
    if problem.get("type") == "missing":
        message = "is required"
    return f"{name}: {message}"


def _looks_like_bot_token(token: str) -> bool:
    parts = token.split(".")
    if len(parts) != 3 or not all(parts):
        return False
    head = parts[0] + "=" * (-len(parts[0]) % 4)
    try:
        return base64.urlsafe_b64decode(head).decode("ascii").isdigit()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return False
