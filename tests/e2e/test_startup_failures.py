"""``nazh run`` and ``nazh serve`` when they cannot start: Discord refuses the token, a server of
``NAZH_DEV_GUILDS`` lacks the bot, the API is unreachable (exit 4); the sidecar's port is taken
or its host is not this machine's (exit 2). Each ends in one clear error line, never a
traceback, a resource warning or the token."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import TRANSPORTS

EXIT_USAGE = 2
EXIT_DISCORD = 4
COMMANDS = {"gateway": "run", "http": "serve"}
PUBLIC_KEY = "ab" * 32
OTHER_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GzQxWv.RefusedSecretPartNazhTest_4k2j9x"


async def nazh(transport: str, tmp_path: Path, **settings: str) -> tuple[int, str]:
    """Run ``nazh run|serve`` to its end; its exit status and stderr."""
    tmp_path.mkdir(exist_ok=True)
    env = {**os.environ, "NAZH_HTTP_PORT": "0", "NAZH_DATA_DIR": str(tmp_path / "data"),
           "DISCORD_PUBLIC_KEY": PUBLIC_KEY, "NAZH_LOG_LEVEL": "INFO",
           "PYTHONWARNINGS": "always::ResourceWarning", **settings}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "nazh", COMMANDS[transport], env=env, cwd=tmp_path,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, stderr.decode()


def assert_one_clear_error(stderr: str, expected: str, token: str) -> None:
    errors = [line for line in stderr.splitlines() if " ERROR " in line]
    assert len(errors) == 1, stderr
    assert expected in errors[0]
    assert errors[0] == stderr.splitlines()[-1]
    assert "Traceback" not in stderr
    assert "Unclosed" not in stderr
    assert "ResourceWarning" not in stderr
    assert token not in stderr


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_a_refused_token_stops_the_bot_with_one_line(
        transport: str, fake_discord: FakeDiscord, tmp_path: Path) -> None:
    status, stderr = await nazh(transport, tmp_path, DISCORD_TOKEN=OTHER_TOKEN,
                                NAZH_DISCORD_API_URL=fake_discord.rest_url)
    assert status == EXIT_DISCORD, stderr
    assert_one_clear_error(
        stderr, "bootstrap: Discord refused the bot token (401 Unauthorized): set DISCORD_TOKEN",
        OTHER_TOKEN)
    assert fake_discord.commands(fake_discord.guild_ids[0]) == []
    assert fake_discord.identify_count == 0


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_a_dev_guild_without_the_bot_stops_the_bot_with_one_line(
        transport: str, fake_discord: FakeDiscord, tmp_path: Path) -> None:
    status, stderr = await nazh(transport, tmp_path, DISCORD_TOKEN=fake_discord.token,
                                NAZH_DISCORD_API_URL=fake_discord.rest_url,
                                NAZH_DEV_GUILDS="123456789012345678")
    assert status == EXIT_DISCORD, stderr
    assert_one_clear_error(
        stderr, "Discord refused access (403 Forbidden: Missing Access): is the bot a member of "
                "every server of NAZH_DEV_GUILDS?", fake_discord.token)
    assert not fake_discord.gateway_connected


async def test_an_unreachable_discord_stops_both_transports_with_one_line(
        tmp_path: Path) -> None:
    with socket.socket() as closed:  # a port with nothing listening
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    url = f"http://127.0.0.1:{port}/api/v10"
    token = OTHER_TOKEN
    runs = await asyncio.gather(*(
        nazh(transport, tmp_path / transport, DISCORD_TOKEN=token, NAZH_DISCORD_API_URL=url)
        for transport in TRANSPORTS))
    for status, stderr in runs:
        assert status == EXIT_DISCORD, stderr
        assert_one_clear_error(stderr, f"Discord could not be reached at {url} (", token)


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_a_sidecar_port_in_use_stops_the_bot_with_one_line(
        transport: str, fake_discord: FakeDiscord, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status, stderr = await nazh(transport, tmp_path, DISCORD_TOKEN=fake_discord.token,
                                    NAZH_DISCORD_API_URL=fake_discord.rest_url,
                                    NAZH_HTTP_PORT=str(port))
    assert status == EXIT_USAGE, stderr
    assert_one_clear_error(
        stderr, f"the sidecar cannot listen on 127.0.0.1:{port}: the port is already in use; "
                "set NAZH_HTTP_PORT (or PORT) to a free port, or 0 for any", fake_discord.token)
    assert fake_discord.identify_count == 0


@pytest.mark.parametrize(("host", "reason"), [
    ("no-such-host.invalid", "is not an address or a name this machine resolves"),
    ("192.0.2.1", "is not an address of this machine"),  # TEST-NET-1: never local
])
async def test_a_sidecar_host_not_of_this_machine_stops_the_bot_with_one_line(
        host: str, reason: str, fake_discord: FakeDiscord, tmp_path: Path) -> None:
    status, stderr = await nazh("gateway", tmp_path, DISCORD_TOKEN=fake_discord.token,
                                NAZH_DISCORD_API_URL=fake_discord.rest_url, NAZH_HTTP_HOST=host)
    assert status == EXIT_USAGE, stderr
    assert_one_clear_error(stderr, f"NAZH_HTTP_HOST {host!r} {reason}", fake_discord.token)
