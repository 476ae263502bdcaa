"""``nazh run`` with bad settings: exit 2 before connecting anywhere, every problem listed,
the token never shown (in process, and as a real ``python -m nazh run`` subprocess)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nazh.bootstrap import run_bot, run_cli
from tests.bootstrap_kit import NETWORK_MARKER, TOKEN, nazh_run

BAD_TOKEN = "ZorblaxSecretNotATokenNazhTest_q7w8e9r0t1y2"
VARIABLES = (
    "DISCORD_TOKEN", "NAZH_DISCORD_API_URL", "NAZH_DEV_GUILDS", "NAZH_RNG", "NAZH_RNG_SEED",
    "NAZH_LOG_LEVEL", "NAZH_LOG_FILE", "NAZH_LOG_FORMAT", "APP_ENV",
)


# -- in process ------------------------------------------------------------------------------


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.chdir(tmp_path)  # no .env here


@pytest.mark.usefixtures("clean_environment")
def test_run_bot_without_a_token_exits_2_and_says_why(capsys: pytest.CaptureFixture[str]) -> None:
    handlers = list(logging.getLogger().handlers)
    assert run_bot() == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "nazh run: invalid settings:\n  - DISCORD_TOKEN: is required\n"
    assert logging.getLogger().handlers == handlers  # logging was not even configured


@pytest.mark.usefixtures("clean_environment")
def test_run_bot_lists_every_problem_without_the_token(
        capsys: pytest.CaptureFixture[str]) -> None:
    status = run_bot({"DISCORD_TOKEN": BAD_TOKEN, "NAZH_LOG_LEVEL": "loud",
                      "NAZH_RNG": "dice"})
    captured = capsys.readouterr()
    assert status == 2
    lines = captured.err.splitlines()
    assert lines[0] == "nazh run: invalid settings:"
    assert [line.split(":")[0] for line in lines[1:]] == [
        "  - DISCORD_TOKEN", "  - NAZH_RNG", "  - NAZH_LOG_LEVEL"]
    assert BAD_TOKEN not in captured.err + captured.out


@pytest.mark.usefixtures("clean_environment")
def test_run_bot_does_not_show_a_good_token_when_another_setting_is_wrong(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert run_bot({"DISCORD_TOKEN": TOKEN, "APP_ENV": "moon"}) == 2
    captured = capsys.readouterr()
    assert "APP_ENV" in captured.err
    assert TOKEN not in captured.err + captured.out
    assert all(part not in captured.err for part in TOKEN.split("."))


@pytest.mark.usefixtures("clean_environment")
def test_run_cli_run_reads_the_environment(monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", BAD_TOKEN)
    monkeypatch.setenv("NAZH_RNG", "seeded")
    monkeypatch.setenv("APP_ENV", "production")
    assert run_cli(["run"]) == 2
    err = capsys.readouterr().err
    assert "DISCORD_TOKEN: not a Discord bot token" in err
    assert BAD_TOKEN not in err


# -- as a real process -----------------------------------------------------------------------


def test_the_network_guard_reports_a_connection(tmp_path: Path) -> None:
    nazh_run(tmp_path)  # writes the guard
    env = {"PATH": os.environ.get("PATH", ""),
           "PYTHONPATH": str(tmp_path / "guard")}
    probe = subprocess.run(
        [sys.executable, "-c", "import socket; socket.create_connection(('127.0.0.1', 9))"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False,
    )
    assert probe.returncode != 0
    assert NETWORK_MARKER in probe.stderr


def test_python_m_nazh_run_without_a_token_exits_2(tmp_path: Path) -> None:
    done = nazh_run(tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr == "nazh run: invalid settings:\n  - DISCORD_TOKEN: is required\n"
    assert NETWORK_MARKER not in done.stderr


def test_python_m_nazh_run_lists_every_problem_and_never_the_token(tmp_path: Path) -> None:
    done = nazh_run(tmp_path, DISCORD_TOKEN=BAD_TOKEN, NAZH_LOG_LEVEL="chatty",
                    NAZH_DISCORD_API_URL="http://127.0.0.1:9/api/v10")
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert lines[0] == "nazh run: invalid settings:"
    assert lines[1].startswith("  - DISCORD_TOKEN: not a Discord bot token")
    assert lines[2] == ("  - NAZH_LOG_LEVEL: Input should be 'DEBUG', 'INFO', 'WARNING', "
                        "'ERROR' or 'CRITICAL'")
    assert len(lines) == 3
    assert BAD_TOKEN not in done.stdout + done.stderr
    assert NETWORK_MARKER not in done.stderr


def test_python_m_nazh_run_hides_a_well_formed_token(tmp_path: Path) -> None:
    done = nazh_run(tmp_path, DISCORD_TOKEN=TOKEN, NAZH_LOG_LEVEL="chatty")
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines()[1].startswith("  - NAZH_LOG_LEVEL: ")
    assert TOKEN not in done.stdout + done.stderr
    assert NETWORK_MARKER not in done.stderr


async def test_an_unreachable_database_at_start_is_a_clear_error(tmp_path: Path) -> None:
    from dependency_injector import providers

    from nazh.adapters.config.environment import load_config
    from nazh.composition.lifecycles import StorageUnavailableError
    from nazh.composition.serving import bot_container, start_services

    settings = load_config({
        "DISCORD_TOKEN": "MTIzNDU2Nzg5MDEyMzQ1Njc4.x.y",
        "NAZH_DATABASE_URL": "postgresql://nazh:secret@127.0.0.1:1/nazh",
    }, env_file=None)
    container = bot_container(settings)
    container.storage.attempts.override(providers.Object(1))
    with pytest.raises(StorageUnavailableError, match="the database is unreachable") as caught:
        await start_services(container)
    assert "secret" not in str(caught.value)
    await container.storage.engine().dispose()


def test_the_secrets_kept_out_of_the_logs_include_the_database_and_redis_passwords() -> None:
    from nazh.adapters.config.environment import load_config
    from nazh.bootstrap import secrets_of

    settings = load_config({
        "DISCORD_TOKEN": TOKEN,
        "NAZH_DATABASE_URL": "postgresql://nazh:DbSecret1@db/nazh",
        "NAZH_REDIS_URL": "redis://:RedisSecret2@cache:6379/0",
    }, env_file=None)
    assert secrets_of(settings) == [TOKEN, "DbSecret1", "RedisSecret2"]


def test_the_gateway_bot_on_sqlite_loads_neither_pynacl_nor_the_postgresql_dialect(
        tmp_path: Path) -> None:
    """``nazh run`` without a signing key never verifies nor signs, and on SQLite never
    speaks PostgreSQL: those libraries stay out of its memory (``nazh serve`` loads PyNaCl
    for Discord's signatures)."""
    script = (
        "import asyncio, sys\n"
        "from nazh.adapters.config.environment import load_config\n"
        "from nazh.composition.serving import bot_container\n"
        "async def main(transport):\n"
        "    settings = load_config({'DISCORD_TOKEN': sys.argv[2],\n"
        "                              'NAZH_DATA_DIR': sys.argv[3],\n"
        "                              'DISCORD_PUBLIC_KEY': 'ab' * 32}, env_file=None)\n"
        "    container = bot_container(settings, transport)\n"
        "    app = container.app()\n"
        "    print(type(app).__name__, 'nacl' in sys.modules,\n"
        "          'sqlalchemy.dialects.postgresql' in sys.modules)\n"
        "    await container.storage.engine().dispose()\n"
        "asyncio.run(main(sys.argv[1]))\n")
    runs = [subprocess.run([sys.executable, "-c", script, transport, TOKEN, str(tmp_path)],
                           capture_output=True, text=True, check=True).stdout.split()
            for transport in ("gateway", "http")]
    assert runs == [["GatewayApp", "False", "False"], ["HttpApp", "True", "False"]]


def test_the_bot_draws_no_chart_and_convolves_nothing_until_asked(tmp_path: Path) -> None:
    """The /stats chart, the odds chart and the odds convolution are imported where they are
    drawn (the first /stats, an odds worker), not by a bot that starts: built and wired, the
    bot holds none of their modules."""
    script = (
        "import asyncio, sys\n"
        "from nazh.adapters.config.environment import load_config\n"
        "from nazh.composition.serving import bot_container\n"
        "async def main():\n"
        "    settings = load_config({'DISCORD_TOKEN': sys.argv[1],\n"
        "                              'NAZH_DATA_DIR': sys.argv[2]}, env_file=None)\n"
        "    container = bot_container(settings, 'gateway')\n"
        "    container.app()\n"
        "    print(sorted(name for name in sys.modules if name.startswith(\n"
        "        ('nazh.adapters.chart.', 'PIL', 'numpy'))))\n"
        "    await container.storage.engine().dispose()\n"
        "asyncio.run(main())\n")
    loaded = subprocess.run([sys.executable, "-c", script, TOKEN, str(tmp_path)],
                            capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"
