"""SIGINT or SIGTERM while ``nazh run`` or ``nazh serve`` is still starting (Discord, or the
database, still retried): the process stops at once and exits 0 with one clear line, as it does
once running, instead of waiting for the retries to end."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.harness import TRANSPORTS

REPO = Path(__file__).resolve().parents[2]
COMMANDS = {"gateway": "run", "http": "serve"}
PHASES = {"gateway": "while connecting to Discord", "http": "while registering the commands "
          "with Discord"}
TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GzQxWv.RefusedSecretPartNazhTest_4k2j9x"
PROMPTLY = 3.0
"""Seconds from the signal to the exit (the retries alone would take about 10 s)."""


def closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        return int(closed.getsockname()[1])


async def signalled_while(retrying: str, sig: signal.Signals, transport: str, tmp_path: Path,
                          **settings: str) -> tuple[int, float, list[str]]:
    """Start ``nazh run|serve``, send ``sig`` once stderr shows ``retrying``; the exit status,
    the seconds from the signal to the exit, and the lines on stderr."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "DISCORD_TOKEN": TOKEN,
           "DISCORD_PUBLIC_KEY": "ab" * 32, "NAZH_HTTP_PORT": "0",
           "NAZH_DISCORD_API_URL": f"http://127.0.0.1:{closed_port()}/api/v10",
           "NAZH_DATA_DIR": str(tmp_path / "data"), "NAZH_LOG_LEVEL": "INFO",
           "PYTHONWARNINGS": "always::ResourceWarning", **settings}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "nazh", COMMANDS[transport], env=env, cwd=tmp_path,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    lines: list[str] = []
    try:
        while not any(retrying in line for line in lines):
            line = await asyncio.wait_for(process.stderr.readline(), timeout=30)
            assert line, "\n".join(lines)
            lines.append(line.decode().rstrip("\n"))
        process.send_signal(sig)
        sent = time.monotonic()
        _, rest = await asyncio.wait_for(process.communicate(), timeout=20)
        took = time.monotonic() - sent
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode is not None
    return process.returncode, took, lines + (rest or b"").decode().splitlines()


def assert_stopped_cleanly(status: int, took: float, lines: list[str], last: str) -> None:
    stderr = "\n".join(lines)
    assert status == 0, stderr
    assert took < PROMPTLY, stderr
    assert lines[-1].endswith(last), stderr
    assert not [line for line in lines if " ERROR " in line], stderr
    assert "Traceback" not in stderr
    assert "Unclosed" not in stderr
    assert "ResourceWarning" not in stderr


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_a_signal_while_discord_is_retried_stops_at_once(
        transport: str, sig: signal.Signals, tmp_path: Path) -> None:
    status, took, lines = await signalled_while("and retrying", sig, transport, tmp_path)
    assert_stopped_cleanly(status, took, lines, f"{sig.name} {PHASES[transport]}: stopped")


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_a_signal_while_the_database_is_retried_stops_at_once(
        transport: str, tmp_path: Path) -> None:
    status, took, lines = await signalled_while(
        "database unreachable", signal.SIGTERM, transport, tmp_path,
        NAZH_DATABASE_URL=f"postgresql://nazh@127.0.0.1:{closed_port()}/nazh")
    assert_stopped_cleanly(status, took, lines, "SIGTERM while starting: stopped")
