"""The bot's settings: every variable, every problem listed at once, the token never shown."""

from __future__ import annotations

import importlib.util
import traceback
from pathlib import Path

import pytest

from nazh.adapters.config.environment import (
    DISCORD_API_URL,
    Config,
    ConfigError,
    load_config,
)
from nazh.application.saved.attachments import Origin
from nazh.application.sharding.plan import ShardPlan

# Well-formed: the first part is the base64 of a snowflake ("1234567890123456789").
TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GzQxWv.QuIbBlEdSecretPartNazhTest_8f3k2j9"
# Malformed (no dots), but just as distinctive.
BAD_TOKEN = "ZorblaxSecretNotATokenNazhTest_q7w8e9r0t1y2"
# Three parts, but the first is base64 of "hello", not of an id.
NOT_AN_ID_TOKEN = "aGVsbG8.GzQxWv.AnotherSecretPartNazhTest_zz81"

VARIABLES = (
    "DISCORD_TOKEN", "NAZH_DISCORD_API_URL", "NAZH_DEV_GUILDS", "NAZH_RNG", "NAZH_RNG_SEED",
    "NAZH_LOG_LEVEL", "NAZH_LOG_FILE", "NAZH_LOG_FORMAT", "APP_ENV", "NAZH_ATTACHMENT_HOSTS",
    "NAZH_EVENT_LOOP",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No Nazh variable from the outside, and no stray ``.env`` in the working directory."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.chdir(tmp_path)


def load(**overrides: object) -> Config:
    return load_config({"DISCORD_TOKEN": TOKEN, **overrides}, env_file=None)


def problems(**overrides: object) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_config(overrides, env_file=None)
    return caught.value.problems


def full_text(error: BaseException) -> str:
    """Everything the error could show: message, repr, traceback, chained errors."""
    parts = [str(error), repr(error), "".join(traceback.format_exception(error))]
    for linked in (error.__cause__, error.__context__):
        if linked is not None:
            parts += [str(linked), repr(linked)]
    return "\n".join(parts)


# -- defaults and each variable --------------------------------------------------------------


def test_only_the_token_is_required() -> None:
    settings = load()
    assert settings.discord_token.get_secret_value() == TOKEN
    assert settings.discord_api_url == DISCORD_API_URL == "https://discord.com/api/v10"
    assert settings.dev_guilds == ()
    assert settings.rng == "system"
    assert settings.rng_seed is None
    assert settings.log_level == "INFO"
    assert settings.log_file is None
    assert settings.log_format == "text"
    assert settings.app_env == "development"


def test_the_token_is_required() -> None:
    assert problems() == ["DISCORD_TOKEN: is required"]


def test_the_token_is_stripped_and_kept_secret() -> None:
    settings = load(DISCORD_TOKEN=f"  {TOKEN}\n")
    assert settings.discord_token.get_secret_value() == TOKEN
    assert TOKEN not in repr(settings)
    assert TOKEN not in str(settings.model_dump())


@pytest.mark.parametrize("token", [
    BAD_TOKEN,
    NOT_AN_ID_TOKEN,
    "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ..QuIbBlEdSecret",
    "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GzQxWv",
    "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.a.b.c",
    "Bot MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GzQxWv.QuIbBlEd",
    "!!!!.GzQxWv.QuIbBlEdSecret",
])
def test_a_malformed_token_is_refused_without_showing_it(token: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config({"DISCORD_TOKEN": token}, env_file=None)
    (problem,) = caught.value.problems
    assert problem.startswith("DISCORD_TOKEN: not a Discord bot token")
    shown = full_text(caught.value)
    assert token not in shown
    assert [part for part in token.split(".") if len(part) > 8 and part in shown] == []


def test_an_empty_token_is_refused_as_malformed() -> None:
    with pytest.raises(ConfigError) as caught:
        load_config({"DISCORD_TOKEN": ""}, env_file=None)
    (problem,) = caught.value.problems
    assert problem.startswith("DISCORD_TOKEN: not a Discord bot token")


def test_the_api_url_loses_its_trailing_slash() -> None:
    assert load(NAZH_DISCORD_API_URL="http://127.0.0.1:8080/api/v10/").discord_api_url == (
        "http://127.0.0.1:8080/api/v10")


@pytest.mark.parametrize("url", ["ftp://discord.com/api", "discord.com/api/v10", ""])
def test_the_api_url_must_be_http(url: str) -> None:
    assert problems(DISCORD_TOKEN=TOKEN, NAZH_DISCORD_API_URL=url) == [
        "NAZH_DISCORD_API_URL: must be an http:// or https:// URL"]


def test_the_callback_url_is_optional_and_must_be_http() -> None:
    assert load().discord_callback_url is None
    assert load(NAZH_DISCORD_CALLBACK_URL="").discord_callback_url is None
    assert load(NAZH_DISCORD_CALLBACK_URL="https://discord.com/api/v10/"
                ).discord_callback_url == "https://discord.com/api/v10"
    assert problems(DISCORD_TOKEN=TOKEN, NAZH_DISCORD_CALLBACK_URL="discord.com") == [
        "NAZH_DISCORD_CALLBACK_URL: must be an http:// or https:// URL"]


def test_the_retired_fallback_url_is_refused_with_where_its_work_went() -> None:
    """A deployment from before REST's way around a dead proxy moved to the load balancer."""
    assert load(NAZH_DISCORD_API_FALLBACK_URL="").discord_callback_url is None
    [problem] = problems(DISCORD_TOKEN=TOKEN,
                         NAZH_DISCORD_API_FALLBACK_URL="https://discord.com/api/v10")
    assert problem == (
        "NAZH_DISCORD_API_FALLBACK_URL: is no longer read: REST requests go around a dead "
        "rate-limit proxy through the load balancer in front of it (see docs/deploying.md); "
        "interaction callbacks go to NAZH_DISCORD_CALLBACK_URL")


@pytest.mark.parametrize(("text", "guilds"), [
    ("", ()),
    ("123", (123,)),
    ("123,456", (123, 456)),
    (" 123 , 456 ,", (123, 456)),
])
def test_dev_guilds_are_a_comma_separated_list(text: str, guilds: tuple[int, ...]) -> None:
    assert load(NAZH_DEV_GUILDS=text).dev_guilds == guilds


@pytest.mark.parametrize(("text", "named"), [
    ("123,abc", "abc"), ("0", "0"), ("-5", "-5"), ("12;34", "12;34"), ("1.5,x", "1.5, x"),
])
def test_dev_guilds_must_be_ids(text: str, named: str) -> None:
    assert problems(DISCORD_TOKEN=TOKEN, NAZH_DEV_GUILDS=text) == [
        f"NAZH_DEV_GUILDS: expected comma-separated guild ids (numbers), got {named}"]


@pytest.mark.parametrize("value", ["seeded", "SEEDED", " Seeded "])
def test_a_seeded_rng_with_its_seed(value: str) -> None:
    settings = load(NAZH_RNG=value, NAZH_RNG_SEED="42")
    assert (settings.rng, settings.rng_seed) == ("seeded", 42)


def test_the_rng_must_be_system_or_seeded() -> None:
    (problem,) = problems(DISCORD_TOKEN=TOKEN, NAZH_RNG="dice")
    assert problem == "NAZH_RNG: Input should be 'system' or 'seeded'"


def test_a_seeded_rng_needs_a_seed() -> None:
    assert problems(DISCORD_TOKEN=TOKEN, NAZH_RNG="seeded") == [
        "NAZH_RNG_SEED: is required (an integer) when NAZH_RNG=seeded"]


def test_the_seed_must_be_an_integer() -> None:
    (problem,) = problems(DISCORD_TOKEN=TOKEN, NAZH_RNG="seeded", NAZH_RNG_SEED="lucky")
    assert problem.startswith("NAZH_RNG_SEED: Input should be a valid integer")


@pytest.mark.parametrize("env", ["production", "PRODUCTION"])
def test_a_seeded_rng_is_refused_in_production(env: str) -> None:
    assert problems(DISCORD_TOKEN=TOKEN, NAZH_RNG="seeded", NAZH_RNG_SEED="7", APP_ENV=env) == [
        "APP_ENV: production refuses NAZH_RNG=seeded: seeded dice are predictable"]


@pytest.mark.parametrize("env", ["development", "test", "staging"])
def test_a_seeded_rng_is_allowed_outside_production(env: str) -> None:
    assert load(NAZH_RNG="seeded", NAZH_RNG_SEED="7", APP_ENV=env).app_env == env


@pytest.mark.parametrize(("text", "level"), [
    ("debug", "DEBUG"), ("Info", "INFO"), (" warning ", "WARNING"), ("ERROR", "ERROR"),
    ("critical", "CRITICAL"),
])
def test_the_log_level_is_case_insensitive(text: str, level: str) -> None:
    assert load(NAZH_LOG_LEVEL=text).log_level == level


def test_an_unknown_log_level_is_refused() -> None:
    (problem,) = problems(DISCORD_TOKEN=TOKEN, NAZH_LOG_LEVEL="loud")
    assert problem == (
        "NAZH_LOG_LEVEL: Input should be 'DEBUG', 'INFO', 'WARNING', 'ERROR' or 'CRITICAL'")


def test_the_log_file_is_a_path(tmp_path: Path) -> None:
    assert load(NAZH_LOG_FILE=str(tmp_path / "nazh.log")).log_file == tmp_path / "nazh.log"


@pytest.mark.parametrize(("text", "fmt"), [("json", "json"), ("JSON", "json"), ("Text", "text")])
def test_the_log_format(text: str, fmt: str) -> None:
    assert load(NAZH_LOG_FORMAT=text).log_format == fmt


def test_an_unknown_log_format_is_refused() -> None:
    assert problems(DISCORD_TOKEN=TOKEN, NAZH_LOG_FORMAT="xml") == [
        "NAZH_LOG_FORMAT: Input should be 'text' or 'json'"]


def test_the_bot_runs_on_asyncios_loop_unless_uvloop_is_chosen() -> None:
    assert load().event_loop == "asyncio"


@pytest.mark.parametrize(("text", "loop"), [("asyncio", "asyncio"), (" UVLoop ", "uvloop")])
def test_the_event_loop_can_be_chosen(text: str, loop: str) -> None:
    assert load(NAZH_EVENT_LOOP=text).event_loop == loop


def test_an_unknown_event_loop_is_refused() -> None:
    assert problems(DISCORD_TOKEN=TOKEN, NAZH_EVENT_LOOP="trio") == [
        "NAZH_EVENT_LOOP: Input should be 'uvloop' or 'asyncio'"]


def test_uvloop_chosen_where_it_is_not_installed_is_refused_with_the_reason(
        monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *args: None if name == "uvloop" else real(name, *args))
    assert load().event_loop == "asyncio"
    assert problems(DISCORD_TOKEN=TOKEN, NAZH_EVENT_LOOP="uvloop") == [
        "NAZH_EVENT_LOOP: uvloop is not installed (it is not made for Windows): "
        "set NAZH_EVENT_LOOP=asyncio"]


@pytest.mark.parametrize("env", ["development", "test", "staging", "production", "Staging"])
def test_the_app_env(env: str) -> None:
    assert load(APP_ENV=env).app_env == env.lower()


def test_an_unknown_app_env_is_refused() -> None:
    (problem,) = problems(DISCORD_TOKEN=TOKEN, APP_ENV="prod")
    assert problem.startswith("APP_ENV: Input should be 'development'")


@pytest.mark.parametrize("url", ["redis://cache:6379/0", "rediss://:pw@cache:6380",
                                 "unix:///run/redis.sock", " redis://cache "])
def test_the_redis_url(url: str) -> None:
    loaded = load(NAZH_REDIS_URL=url).redis_url
    assert loaded is not None
    assert loaded.get_secret_value() == url.strip()


def test_a_blank_redis_url_means_no_redis() -> None:
    assert load(NAZH_REDIS_URL="  ").redis_url is None


@pytest.mark.parametrize(("url", "shown"), [
    ("localhost:6379", "no scheme"),
    ("http://:Hunter2Secret@cache:6379", "scheme 'http'"),
    ("Hunter2Secret@cache", "no scheme"),
])
def test_a_redis_url_without_a_redis_scheme_is_refused_without_showing_it(
        url: str, shown: str) -> None:
    (problem,) = problems(DISCORD_TOKEN=TOKEN, NAZH_REDIS_URL=url)
    assert problem.startswith("NAZH_REDIS_URL: ")
    assert problem.endswith(f"(got {shown})")
    assert "Hunter2Secret" not in problem
    assert "6379" not in problem


@pytest.mark.parametrize(("url", "problem"), [
    ("redis://:Hunter2Secret@cache:port/0", "the port is not a number from 0 to 65535"),
    ("redis://:Hunter2Secret@cache:99999", "the port is not a number from 0 to 65535"),
    ("redis://:Hunter2Secret@cache:6379/zero", "the database (the path after the host) must be "
                                                "a number"),
])
def test_a_redis_url_with_a_bad_port_or_database_is_refused_without_showing_it(
        url: str, problem: str) -> None:
    assert problems(DISCORD_TOKEN=TOKEN, NAZH_REDIS_URL=url) == [
        f"NAZH_REDIS_URL: {problem}"]


# -- every problem at once, no secret ---------------------------------------------------------


def test_every_problem_is_listed_in_one_error_without_the_malformed_token() -> None:
    with pytest.raises(ConfigError) as caught:
        load_config({
            "DISCORD_TOKEN": BAD_TOKEN,
            "NAZH_DISCORD_API_URL": "ftp://x",
            "NAZH_DEV_GUILDS": "1,x",
            "NAZH_RNG": "dice",
            "NAZH_RNG_SEED": "abc",
            "NAZH_LOG_LEVEL": "loud",
            "NAZH_LOG_FORMAT": "xml",
            "APP_ENV": "prod",
        }, env_file=None)
    named = [problem.split(":")[0] for problem in caught.value.problems]
    assert named == ["DISCORD_TOKEN", "NAZH_DISCORD_API_URL", "NAZH_DEV_GUILDS", "NAZH_RNG",
                     "NAZH_RNG_SEED", "NAZH_LOG_LEVEL", "NAZH_LOG_FORMAT", "APP_ENV"]
    message = str(caught.value)
    assert message.startswith("invalid settings:\n  - DISCORD_TOKEN: ")
    assert message.count("\n  - ") == 8
    assert BAD_TOKEN not in full_text(caught.value)


def test_a_well_formed_token_is_not_shown_when_another_setting_is_wrong() -> None:
    with pytest.raises(ConfigError) as caught:
        load_config({"DISCORD_TOKEN": TOKEN, "NAZH_LOG_LEVEL": "loud", "NAZH_RNG": "seeded"},
                      env_file=None)
    assert [p.split(":")[0] for p in caught.value.problems] == ["NAZH_RNG_SEED",
                                                                "NAZH_LOG_LEVEL"]
    assert TOKEN not in full_text(caught.value)
    for part in TOKEN.split("."):
        assert part not in full_text(caught.value)


def test_the_error_does_not_chain_the_validation_error() -> None:
    with pytest.raises(ConfigError) as caught:
        load_config({"DISCORD_TOKEN": BAD_TOKEN}, env_file=None)
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__


# -- the environment and the .env file --------------------------------------------------------


def test_every_variable_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    environment = {
        "DISCORD_TOKEN": TOKEN,
        "NAZH_DISCORD_API_URL": "http://127.0.0.1:9999/api/v10/",
        "NAZH_DEV_GUILDS": "11,22",
        "NAZH_RNG": "seeded",
        "NAZH_RNG_SEED": "1234",
        "NAZH_LOG_LEVEL": "debug",
        "NAZH_LOG_FILE": str(tmp_path / "logs" / "nazh.log"),
        "NAZH_LOG_FORMAT": "json",
        "APP_ENV": "test",
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    settings = load_config(env_file=None)
    assert settings.discord_token.get_secret_value() == TOKEN
    assert settings.discord_api_url == "http://127.0.0.1:9999/api/v10"
    assert settings.dev_guilds == (11, 22)
    assert (settings.rng, settings.rng_seed) == ("seeded", 1234)
    assert settings.log_level == "DEBUG"
    assert settings.log_file == tmp_path / "logs" / "nazh.log"
    assert settings.log_format == "json"
    assert settings.app_env == "test"


def test_the_environment_problems_are_listed_without_the_token(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", BAD_TOKEN)
    monkeypatch.setenv("NAZH_LOG_LEVEL", "chatty")
    with pytest.raises(ConfigError) as caught:
        load_config(env_file=None)
    assert [p.split(":")[0] for p in caught.value.problems] == ["DISCORD_TOKEN", "NAZH_LOG_LEVEL"]
    assert BAD_TOKEN not in full_text(caught.value)


def test_overrides_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", BAD_TOKEN)
    monkeypatch.setenv("NAZH_LOG_LEVEL", "ERROR")
    settings = load_config({"DISCORD_TOKEN": TOKEN, "NAZH_LOG_LEVEL": "debug"}, env_file=None)
    assert settings.discord_token.get_secret_value() == TOKEN
    assert settings.log_level == "DEBUG"


def test_a_dotenv_file_is_read(tmp_path: Path) -> None:
    env_file = tmp_path / "nazh.env"
    env_file.write_text(
        f"DISCORD_TOKEN={TOKEN}\nNAZH_LOG_LEVEL=warning\nNAZH_DEV_GUILDS=7, 8\n"
        "NAZH_LOG_FORMAT=JSON\nUNRELATED=ignored\n", encoding="utf-8")
    settings = load_config(env_file=env_file)
    assert settings.discord_token.get_secret_value() == TOKEN
    assert settings.log_level == "WARNING"
    assert settings.dev_guilds == (7, 8)
    assert settings.log_format == "json"


def test_the_environment_wins_over_the_dotenv_file(monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(f"DISCORD_TOKEN={TOKEN}\nNAZH_LOG_LEVEL=warning\n", encoding="utf-8")
    monkeypatch.setenv("NAZH_LOG_LEVEL", "error")
    assert load_config(env_file=env_file).log_level == "ERROR"


def test_a_bad_token_in_the_dotenv_file_is_not_shown(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(f"DISCORD_TOKEN={BAD_TOKEN}\nAPP_ENV=moon\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(env_file=env_file)
    assert [p.split(":")[0] for p in caught.value.problems] == ["DISCORD_TOKEN", "APP_ENV"]
    assert BAD_TOKEN not in full_text(caught.value)


def test_the_default_dotenv_file_is_the_one_in_the_working_directory(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"DISCORD_TOKEN={TOKEN}\nAPP_ENV=staging\n", encoding="utf-8")
    assert load_config().app_env == "staging"


def test_a_missing_dotenv_file_is_fine(tmp_path: Path) -> None:
    settings = load_config({"DISCORD_TOKEN": TOKEN}, env_file=tmp_path / "absent.env")
    assert settings.app_env == "development"


def test_shards_default_to_all_of_discords_recommendation() -> None:
    assert load().shard_plan == ShardPlan()


def test_shard_ids_with_their_count() -> None:
    plan = load(NAZH_SHARD_COUNT="8", NAZH_SHARD_IDS="0-2, 5").shard_plan
    assert plan == ShardPlan(count=8, ids=(0, 1, 2, 5))
    assert plan.resolve() == (8, (0, 1, 2, 5))


def test_a_replica_place() -> None:
    plan = load(NAZH_SHARD_COUNT="8", NAZH_REPLICA_COUNT="3", NAZH_REPLICA_INDEX="2").shard_plan
    assert plan.resolve() == (8, (5, 6, 7))


@pytest.mark.parametrize(("settings", "problem"), [
    ({"NAZH_SHARD_IDS": "0-1"},
     "NAZH_SHARD_IDS: needs NAZH_SHARD_COUNT too: every process must agree on the total "
     "number of shards"),
    ({"NAZH_SHARD_COUNT": "4", "NAZH_SHARD_IDS": "2-4"},
     "NAZH_SHARD_IDS: shard 4 is not below NAZH_SHARD_COUNT=4 (shards are numbered from 0 "
     "to 3)"),
    ({"NAZH_SHARD_COUNT": "4", "NAZH_SHARD_IDS": "x"},
     "NAZH_SHARD_IDS: expected shard ids like 0-3 or 0,2,5, got 'x'"),
    ({"NAZH_SHARD_COUNT": "0"}, "NAZH_SHARD_COUNT: Input should be greater than or equal to 1"),
    ({"NAZH_REPLICA_INDEX": "1"},
     "NAZH_REPLICA_INDEX: needs NAZH_REPLICA_COUNT (how many processes share the shards)"),
    ({"NAZH_REPLICA_COUNT": "3"},
     "NAZH_REPLICA_INDEX: is required with NAZH_REPLICA_COUNT=3 (this process's place, 0 to 2)"),
    ({"NAZH_REPLICA_COUNT": "3", "NAZH_REPLICA_INDEX": "3"},
     "NAZH_REPLICA_INDEX: must be below NAZH_REPLICA_COUNT=3 (got 3)"),
    ({"NAZH_SHARD_COUNT": "2", "NAZH_REPLICA_COUNT": "3", "NAZH_REPLICA_INDEX": "0"},
     "NAZH_REPLICA_INDEX: 3 replicas need at least 3 shards (NAZH_SHARD_COUNT=2)"),
    ({"NAZH_SHARD_COUNT": "4", "NAZH_SHARD_IDS": "0", "NAZH_REPLICA_COUNT": "2",
      "NAZH_REPLICA_INDEX": "0"},
     "NAZH_REPLICA_INDEX: and NAZH_SHARD_IDS both choose this process's shards: set one"),
])
def test_shard_settings_that_cannot_run(settings: dict[str, str], problem: str) -> None:
    assert problems(DISCORD_TOKEN=TOKEN, **settings) == [problem]


def test_secrets_from_files_in_nazh_secrets_dir(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "DISCORD_TOKEN").write_text(TOKEN + "\n")
    (secrets / "NAZH_DATABASE_URL").write_text("postgresql://nazh:pw@db/nazh\n")
    settings = load_config({"NAZH_SECRETS_DIR": str(secrets)}, env_file=None)
    assert settings.discord_token.get_secret_value() == TOKEN
    assert settings.database_url == "postgresql://nazh:pw@db/nazh"
    # the environment takes precedence over the files
    chosen = load_config({"NAZH_SECRETS_DIR": str(secrets),
                            "NAZH_DATABASE_URL": "postgresql://other@db/nazh"}, env_file=None)
    assert chosen.database_url == "postgresql://other@db/nazh"


def test_a_missing_secrets_dir_is_named(tmp_path: Path) -> None:
    assert problems(NAZH_SECRETS_DIR=str(tmp_path / "nope")) == [
        f"NAZH_SECRETS_DIR: {tmp_path / 'nope'} is not a directory"]


KEY = "11" * 32


def test_the_checkpoint_url_and_token_are_secret_and_sit_beside_the_checkpoint_file(
        tmp_path: Path) -> None:
    settings = load(NAZH_SIGNING_KEY=KEY, NAZH_CHECKPOINT_URL=" https://witness.example/cp?k=s ",
                    NAZH_CHECKPOINT_URL_TOKEN="t0ken", NAZH_DATA_DIR=str(tmp_path))
    assert settings.checkpoint_url is not None
    assert settings.checkpoint_url.get_secret_value() == "https://witness.example/cp?k=s"
    assert "witness" not in repr(settings)
    assert "t0ken" not in repr(settings)
    assert settings.checkpoint_mirror_file == tmp_path.resolve() / "checkpoints.jsonl.sent.json"
    assert load(NAZH_CHECKPOINT_URL=" ").checkpoint_url is None


@pytest.mark.parametrize(("url", "problem"), [
    ("ftp://witness.example/cp?k=Hunter2Secret", "(got scheme 'ftp')"),
    ("https:///cp?k=Hunter2Secret", "the URL has no host"),
])
def test_a_checkpoint_url_that_is_not_http_is_refused_without_showing_it(
        url: str, problem: str) -> None:
    (found,) = problems(DISCORD_TOKEN=TOKEN, NAZH_SIGNING_KEY=KEY, NAZH_CHECKPOINT_URL=url)
    assert found.startswith("NAZH_CHECKPOINT_URL: ")
    assert found.endswith(problem)
    assert "Hunter2Secret" not in found


def test_a_checkpoint_url_needs_a_signing_key() -> None:
    (found,) = problems(DISCORD_TOKEN=TOKEN, NAZH_CHECKPOINT_URL="https://witness.example/")
    assert found == ("NAZH_CHECKPOINT_URL: checkpoints are only made with a signing key: set "
                     "NAZH_SIGNING_KEY too (make one with `nazh keys new`)")


# -- where attached files are fetched from -----------------------------------------------------


def test_attached_files_come_from_discords_hosts_over_https_by_default() -> None:
    settings = load()
    assert settings.attachment_hosts == ("https://cdn.discordapp.com:443",
                                         "https://media.discordapp.net:443")
    assert settings.attachment_origins == (Origin("https", "cdn.discordapp.com", 443),
                                           Origin("https", "media.discordapp.net", 443))


def test_the_attachment_hosts_can_be_widened() -> None:
    settings = load(NAZH_ATTACHMENT_HOSTS=" CDN.discordapp.com , http://127.0.0.1:8123 ")
    assert settings.attachment_origins == (Origin("https", "cdn.discordapp.com", 443),
                                           Origin("http", "127.0.0.1", 8123))


@pytest.mark.parametrize(("hosts", "problem"), [
    ("", "NAZH_ATTACHMENT_HOSTS: names no host"),
    (" , ", "NAZH_ATTACHMENT_HOSTS: names no host"),
    ("ftp://files.example", "got 'ftp://files.example'"),
    ("https://cdn.example/attachments", "got 'https://cdn.example/attachments'"),
    ("https://user@cdn.example", "got 'https://user@cdn.example'"),
    ("cdn example", "got 'cdn example'"),
    ("https://cdn.example:99999", "got 'https://cdn.example:99999'"),
])
def test_an_attachment_host_that_is_not_an_origin_is_refused(hosts: str, problem: str) -> None:
    [named] = problems(DISCORD_TOKEN=TOKEN, NAZH_ATTACHMENT_HOSTS=hosts)
    assert named.startswith("NAZH_ATTACHMENT_HOSTS: ")
    assert problem in named
