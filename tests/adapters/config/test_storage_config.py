"""The storage settings: the default SQLite file, NAZH_DATABASE_URL, NAZH_HISTORY_DAYS; the
same error format as the bot's settings, and a password never shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from nazh.adapters.config.environment import (
    Config,
    ConfigError,
    StorageConfig,
    load_config,
    load_storage_config,
)

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GzQxWv.QuIbBlEdSecretPartNazhTest_8f3k2j9"
VARIABLES = ("DISCORD_TOKEN", "NAZH_DATABASE_URL", "NAZH_DATA_DIR", "NAZH_HISTORY_DAYS")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.chdir(tmp_path)


def problems(**overrides: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_storage_config(overrides, env_file=None)
    return caught.value.problems


def test_the_default_is_a_sqlite_file_in_the_data_directory(tmp_path: Path) -> None:
    settings = load_storage_config(env_file=None)
    assert settings.database_url == f"sqlite+aiosqlite:///{tmp_path / 'data' / 'nazh.sqlite3'}"
    assert settings.history_days is None


def test_the_data_directory_can_be_moved(tmp_path: Path) -> None:
    settings = load_storage_config({"NAZH_DATA_DIR": "state/nazh"}, env_file=None)
    assert settings.database_url.endswith(f"{tmp_path}/state/nazh/nazh.sqlite3")


def test_a_database_url_is_used_as_given_and_never_shown() -> None:
    url = "postgresql+asyncpg://nazh:hunter2@db:5432/nazh"
    settings = load_storage_config({"NAZH_DATABASE_URL": url}, env_file=None)
    assert settings.database_url == url
    assert "hunter2" not in repr(settings) + str(settings)


@pytest.mark.parametrize("url", ["sqlite:///x.db", "sqlite+aiosqlite:///x.db",
                                 "postgresql://u@h/db", "postgres://u@h/db",
                                 "postgresql+asyncpg://u@h/db"])
def test_sqlite_and_postgresql_urls_are_accepted(url: str) -> None:
    assert load_storage_config({"NAZH_DATABASE_URL": url}, env_file=None).database_url == url


def test_an_empty_url_means_the_default() -> None:
    settings = load_storage_config({"NAZH_DATABASE_URL": "  "}, env_file=None)
    assert settings.database_url.startswith("sqlite+aiosqlite:///")


def test_the_history_days_are_a_positive_number() -> None:
    assert load_storage_config({"NAZH_HISTORY_DAYS": "90"}, env_file=None).history_days == 90
    assert problems(NAZH_HISTORY_DAYS="0") == [
        "NAZH_HISTORY_DAYS: Input should be greater than 0"]


def test_every_problem_is_listed_without_the_password() -> None:
    found = problems(NAZH_DATABASE_URL="mysql://root:hunter2@db/nazh", NAZH_HISTORY_DAYS="x")
    assert [problem.split(":")[0] for problem in found] == ["NAZH_DATABASE_URL",
                                                            "NAZH_HISTORY_DAYS"]
    assert "scheme 'mysql'" in found[0]
    assert "hunter2" not in "".join(found)


def test_a_url_without_a_scheme_is_refused_without_showing_it() -> None:
    [problem] = problems(NAZH_DATABASE_URL="root:hunter2@db/nazh")
    assert problem.endswith("(got no scheme)")
    assert "hunter2" not in problem


def test_storage_settings_need_no_token_and_the_bot_settings_include_them() -> None:
    assert isinstance(load_storage_config(env_file=None), StorageConfig)
    settings = load_config({"DISCORD_TOKEN": TOKEN, "NAZH_HISTORY_DAYS": "30"}, env_file=None)
    assert isinstance(settings, Config)
    assert settings.history_days == 30
    assert settings.database_url.startswith("sqlite+aiosqlite:///")
